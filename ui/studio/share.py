"""The studio's link: all that fixes a run (data, split, seed, network, training) and the view.

A teacher's link opens on exactly the same run: the same data and split, the same seed (so the
same initial weights and batch order), the same settings, hence the same curve. The uploaded
table cannot travel in a link; a link naming it opens on the lecture's Iris and says why.
"""

from __future__ import annotations

import math

import streamlit as st

from mlp_core.datasets import MAX_TOY_CLASSES, TOYS
from mlp_core.functions import ACTIVATIONS
from mlp_core.optimizers import OPTIMIZERS
from ui import links, state
from ui.i18n import t
from ui.studio import controls, data

# Not a widget: the hidden widths in use, kept in step with the layer and width inputs so that
# one URL value ("16-8", "0" for none) carries both how many layers and how wide each one is.
HIDDEN = "studio.link.hidden"
DEFAULTS = {**state.STUDIO,
            HIDDEN: tuple(state.STUDIO[f"studio.width.{i}"]
                          for i in range(state.STUDIO["studio.layers"]))}


def _grid(name: str, key: str, lo: float, hi: float, step: float) -> links.Param:
    """A slider value on its grid lo, lo + step, ..., hi: other numbers are not offered."""
    plain = links.number(name, key, lo, hi)

    def parse(text: str):
        value = plain.parse(text)
        k = round((value - lo) / step)
        if not math.isclose(lo + k * step, value, abs_tol=1e-9):
            raise links.BadValue(t("studio.link.off_grid", step=f"{step:g}"))
        return type(lo)(round(lo + k * step, 10))

    return links.Param(name, key, parse, plain.show)


def _log_choice(name: str, key: str, options) -> links.Param:
    """One of a grid of numbers, written as the slider shows it (0.01, 1e-05)."""
    by_text = {f"{v:g}": v for v in options}

    def parse(text: str):
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        found = next((v for v in options if math.isclose(v, value, rel_tol=1e-9)), None)
        if found is None:
            raise links.BadValue(t("links.not_option", options=", ".join(by_text)))
        return found

    return links.Param(name, key, parse, lambda v: f"{v:g}")


def _source() -> links.Param:
    names = (*data.BUILTIN_SOURCES, *TOYS)

    def parse(text: str):
        if text == data.UPLOADED and data.shared_dataset() is not None:
            return text
        if text == data.UPLOADED:
            raise links.BadValue(t("studio.link.uploaded"))
        if text not in names:
            raise links.BadValue(t("links.not_option", options=", ".join(names)))
        return text

    return links.Param("data", "studio.source", parse)


def _hidden() -> links.Param:
    def parse(text: str):
        try:
            widths = () if text == "0" else tuple(int(w) for w in text.split("-"))
        except ValueError:
            widths = None
        if widths is None or len(widths) > controls.MAX_LAYERS or not all(
                1 <= w <= controls.MAX_WIDTH for w in widths):
            raise links.BadValue(t("studio.link.bad_hidden", layers=controls.MAX_LAYERS,
                                   width=controls.MAX_WIDTH))
        return widths

    def store(key: str, widths) -> None:
        ss = st.session_state
        ss[key], ss["studio.layers"] = widths, len(widths)
        for i, width in enumerate(widths):
            ss[f"studio.width.{i}"] = width

    return links.Param("hidden", HIDDEN, parse,
                       lambda widths: "-".join(map(str, widths)) or "0", store)


PARAMS = [
    _source(),
    _grid("points", "studio.toy_samples", 20, data.MAX_TOY_SAMPLES, 10),
    _grid("noise", "studio.toy_noise", 0.0, 1.0, 0.05),
    links.number("classes", "studio.toy_classes", 2, MAX_TOY_CLASSES, integer=True),
    _grid("test", "studio.test_size", 0.1, 0.5, 0.05),
    links.number("seed", "studio.seed", 0, 2**31 - 1, integer=True),
    _hidden(),
    links.choice("act", "studio.activation", list(ACTIVATIONS)),
    links.choice("opt", "studio.optimizer", list(OPTIMIZERS)),
    _log_choice("lr", "studio.lr", controls.LR_GRID),
    links.choice("batch", "studio.batch", controls.BATCH_OPTIONS),
    _log_choice("l2", "studio.l2", controls.L2_GRID),
    links.number("epochs", "studio.epochs", 1, controls.MAX_EPOCHS, integer=True),
    # The view: 64 features at most among the sets a link can name (digits' 8x8 pixels).
    links.number("fx", "studio.feature_x", 0, 63, integer=True),
    links.number("fy", "studio.feature_y", 0, 63, integer=True),
    links.flag("discrete", "studio.discrete"),
]


VIEW = [p for p in PARAMS if p.name in ("fx", "fy", "discrete")]


def sync_view() -> None:
    """The view's settings only, from the regions fragment (which reruns on its own)."""
    links.sync(VIEW, DEFAULTS)


def sync() -> None:
    """Apply a link's settings before the widgets are drawn, then put this run's in the URL."""
    ss = st.session_state
    ss[HIDDEN] = tuple(int(ss.get(f"studio.width.{i}", 8))
                       for i in range(int(ss.get("studio.layers", 1))))
    links.sync(PARAMS, DEFAULTS)
