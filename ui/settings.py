"""A page's settings, each declared once: its session key and default, widget range, link codec.

A Setting says what a page does with one value: the session key and its default (the page's dict
in ui/state.py is its Schema's defaults), the widget and its range (the page draws the widget from
them), whether presenter mode shows it, and its name in the link (the codec follows from the
widget's range unless the setting brings its own). A Schema is one page's settings plus its
links.Rules, for values valid alone but not together. The studio's settings extend Setting with
the DataSpec and TrainConfig fields they fill (ui/studio/settings.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from ui import links

Values = Mapping[str, object]  # session key -> value: st.session_state, or a dict of them


@dataclass(frozen=True)
class Setting:
    """One setting. Its session key is its name (a subclass may prefix it, as the studio does)."""

    name: str
    default: object
    label: str = ""  # catalogue key of the widget's label
    help: str = ""  # catalogue key of its help, if any
    section: str = ""  # where the page draws it, if it has sections
    # "slider" | "number" | "select" | "select_slider" | "radio" | "toggle" | "text" | "matrix";
    # "" for a value with no widget of its own.
    widget: str = ""
    lo: float | None = None  # the range a value may take (typed in a box, or read from a link)
    hi: float | None = None
    step: float | None = None
    options: tuple = ()
    option_text: Callable[[object], str] | None = None  # how an option is shown
    presenter: bool = True  # False: presenter mode keeps the value, out of sight
    url: str = ""  # its name in the link; "" keeps it out of the link
    link: Callable[[Setting], links.Param] | None = None  # its own codec, if the range's won't do
    slider: tuple[float, float] = ()  # a slider's own range, beside a box that takes lo to hi
    store: Callable[[str, object], None] | None = None  # how a link sets it; default ss[key] = v

    @property
    def key(self) -> str:
        return self.name

    def codec(self) -> links.Param:
        """How it reads from and writes to a link (also for settings kept out of the link)."""
        param = self.link(self) if self.link is not None else self._range_codec()
        return param if self.store is None else replace(param, store=self.store)

    def _range_codec(self) -> links.Param:
        name = self.url or self.name
        if self.widget in ("slider", "number"):
            whole = isinstance(self.default, int) and not isinstance(self.default, bool)
            return links.number(name, self.key, self.lo, self.hi, integer=whole)
        if self.widget == "toggle":
            return links.flag(name, self.key)
        if self.widget in ("", "text"):  # no range declared here: the page checks what it says
            return links.text(name, self.key)
        return links.choice(name, self.key, self.options)


def matrix(shapes: Sequence[tuple[int, int]]) -> Callable[[Setting], links.Param]:
    """The codec of a matrix setting with one of these shapes, its grid rebuilt when a link sets
    it (link=matrix([(2, 2)]))."""

    def codec(s: Setting) -> links.Param:
        # Late: ui.widgets reads ui.state, whose page defaults are built from the schemas.
        from ui.widgets import matrix_param

        return matrix_param(s.url or s.name, s.key, shapes)

    return codec


class Schema:
    """One page's settings: its defaults, its link's params and rules, each setting by key."""

    def __init__(self, settings: Iterable[Setting], rules: Sequence[links.Rule] = ()):
        self.settings = tuple(settings)
        self.by_key = {s.key: s for s in self.settings}
        if len(self.by_key) < len(self.settings):
            raise ValueError("a key is declared twice")
        self.defaults = {s.key: s.default for s in self.settings}
        self.rules = list(rules)

    @cached_property
    def params(self) -> list[links.Param]:
        """The link's params, in this order. Built on first use, not at import: a matrix codec
        comes from ui.widgets, which imports the page schemas being built here."""
        return [s.codec() for s in self.settings if s.url]

    def __getitem__(self, key: str) -> Setting:
        return self.by_key[key]

    def sync(self, warn: bool = True) -> list[str]:
        """The page's link, both ways (links.sync)."""
        return links.sync(self.params, self.defaults, warn, self.rules)
