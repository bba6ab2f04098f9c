"""The studio's sweep: one setting at up to six values, everything else and the seed as set, one
run per value, shown side by side (mlp_core/sweep.py trains them).

The settings a sweep offers come from ui/studio/settings.py: every training or model setting
with a list of options fills a TrainConfig field a sweep may vary, so a setting added there (a
regularisation, a schedule) is offered here too. The width is the one sweep that is not a single
setting: every hidden layer takes the value. The last sweep stays in the session, as pins do,
until the next sweep or Clear; after the data changes, its curves and numbers stay and its
regions are not drawn (they would not be over the data on show).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import streamlit as st

from mlp_core import sweep
from mlp_core.datasets import Dataset
from mlp_core.training import Snapshot
from ui import links
from ui.format import plain_name
from ui.i18n import DEFAULT as DEFAULT_LANGUAGE
from ui.i18n import catalogue, error_text, t
from ui.studio import budget, challenge, data, multiples, session, settings, turns
from ui.studio.run import StudioRun

SWEEP = "studio.sweep"  # the last Sweep, or None
SETTING_KEY = "studio.sweep_setting"
VALUES_KEY = "studio.sweep_values"
LINK_KEY = "studio.sweep_link"  # (setting name, values) as the widgets hold them, or None
WIDTH_OPTIONS = (1, 2, 4, 8, 16, 32, 64)
DEFAULT = "lr"  # the question students ask most: which learning rate?


@dataclass(frozen=True)
class Sweepable:
    """A setting a sweep can vary: its name, the field it fills, its options and their texts."""

    name: str
    field: str  # a TrainConfig field, or sweep.WIDTH
    label: str  # catalogue key of its name
    options: tuple
    option_text: Callable[[object], str]
    to_field: Callable[[object], object]
    url: str  # its name in the link's sweep=<url>:<values>, as in the setting's own


def sweepable() -> dict[str, Sweepable]:
    """The settings a sweep may vary now, by name: the width when there is a hidden layer, then
    every setting with options that fills a field mlp_core.sweep takes (and applies here).

    Not one a challenge locks or hides: the teacher has fixed it for this task.
    """
    ss = st.session_state
    found = {}
    if settings.hidden(ss) and _open(settings.WIDTHS[0]):
        found[sweep.WIDTH] = Sweepable(sweep.WIDTH, sweep.WIDTH, "studio.sweep.width",
                                       WIDTH_OPTIONS, str, int, sweep.WIDTH)
    for s in settings.SETTINGS:
        if s.config in sweep.FIELDS and s.options and s.applies(ss) and _open(s):
            found[s.name] = Sweepable(s.name, s.config, s.label, s.options,
                                      s.option_text or str, s.to_field, s.url or s.name)
    return found


def _open(s: settings.Setting) -> bool:
    return not challenge.locked(s) and not challenge.hidden(s)


@dataclass(frozen=True)
class Sweep:
    """A sweep as it ran: what varied, its values as the widget held them, its runs as trained
    (Snapshots: the weights and history, not the training state), the data they trained on and
    the session run's key for it."""

    varied: Sweepable
    values: tuple
    runs: tuple[Snapshot, ...]
    dataset: Dataset
    source: str
    data: Hashable

    def titles(self) -> list[str]:
        name = short_name(self.varied)
        return [t("studio.sweep.title", setting=name, value=self.varied.option_text(v))
                for v in self.values]


def short_name(varied: Sweepable) -> str:
    """The setting's name in a title: its own short one where the widget's label says more
    (studio.sweep.name_<setting>), else the label."""
    key = f"studio.sweep.name_{varied.name}"
    return t(key) if key in catalogue(DEFAULT_LANGUAGE) else t(varied.label)


# ---------------------------------------------------------------------------------- the link
# sweep=lr:0.01,0.1,1 chooses the setting and its values; the student presses Train to run it.
def _value_text(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _find(varied: Sweepable, text: str):
    for value in varied.options:
        if _value_text(value) == text:
            return value
        if isinstance(value, float):  # 0.00001 is 1e-05 as well
            try:
                if math.isclose(value, float(text), rel_tol=1e-9):
                    return value
            except ValueError:
                pass
    raise links.BadValue(t("links.not_option",
                           options=", ".join(map(_value_text, varied.options))))


def _parse(text: str) -> tuple[str, tuple]:
    url, colon, rest = text.partition(":")
    choices = {c.url: c for c in sweepable().values()}
    if not colon or url not in choices:
        raise links.BadValue(t("studio.sweep.link_setting", options=", ".join(choices)))
    name = choices[url].name
    parts = rest.split(",")
    if len(parts) > sweep.MAX_VALUES:
        raise links.BadValue(t("studio.sweep.link_count", most=sweep.MAX_VALUES))
    values = []
    for part in parts:
        if (value := _find(choices[url], part)) not in values:
            values.append(value)
    return name, tuple(values)


def _show(value: tuple[str, tuple] | None) -> str:
    if value is None:
        return ""
    name = value[0]
    url = settings.BY_NAME[name].url or name if name in settings.BY_NAME else name
    return f"{url}:{','.join(map(_value_text, value[1]))}"


def _store(key: str, value: tuple[str, tuple] | None) -> None:
    ss = st.session_state
    ss[key] = value
    if value is not None:
        ss[SETTING_KEY], ss[VALUES_KEY] = value[0], list(value[1])


LINK = links.Param("sweep", LINK_KEY, _parse, _show, _store)


def sync_link() -> None:
    """The sweep's choice from a link, before its widgets are drawn; then into the URL."""
    ss = st.session_state
    values = ss.get(VALUES_KEY) or []
    ss[LINK_KEY] = (ss[SETTING_KEY], tuple(values)) if values and SETTING_KEY in ss else None
    links.sync([LINK], {LINK_KEY: None})


def _setting_changed() -> None:
    st.session_state[VALUES_KEY] = []  # another setting's values are not this one's


def _run(varied: Sweepable, values: tuple, configs: list) -> None:
    studio = session.current()
    with turns.TRAINING.turn():  # a sweep waits for its turn, as a Train does
        runs = sweep.fit_all(configs, studio.dataset)
    st.session_state[SWEEP] = Sweep(varied, values, tuple(r.snapshot() for r in runs),
                                    studio.dataset, studio.spec.source, studio.key[0])


def _clear() -> None:
    st.session_state[SWEEP] = None


def block() -> None:
    """Choose a setting and its values, run the sweep, and show the last one side by side."""
    studio = session.current()
    ss = st.session_state
    st.subheader(t("studio.sweep.header"), help=t("studio.sweep.help", n=sweep.MAX_VALUES))
    sync_link()
    choices = sweepable()
    if not choices:  # a challenge has fixed every one
        st.caption(t("studio.sweep.none"))
        return
    if ss.get(SETTING_KEY) not in choices:
        ss[SETTING_KEY] = DEFAULT if DEFAULT in choices else next(iter(choices))
    labels = {name: t(c.label) for name, c in choices.items()}
    left, right = st.columns([1, 2])
    name = left.selectbox(t("studio.sweep.setting"), list(choices), key=SETTING_KEY,
                          format_func=labels.__getitem__, on_change=_setting_changed)
    varied = choices[name]
    ss[VALUES_KEY] = [v for v in ss.get(VALUES_KEY, []) if v in varied.options]
    texts = {v: varied.option_text(v) for v in varied.options}  # looked up in this run
    values = tuple(right.multiselect(t("studio.sweep.values", n=sweep.MAX_VALUES),
                                     varied.options, key=VALUES_KEY,
                                     format_func=texts.__getitem__,
                                     placeholder=t("studio.sweep.placeholder")))
    configs = None
    if values:
        try:
            configs = sweep.configs(studio.trainer.config, varied.field,
                                    [varied.to_field(v) for v in values])
            budget.check_sweep(configs, studio.dataset)
        except ValueError as error:  # said under the values; they stay as chosen
            right.error(error_text(error, prefix="studio.sweep."))
            configs = None
    buttons = st.container(horizontal=True)
    buttons.button(t("studio.sweep.run", n=len(values)), key="studio.sweep_run", type="primary",
                   on_click=_run, args=(varied, values, configs),
                   disabled=configs is None or session.running())
    buttons.button(t("studio.sweep.clear"), key="studio.sweep_clear", on_click=_clear,
                   disabled=ss.get(SWEEP) is None)
    if ss.get(SWEEP) is not None:
        show(ss[SWEEP], studio)


def show(done: Sweep, studio: StudioRun) -> None:
    """The sweep's curves, its table of final numbers and its regions, each titled by value."""
    ds, config = done.dataset, done.runs[0].config
    name = data.name_and_description(done.source, ds)[0]  # an upload's: the user's own text
    st.caption(t("studio.sweep.caption", setting=short_name(done.varied), n=len(done.runs),
                 data=plain_name(name), seed=config.seed, epochs=config.epochs))
    titled = list(zip(done.titles(), done.runs, strict=True))
    multiples.curves(titled, "studio.sweep_chart", t("studio.sweep.title_loss"),
                     done.runs[0].history.metric)
    multiples.table(done.titles(), done.runs, key="studio.sweep_table")
    if done.data != studio.key[0]:  # regions are drawn over the data on show, as the live view's
        st.caption(t("studio.sweep.other_data"))
        return
    multiples.regions_grid(titled, studio.dataset, "studio.sweep_regions")
