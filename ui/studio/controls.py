"""The studio's controls, in the sidebar: data first, then the model and how it is trained.

Each widget is drawn from its declaration in ui/studio/settings.py, section by section in the
schema's order; only what depends on the session (which sources exist, the uploaded data's split,
the width inputs' columns) is said here.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from mlp_core.datasets import UPLOADED, DataSpec
from mlp_core.training import TrainConfig, config_notes
from ui import presenter
from ui.i18n import t
from ui.studio import challenge, data, settings
from ui.studio.settings import Setting


def caps() -> str:
    """The limits every session shares, in one caption."""
    return t("studio.controls.caps", layers=settings.MAX_LAYERS, width=settings.MAX_WIDTH,
             epochs=settings.MAX_EPOCHS, points=settings.MAX_TOY_SAMPLES,
             rows=data.MAX_UPLOADED_ROWS)


def _labels(options, label) -> Callable:
    """format_func with every label looked up now, in this run's language.

    Streamlit (and AppTest) may call a format_func outside the script run, where t() cannot see
    the session's language; a lookup table made during the run can.
    """
    return {option: label(option) for option in options}.__getitem__


def _keep_valid(key: str, options, fallback) -> None:
    # A stored value that is no longer offered (the upload was removed) falls back to the default.
    if st.session_state.get(key) not in options:
        st.session_state[key] = fallback


def draw(s: Setting, where=None, options=None, option_text=None, label: str = "", **kwargs):
    """The widget `s` declares, keyed by its session key; returns its value.

    In presenter mode a setting declared presenter=False is not drawn and keeps its value; so is
    one a challenge hides, and one it locks is drawn disabled (ui/studio/challenge.py).
    `options`, `option_text`, `label` and widget keywords (disabled, help) override the
    declaration where the session decides (the sources on offer, the uploaded data's split).
    """
    where = st.sidebar if where is None else where
    ss = st.session_state
    options = s.options if options is None else options
    if s.widget in ("select", "select_slider"):
        _keep_valid(s.key, options, s.default)
    if (presenter.on() and not s.presenter) or challenge.hidden(s):
        return ss.get(s.key, s.default)
    if challenge.locked(s):
        kwargs["disabled"] = True
    kwargs.setdefault("help", t(s.help) if s.help else None)
    label = label or t(s.label)
    if s.widget == "slider":
        return where.slider(label, s.lo, s.hi, step=s.step, key=s.key, **kwargs)
    if s.widget == "number":
        return where.number_input(label, s.lo, s.hi, step=s.step, key=s.key, **kwargs)
    if s.widget == "toggle":
        return where.toggle(label, key=s.key, **kwargs)
    option_text = option_text or s.option_text
    if option_text is not None:
        kwargs["format_func"] = _labels(options, option_text)
    if s.widget == "multiselect":
        # A link or a preset stores a tuple; the widget holds a list. An option no longer
        # offered is dropped.
        value = ss.get(s.key, s.default)
        if (kept := [v for v in value if v in options]) != value:
            ss[s.key] = kept
        return tuple(where.multiselect(label, options, key=s.key, **kwargs))
    widget = where.selectbox if s.widget == "select" else where.select_slider
    return widget(label, options, key=s.key, **kwargs)


def _section(section: str) -> None:
    """Every setting of a sidebar section that applies now, in the schema's order."""
    ss = st.session_state
    columns = None
    for s in settings.in_section(section):
        if s is settings.SOURCE:
            draw(s, options=data.sources(), option_text=data.source_label)
        elif s in settings.WIDTHS:
            if s.applies(ss):
                columns = columns or st.sidebar.columns(3)
                i = settings.WIDTHS.index(s)
                draw(s, columns[i % 3], label=t(s.label, i=i + 1))
        elif s.name == "test_size":
            uploaded = ss[settings.SOURCE.key] == UPLOADED
            draw(s, disabled=uploaded, help=t("studio.controls.test_share_uploaded")
                 if uploaded else t(s.help))
        elif s.applies(ss):
            draw(s)
            if s.config == "patience":
                _config_notes()


def _config_notes() -> None:
    """What the settings ask that the data cannot give (patience without a test set), said
    under the setting; a dataset that cannot be loaded is the page's to refuse."""
    try:
        config = settings.train_config(st.session_state)
        ds = data.load(settings.data_spec(st.session_state))
    except ValueError:
        return
    for code in config_notes(config, ds.n_test > 0):
        st.sidebar.caption(t(f"studio.controls.note_{code}"))


def data_controls() -> DataSpec:
    """Dataset, toy options, split and seed; returns what they name.

    In presenter mode the split and the seed stay as they are, out of sight.
    """
    st.sidebar.header(t("studio.controls.data"))
    _section("data")
    return settings.data_spec(st.session_state)


def model_controls() -> TrainConfig:
    """Architecture and training settings; returns the TrainConfig they describe.

    In presenter mode L2 stays as it is, out of sight.
    """
    sb = st.sidebar
    sb.header(t("studio.controls.model"))
    _section("model")
    sb.header(t("studio.controls.training"))
    _section("training")
    sb.caption(caps())
    return settings.train_config(st.session_state)
