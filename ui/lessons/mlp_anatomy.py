"""The MLP-anatomy lesson: the lecture's models as presets, one built model as the page shows it.

Everything the page shows comes from one Architecture plus a choice of weights (mlp_core.anatomy),
computed once per choice and shared by every session: the page only reads it (its arrays are
read-only), so no session can change another's model, and none pays for a copy on every rerun.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util

from mlp_core import anatomy as core
from mlp_core.anatomy import NO_OUTPUT_ACTIVATION, Architecture
from mlp_core.functions import ACTIVATIONS
from mlp_core.network import OUTPUT_ACTIVATIONS
from ui import links, presenter
from ui.figures.network import MAX_UNITS, exact, network_figure
from ui.i18n import t
from ui.labels import activation_label
from ui.settings import Schema, Setting

MAX_IN, MAX_HIDDEN, MAX_OUT, MAX_SEED = 10, 4, 10, 1_000_000
OUTPUTS = (NO_OUTPUT_ACTIVATION, *(k for k in OUTPUT_ACTIVATIONS if k != "identity"))
WEIGHTS = ("lecture", "random")  # every parameter 0.1 | seeded


def _count(name: str, default: int, lo: int, hi: int, url: str, **kwargs) -> Setting:
    return Setting(f"anatomy.{name}", default, f"anatomy.{name}", widget="number", lo=lo, hi=hi,
                   step=1, url=url, **kwargs)


def layer_in_use(k: int) -> links.Rule:
    """Width k may be 0 in a link only while hidden layer k is not in use (the box's 0 is for
    saying so under the widths, not for a link to build a model that cannot be built)."""

    def why(ss) -> str | None:
        empty = ss["anatomy.n_hidden"] >= k and ss[f"anatomy.width.{k}"] == 0
        return t("anatomy.link_empty_layer", k=k) if empty else None

    return links.Rule(f"w{k}", why)


# The lecture's first activation slide: Linear(2,2), Sigmoid, Linear(2,1), Sigmoid (9 parameters),
# every weight and bias 0.1 as in its worked example. The link carries the whole build.
SCHEMA = Schema([
    _count("n_in", 2, 1, MAX_IN, "in"),
    _count("n_hidden", 1, 0, MAX_HIDDEN, "hidden"),
    # One width per possible hidden layer, drawn for the layers in use.
    *(Setting(f"anatomy.width.{k}", 2, "anatomy.width", widget="number", lo=0, hi=MAX_UNITS,
              step=1, url=f"w{k}") for k in range(1, MAX_HIDDEN + 1)),
    Setting("anatomy.activation", "sigmoid", "anatomy.activation", "anatomy.activation_help",
            widget="select", options=tuple(ACTIVATIONS), url="act"),
    _count("n_out", 1, 1, MAX_OUT, "out"),
    Setting("anatomy.output", "sigmoid", "anatomy.output", widget="select", options=OUTPUTS,
            url="output"),
    Setting("anatomy.weights", "lecture", "anatomy.weights", widget="radio", options=WEIGHTS,
            url="weights"),
    # Fine-tuning, out of sight in presenter mode: "New random weights" still draws the next one.
    _count("seed", 0, 0, MAX_SEED, "seed", presenter=False),
], rules=[layer_in_use(k) for k in range(1, MAX_HIDDEN + 1)])


@dataclass(frozen=True)
class Preset:
    """One of the lecture's models and the weights to show it with; its label is preset_label()."""

    architecture: Architecture
    lecture_weights: bool  # True: every parameter 0.1; False: seeded (the lecture gives no numbers)


PRESETS = {
    "two_linear": Preset(Architecture(2, (2,), "identity", 2, "sigmoid"), True),
    "sigmoid_221": Preset(Architecture(2, (2,), "sigmoid", 1, "sigmoid"), True),
    "relu_221": Preset(Architecture(2, (2,), "relu", 1, "sigmoid"), True),
    "tanh_221": Preset(Architecture(2, (2,), "tanh", 1, "sigmoid"), True),
    "iris": Preset(Architecture(4, (8,), "relu", 3), False),
}


def preset_label(name: str) -> str:
    """A preset's button label: "2-2-1 with Sigmoid", ..."""
    return t(f"anatomy.preset_{name}")


def apply_preset(name: str) -> None:
    """Put a preset into the page's widget keys (an on_click callback: runs before the widgets)."""
    preset, state = PRESETS[name], st.session_state
    arch = preset.architecture
    state["anatomy.n_in"], state["anatomy.n_out"] = arch.n_in, arch.n_out
    state["anatomy.n_hidden"] = len(arch.hidden)
    for k, width in enumerate(arch.hidden, start=1):
        state[f"anatomy.width.{k}"] = width
    state["anatomy.activation"], state["anatomy.output"] = arch.activation, arch.output_activation
    state["anatomy.weights"] = "lecture" if preset.lecture_weights else "random"
    if not preset.lecture_weights:
        state["anatomy.seed"] = 0


def new_random_weights() -> None:
    """Draw a fresh set of random weights: the next seed (an on_click callback)."""
    st.session_state["anatomy.seed"] = int(st.session_state["anatomy.seed"]) + 1
    st.session_state["anatomy.weights"] = "random"


@lru_cache(maxsize=256)
def anatomy(arch: Architecture, lecture_weights: bool, seed: int) -> core.Anatomy:
    """mlp_core.anatomy.anatomy, cached per choice and shared (its arrays read-only); raises
    ValueError for a bad architecture (not cached)."""
    model = core.anatomy(arch, lecture_weights, seed)
    for array in (*model.weights, *model.biases, *model.lecture_layout):
        array.setflags(write=False)
    return model


# What a desk shows of one model, made once per model and language and shared by every session:
# the figure and the tables are rebuilt on no rerun (a class moves these widgets all hour) and
# only read (the figure as st.plotly_chart is handed it; presenter mode, which grows a figure,
# builds its own). `language` is a key: the figure's and the tables' labels are in it.
@lru_cache(maxsize=128)
def diagram(arch: Architecture, lecture_weights: bool, seed: int, language: str) -> go.Figure:
    """network_figure of the model as presenter.chart sends it, made once per model and
    language."""
    model = anatomy(arch, lecture_weights, seed)
    return presenter.ready(network_figure(model.weights, model.biases, model.activations))


@lru_cache(maxsize=256)
def summary(arch: Architecture, lecture_weights: bool, seed: int) -> pa.Table:
    """The model's summary table (torchinfo's words, not translated) as the Arrow table
    st.dataframe would make of it, made once per model."""
    return dataframe_util.convert_pandas_df_to_arrow_table(
        anatomy(arch, lecture_weights, seed).summary)


@lru_cache(maxsize=128)
def exact_tables(arch: Architecture, lecture_weights: bool, seed: int,
                 language: str) -> tuple[pa.Table, ...]:
    """lecture_layout_frame of every layer as the Arrow table st.dataframe would make of it."""
    layout = anatomy(arch, lecture_weights, seed).lecture_layout
    return tuple(dataframe_util.convert_pandas_df_to_arrow_table(
        lecture_layout_frame(W, k, len(layout))) for k, W in enumerate(layout))


def lecture_layout_frame(W: np.ndarray, layer: int, n_layers: int) -> pd.DataFrame:
    """One layer's W : (1 + n_in, n_out) labelled as in the lecture: rows 1 and the inputs.

    Cells are text: the shortest form of the float32 the model stores (0.1, not 0.10000000149).
    """
    source = "x" if layer == 0 else "h"
    target = "y" if layer == n_layers - 1 else "h"
    rows = [t("anatomy.bias_row")] + [f"{source}{i + 1}" for i in range(W.shape[0] - 1)]
    cells = [[exact(v) for v in row] for row in W]
    return pd.DataFrame(cells, index=rows, columns=[f"{target}{j + 1}" for j in range(W.shape[1])])


def output_label(name: str) -> str:
    """How an output activation is offered: None (logits), Sigmoid, ..., Softmax."""
    if name == NO_OUTPUT_ACTIVATION:
        return t("anatomy.no_output_activation")
    return activation_label(name) if name in ACTIVATIONS else name.capitalize()


def formula_latex(count, name: str, layer: int) -> str:
    r"""(n_in + 1) x n_out for Linear layer `layer` (from 1), which the summary calls `name`, with
    its numbers: the +1 is the bias row."""
    label = t("anatomy.layer_name", k=layer, name=name)
    return (rf"\text{{{label}}}:\quad (n_{{in}} + 1) \times n_{{out}} = "
            rf"({count.n_in} + 1) \times {count.n_out} = {count.params}")


def numbering_skips(linear_names) -> bool:
    """Whether the summary's numbers skip between Linear layers (an activation took one)."""
    return [int(n.rsplit("-", 1)[1]) for n in linear_names] != list(
        range(1, len(linear_names) + 1))


def total_latex(counts, total: int) -> str:
    """The total written as the sum of the layers' counts."""
    terms = " + ".join(str(c.params) for c in counts)
    word = t("anatomy.total")
    if len(counts) == 1:
        return rf"\text{{{word}}} = {total}"
    return rf"\text{{{word}}} = {terms} = {total}"
