"""Shareable links: a page's settings round-trip through the URL's query string.

Each page lists its Params (a short name in the URL, the session key it fills, how to read and
write the value) and calls sync(PARAMS, DEFAULTS) after state.init. A link's values are applied
the first time the session sees them; afterwards the URL follows the widgets, so the address bar
always holds a link to exactly what is on screen, and share_box() offers it to copy. A value
that cannot be used (mistyped, tampered with, out of range) leaves the setting at its default and
the page says which ones it ignored: a link never raises.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st

from ui import qr
from ui.format import plain_name
from ui.i18n import t

WRITTEN = "links.written"  # name -> the value this session last put in the URL
CLAIMED = "links.claimed"  # the names synced during this run (app.py drops the others)
SHOWN_VALUE_LENGTH = 40  # characters of an ignored value the notice quotes


class BadValue(ValueError):
    """A link value that cannot be used; `reason` is the catalogue text saying why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Param:
    """One setting in the URL: ?name=<text> <-> st.session_state[key]."""

    name: str
    key: str
    parse: Callable[[str], object]  # text -> value; raises BadValue
    show: Callable[[object], str] = str  # value -> text; parse(show(v)) == v
    store: Callable[[str, object], None] | None = None  # how to set it; default ss[key] = v


@dataclass(frozen=True)
class Rule:
    """A link value that is valid alone but not with the page's other settings (y = 4 when the
    output has two classes). Checked once every value of the link is in: `why` reads the session
    and gives the catalogue text saying why the value of `name` cannot be used, or None.
    """

    name: str
    why: Callable[[Mapping], str | None]


# --------------------------------------------------------------------------------- the codecs
def _number_text(value) -> str:
    value = float(value)  # shortest text that reads back exactly: 0.01, 1e-05, 20
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _cell_text(value) -> str:
    try:
        return _number_text(value)
    except (TypeError, ValueError):
        return "nan"


def number(name: str, key: str, lo: float, hi: float, integer: bool = False) -> Param:
    """A number in [lo, hi]; integer=True for counts, seeds and sizes."""

    def parse(text: str):
        try:
            value = float(text)
        except ValueError:
            raise BadValue(t("links.not_number")) from None
        if not math.isfinite(value) or not lo <= value <= hi:
            raise BadValue(t("links.out_of_range", lo=_number_text(lo), hi=_number_text(hi)))
        if integer:
            if not value.is_integer():
                raise BadValue(t("links.not_whole"))
            return int(value)
        return value

    return Param(name, key, parse, _number_text)


def choice(name: str, key: str, options: Sequence) -> Param:
    """One of `options`, written as str(option) (so 1, 8 and "full" all fit)."""
    by_text = {str(option): option for option in options}

    def parse(text: str):
        if text not in by_text:
            raise BadValue(t("links.not_option", options=", ".join(by_text)))
        return by_text[text]

    return Param(name, key, parse)


def flag(name: str, key: str) -> Param:
    """On or off: 1 / 0 (true / false, yes / no also read)."""
    values = {"1": True, "true": True, "yes": True, "on": True,
              "0": False, "false": False, "no": False, "off": False}

    def parse(text: str):
        if text.lower() not in values:
            raise BadValue(t("links.not_flag"))
        return values[text.lower()]

    return Param(name, key, parse, lambda v: "1" if v else "0")


def text(name: str, key: str, max_length: int = 200) -> Param:
    """Free text such as a list of numbers; the page checks its content as it does when typed."""

    def parse(value: str):
        if len(value) > max_length:
            raise BadValue(t("links.too_long", n=max_length))
        return value

    return Param(name, key, parse)


def matrix(name: str, key: str, shapes: Sequence[tuple[int, int]], lo: float = -1e6,
           hi: float = 1e6, store: Callable[[str, object], None] | None = None) -> Param:
    """A small matrix written row by row, "0.1,0.2;0.3,0.4", of one of the allowed shapes."""

    def parse(value: str):
        try:
            rows = [[float(v) for v in row.split(",")] for row in value.split(";")]
        except ValueError:
            raise BadValue(t("links.not_matrix")) from None
        shape = (len(rows), len(rows[0]))
        if any(len(row) != shape[1] for row in rows) or shape not in shapes:
            raise BadValue(t("links.bad_shape", shapes=", ".join(f"{r}×{c}" for r, c in shapes)))
        if not all(math.isfinite(v) and lo <= v <= hi for row in rows for v in row):
            raise BadValue(t("links.out_of_range", lo=_number_text(lo), hi=_number_text(hi)))
        return rows

    def show(rows) -> str:
        # A half-typed grid cell (empty, not a number) goes in as nan, which parse refuses.
        return ";".join(",".join(_cell_text(v) for v in row) for row in rows)

    return Param(name, key, parse, show, store)


def class_rule(name: str, key: str, n_classes: Callable[[Mapping], int]) -> Rule:
    """A class label (under `key`) that must be one of the n_classes(session) classes on show."""

    def why(ss: Mapping) -> str | None:
        n = n_classes(ss)
        return None if 0 <= ss[key] < n else t("links.not_class", n=n, top=n - 1)

    return Rule(name, why)


# ------------------------------------------------------------------------------ the round trip
def sync(params: Sequence[Param], defaults: dict, warn: bool = True,
         rules: Sequence[Rule] = ()) -> list[str]:
    """Apply the link's new values, then write the session's values back to the URL.

    A value in the URL is new when this session did not write it itself: it came with a link
    (or the student typed it into the address bar). Values at their default are left out, so a
    link carries only what differs from the lecture's example. A rule refuses a value this link
    brought that the other settings rule out, as if it were mistyped: it goes back to its default.
    Returns what was ignored, which is said at once unless warn=False (a page syncing in two passes
    says it once: notice()).
    """
    ss, url = st.session_state, st.query_params
    # The URL read once (each read of st.query_params locks the session's, and a name not in it
    # raises inside), then kept in step with what is written below.
    in_url = url.to_dict()
    written: dict = ss.setdefault(WRITTEN, {})
    ss.setdefault(CLAIMED, set()).update(p.name for p in params)
    ignored, arrived = [], {}
    for p in params:
        incoming = in_url.get(p.name)
        if incoming is None or incoming == written.get(p.name):
            continue
        try:
            value = p.parse(incoming)
            arrived[p.name] = (p, incoming)
        except BadValue as bad:
            ignored.append(_ignored_item(p.name, incoming, bad.reason))
            value = defaults[p.key]
        (p.store or ss.__setitem__)(p.key, value)
    for rule in rules:
        if rule.name in arrived and (reason := rule.why(ss)) is not None:
            p, incoming = arrived[rule.name]
            ignored.append(_ignored_item(p.name, incoming, reason))
            (p.store or ss.__setitem__)(p.key, defaults[p.key])
    for p in params:
        value = ss.get(p.key, defaults[p.key])
        shown = p.show(value)
        if shown == p.show(defaults[p.key]):
            if p.name in in_url:
                del url[p.name], in_url[p.name]
            written.pop(p.name, None)
        else:
            if in_url.get(p.name) != shown:
                url[p.name] = in_url[p.name] = shown
            written[p.name] = shown
    if warn:
        notice(ignored)
    return ignored


def _ignored_item(name: str, incoming: str, reason: str) -> str:
    # Shortened, on one line, escaped: the value is whatever the link's author wrote.
    return t("links.ignored_item", name=name, value=plain_name(incoming, SHOWN_VALUE_LENGTH),
             reason=reason)


def notice(ignored: Sequence[str]) -> None:
    """One warning naming every value of the link that was ignored, and why."""
    if ignored:
        st.warning(t("links.ignored", items="\n".join(f"- {item}" for item in ignored)),
                   icon=":material/link_off:")


def begin_run() -> None:
    """A full run starts (app.py): no page has claimed its names yet."""
    st.session_state[CLAIMED] = set()


def drop_unclaimed() -> None:
    """Leave in the URL only what this run's page and the router synced.

    Another page's settings must not ride along in this page's link, and a name nobody reads
    (a typo, an old link) is dropped rather than carried forward.
    """
    claimed = st.session_state.get(CLAIMED, set())
    for name in [name for name in st.query_params if name not in claimed]:
        del st.query_params[name]


def link() -> str:
    """This page with its settings: the address to send to a class."""
    query = urlencode(st.query_params.to_dict())
    base = st.context.url or ""
    return f"{base}?{query}" if query else base


def share_box(container) -> None:
    """The copy-link affordance: the link in a code box, which has a copy button.

    Opening the box reruns the app and the link is written then, so it is the page as it is now:
    a fragment's own rerun (a lesson's step walk, the studio's view of the regions) moves the
    address bar but never redraws this box in the sidebar, which would keep an older link.
    """
    box = container.popover(t("links.share"), icon=":material/link:", width="stretch",
                            key="app.share", on_change="rerun")
    if box.open:
        with box:
            st.caption(t("links.share_help"))
            st.code(link(), language=None, wrap_lines=True)
            qr.show(link(), key="app.share_qr")
