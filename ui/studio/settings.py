"""The studio's settings, each declared once: its default, its widget, its name in the link.

One Setting says everything the studio does with a value: the session key and default
(ui/state.py STUDIO is built from them), the widget and its range (ui/studio/controls.py draws it
in its section, in the order below), the URL name and codec (the link's codec follows from the
widget's range unless the setting brings its own), whether presenter mode shows it, and which
DataSpec or TrainConfig field it fills. Presets are checked against the same codecs: a preset
value is valid when it can travel in a link and read back unchanged. Adding a setting is one
entry here and its words in the two catalogues (as in TensorFlow Playground's one PROPS list).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import streamlit as st

from mlp_core.datasets import (
    BUILTINS,
    MAX_TOY_CLASSES,
    MULTICLASS_TOYS,
    REGRESSION_SETS,
    REGRESSION_TOYS,
    TOYS,
    UPLOADED,
    DataSpec,
)
from mlp_core.features import FEATURES, canonical
from mlp_core.functions import ACTIVATIONS, REGRESSION_LOSSES
from mlp_core.optimizers import OPTIMIZERS
from mlp_core.schedules import SCHEDULES
from mlp_core.training import TrainConfig
from ui import links
from ui import settings as base
from ui.i18n import t
from ui.settings import Values
from ui.studio.pacing import DEFAULT_PACE, PACES

# Caps: one server serves a whole class, so no session may ask for a huge network or run.
MAX_LAYERS, MAX_WIDTH, MAX_EPOCHS = 6, 64, 2000
# A class shares one server: toy sets stay small enough that an epoch of batch size 1 is quick.
MAX_TOY_SAMPLES = 1000
MAX_FEATURES = 64  # among the sets a link can name (digits' 8x8 pixels)
LR_GRID = (*tuple(m * 10.0 ** e for e in range(-4, 1) for m in (1, 2, 5)), 10.0)
BATCH_OPTIONS = (1, 8, 16, 32, "full")
L2_GRID = (0.0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1)
# L2's strengths and the steps between: L1 drives weights to 0 over a narrow range (at 1e-3 a
# few, at 1e-2 so many that a small network stops learning).
L1_GRID = (0.0, 1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)
RESOLUTIONS = (50, 75, 100, 150)


def _always(values: Values) -> bool:
    return True


def _unchanged(value):
    return value  # the default: a field takes the value as the widget holds it


@dataclass(frozen=True)
class Setting(base.Setting):
    """One studio setting. `name` is its short name: session key "studio.<name>", preset field.

    `section` is where its widget is drawn: "data", "model", "training" (the sidebar, in this
    order) or "view" (the run view draws it beside what it changes).
    """

    spec: str = ""  # the DataSpec field it fills
    config: str = ""  # the TrainConfig field it fills
    to_field: Callable = _unchanged  # the widget's value -> the field's value
    applies: Callable[[Values], bool] = _always  # shown and used only when this holds

    @property
    def key(self) -> str:
        return f"studio.{self.name}"

    def _range_codec(self) -> links.Param:
        name = self.url or self.name
        if self.widget == "slider":
            return _grid(name, self.key, self.lo, self.hi, self.step)
        if self.widget in ("select", "select_slider") and all(
                isinstance(option, float) for option in self.options):
            return _log_choice(name, self.key, self.options)
        return super()._range_codec()


# ------------------------------------------------------------------------------------ codecs
def _grid(name: str, key: str, lo, hi, step) -> links.Param:
    """A slider value on its grid lo, lo + step, ..., hi: other numbers are not offered."""
    whole = isinstance(lo, int) and isinstance(step, int)
    plain = links.number(name, key, lo, hi, integer=whole and step == 1)
    if whole and step == 1:
        return plain

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


def _source_link(s: Setting) -> links.Param:
    names = (*BUILTINS, *TOYS, *REGRESSION_SETS)

    def parse(text: str):
        # Late: data reads ui.state, whose STUDIO defaults are built from this module.
        from ui.studio.data import shared_dataset

        if text == UPLOADED and shared_dataset() is not None:
            return text
        if text == UPLOADED:
            raise links.BadValue(t("studio.link.uploaded"))
        if text not in names:
            raise links.BadValue(t("links.not_option", options=", ".join(names)))
        return text

    return links.Param(s.url, s.key, parse)


def _hidden_link(s: Setting) -> links.Param:
    """One URL value ("16-8", "0" for none) for how many hidden layers and how wide each is."""

    def parse(text: str):
        try:
            widths = () if text == "0" else tuple(int(w) for w in text.split("-"))
        except ValueError:
            widths = None
        if widths is None or len(widths) > MAX_LAYERS or not all(
                1 <= w <= MAX_WIDTH for w in widths):
            raise links.BadValue(t("studio.link.bad_hidden", layers=MAX_LAYERS,
                                   width=MAX_WIDTH))
        return widths

    def store(key: str, widths) -> None:
        ss = st.session_state
        ss[key], ss[LAYERS.key] = widths, len(widths)
        for width, setting in zip(widths, WIDTHS, strict=False):
            ss[setting.key] = width

    return links.Param(s.url, s.key, parse, lambda widths: "-".join(map(str, widths)) or "0",
                       store)


def _features_link(s: Setting) -> links.Param:
    """A column index, or nothing for the data's own best pair (the default, out of the link)."""
    column = links.number(s.url, s.key, 0, MAX_FEATURES - 1, integer=True)
    return links.Param(s.url, s.key, lambda text: None if text == "" else column.parse(text),
                       lambda value: "" if value is None else column.show(value))


def _made_link(s: Setting) -> links.Param:
    """The hand-made features as a comma list ("x1sq,x2sq"), in any order, each once."""

    def parse(text: str):
        try:
            return canonical(code.strip() for code in text.split(",") if code.strip())
        except ValueError:
            raise links.BadValue(t("links.not_option", options=", ".join(FEATURES))) from None

    return links.Param(s.url, s.key, parse, lambda codes: ",".join(canonical(codes)))


# ------------------------------------------------------------------------------ option texts
def batch_label(batch) -> str:
    return t("studio.controls.batch_full") if batch == "full" else str(batch)


def _number_text(value) -> str:
    return f"{value:g}"


def _is_toy(values: Values) -> bool:
    return values[SOURCE.key] in TOYS or values[SOURCE.key] in REGRESSION_TOYS


def is_regression(values: Values) -> bool:
    """The data named has a number to predict: a regression set, or an upload prepared as one."""
    if values[SOURCE.key] == UPLOADED:
        # Late: data reads ui.state, whose STUDIO defaults are built from this module.
        from ui.studio.data import shared_dataset

        upload = shared_dataset()
        return upload is not None and upload.regression
    return values[SOURCE.key] in REGRESSION_SETS


def _has_classes(values: Values) -> bool:
    return values[SOURCE.key] in MULTICLASS_TOYS


def _watches_test_loss(values: Values) -> bool:
    return values.get("studio.patience", 0) > 0  # early stopping is on: its best can be restored


# ----------------------------------------------------------------------------- the settings
# Data: the lecture's Iris, 70/30 split; one seed covers split, initial weights, batch order.
SOURCE = Setting("source", "iris", "studio.controls.dataset", "studio.controls.dataset_help",
                 "data", "select", options=(*BUILTINS, *TOYS, *REGRESSION_SETS), url="data",
                 link=_source_link, spec="source")
# Model and training: the lecture's 4-8-3 ReLU, SGD lr 0.01, batch size 1, 20 epochs.
LAYERS = Setting("layers", 1, "studio.controls.layers", "studio.controls.layers_help", "model",
                 "slider", 0, MAX_LAYERS, 1)
# One width per possible hidden layer, drawn for the layers in use (the hidden setting's parts).
WIDTHS = tuple(
    Setting(f"width.{i}", 8, "studio.controls.layer", section="model", widget="number", lo=1,
            hi=MAX_WIDTH, step=1, applies=lambda values, i=i: i < values[LAYERS.key])
    for i in range(MAX_LAYERS))

SETTINGS: tuple[Setting, ...] = (
    SOURCE,
    Setting("toy_samples", 200, "studio.controls.points", section="data", widget="slider", lo=20,
            hi=MAX_TOY_SAMPLES, step=10, url="points", spec="n_samples", to_field=int,
            applies=_is_toy),
    Setting("toy_noise", 0.1, "studio.controls.noise", section="data", widget="slider", lo=0.0,
            hi=1.0, step=0.05, url="noise", spec="noise", to_field=float, applies=_is_toy),
    Setting("toy_classes", 3, "studio.controls.classes", section="data", widget="slider", lo=2,
            hi=MAX_TOY_CLASSES, step=1, url="classes", spec="n_classes", to_field=int,
            applies=_has_classes),
    # Hand-made inputs from x1, x2 (TensorFlow Playground's): extra columns of the data.
    Setting("made_features", (), "studio.controls.made_features",
            "studio.controls.made_features_help", "data", "multiselect", options=tuple(FEATURES),
            option_text=lambda code: t(f"studio.data.feature_{code}"), url="features",
            link=_made_link, spec="features", to_field=canonical, applies=_is_toy),
    Setting("test_size", 0.3, "studio.controls.test_share", "studio.controls.test_share_help",
            "data", "slider", 0.1, 0.5, 0.05, presenter=False, url="test", spec="test_size",
            to_field=float),
    Setting("seed", 0, "studio.controls.seed", "studio.controls.seed_help", "data", "number", 0,
            2**31 - 1, 1, presenter=False, url="seed", spec="seed", config="seed",
            to_field=int),
    LAYERS,
    *WIDTHS,
    # Not a widget: the widths in use, kept in step with the layer and width inputs for the link.
    Setting("hidden", tuple(w.default for w in WIDTHS[:LAYERS.default]), url="hidden",
            link=_hidden_link),
    Setting("activation", "relu", "studio.controls.activation", section="model", widget="select",
            options=tuple(ACTIVATIONS), option_text=lambda a: t(f"studio.controls.act_{a}"),
            url="act", config="activation"),
    Setting("optimizer", "sgd", "studio.controls.optimizer", section="training", widget="select",
            options=tuple(OPTIMIZERS), option_text=lambda o: t(f"studio.controls.opt_{o}"),
            url="opt", config="optimizer"),
    # A regression's loss (classification is always cross-entropy).
    Setting("loss", "mse", "studio.controls.loss", "studio.controls.loss_help", "training",
            "select", options=REGRESSION_LOSSES,
            option_text=lambda loss: t(f"studio.controls.loss_{loss}"), url="loss",
            config="loss", applies=is_regression),
    Setting("lr", 0.01, "studio.controls.lr", "studio.controls.lr_help", "training",
            "select_slider", options=LR_GRID, option_text=_number_text, url="lr", config="lr",
            to_field=float),
    # How lr changes from epoch to epoch (mlp_core/schedules.py); the curves show it.
    Setting("schedule", "constant", "studio.controls.schedule", "studio.controls.schedule_help",
            "training", "select", options=SCHEDULES,
            option_text=lambda s: t(f"studio.controls.sched_{s}"), url="sched",
            config="schedule"),
    Setting("batch", 1, "studio.controls.batch", "studio.controls.batch_help", "training",
            "select_slider", options=BATCH_OPTIONS, option_text=batch_label, url="batch",
            config="batch_size", to_field=lambda b: None if b == "full" else int(b)),
    Setting("l2", 0.0, "studio.controls.l2", section="training", widget="select_slider",
            options=L2_GRID, option_text=_number_text, presenter=False, url="l2", config="l2",
            to_field=float),
    Setting("l1", 0.0, "studio.controls.l1", "studio.controls.l1_help", "training",
            "select_slider", options=L1_GRID, option_text=_number_text, presenter=False,
            url="l1", config="l1", to_field=float),
    Setting("epochs", 20, "studio.controls.epochs", section="training", widget="number", lo=1,
            hi=MAX_EPOCHS, step=10, url="epochs", config="epochs", to_field=int),
    # Early stopping: epochs without a lower test loss before the run stops (0 = off), and
    # whether the model then goes back to the best epoch's weights.
    Setting("patience", 0, "studio.controls.patience", "studio.controls.patience_help",
            "training", "number", 0, MAX_EPOCHS, 5, url="patience", config="patience",
            to_field=int),
    Setting("restore", False, "studio.controls.restore", "studio.controls.restore_help",
            "training", "toggle", url="restore", config="restore_best", to_field=bool,
            applies=_watches_test_loss),
    # How a Train is shown (the server trains at full speed either way): played back epoch by
    # epoch, or at once.
    Setting("pace", DEFAULT_PACE, "studio.controls.pace", "studio.controls.pace_help", "training",
            "select_slider", options=PACES, option_text=lambda p: t(f"studio.controls.pace_{p}"),
            url="pace"),
    # The view: the regions over the two features that separate the classes best (None: Iris's
    # petal length x petal width), probability shading.
    Setting("feature_x", None, "studio.live.horizontal", section="view", widget="select",
            url="fx", link=_features_link),
    Setting("feature_y", None, "studio.live.vertical", section="view", widget="select",
            url="fy", link=_features_link),
    # With more than two features: PC1 x PC2 of the scaled data instead of two of its columns.
    Setting("pca", False, "studio.live.pca", "studio.live.pca_help", "view", "toggle",
            url="pca"),
    Setting("discrete", False, "studio.live.discrete", "studio.live.discrete_help", "view",
            "toggle", url="discrete"),
    Setting("resolution", 100, "studio.live.resolution", section="view", widget="select_slider",
            options=RESOLUTIONS, presenter=False),
    Setting("network", False, "studio.inside.show", "studio.inside.show_help", "view", "toggle",
            url="net"),
    Setting("cm_normalized", False, "studio.results.normalized", section="view",
            widget="toggle"),
    Setting("sample_row", 0, section="view"),  # its range is the shown part's rows
)

BY_NAME = {s.name: s for s in SETTINGS}
DEFAULTS = {s.key: s.default for s in SETTINGS}
PARAMS = [s.codec() for s in SETTINGS if s.url]  # the link, in this order
VIEW_PARAMS = [s.codec() for s in SETTINGS if s.url and s.section == "view"]


def in_section(section: str) -> list[Setting]:
    return [s for s in SETTINGS if s.section == section]


def hidden(values: Values) -> tuple[int, ...]:
    """The hidden widths the layer and width inputs name."""
    return tuple(int(values[w.key]) for w in WIDTHS if w.applies(values))


def _fields(target: str, values: Values) -> dict:
    return {getattr(s, target): s.to_field(values[s.key])
            for s in SETTINGS if getattr(s, target) and s.applies(values)}


def data_spec(values: Values) -> DataSpec:
    """The data the settings name; a toy option that does not apply keeps DataSpec's default."""
    return DataSpec(**_fields("spec", values))


def train_config(values: Values) -> TrainConfig:
    """The TrainConfig the settings describe."""
    return TrainConfig(hidden=hidden(values), **_fields("config", values))


def problems(preset: Mapping[str, object]) -> list[str]:
    """What in a preset ({name: value}) the studio cannot take: unknown names, values that
    would not read back from a link (off the widget's range or grid), each "name: why"."""
    found = []
    for name, value in preset.items():
        if name not in BY_NAME:
            found.append(f"{name}: not a studio setting")
            continue
        codec = BY_NAME[name].codec()
        try:
            ok = codec.parse(codec.show(value)) == value
        except links.BadValue as bad:
            found.append(f"{name}: {bad.reason}")
            continue
        if not ok:
            found.append(f"{name}: {value!r} does not read back")
    return found


def store(values: Mapping[str, object]) -> None:
    """Put {name: value} into the session as a link would (hidden sets layers and widths)."""
    ss = st.session_state
    for name, value in values.items():
        codec = BY_NAME[name].codec()
        (codec.store or ss.__setitem__)(codec.key, value)
