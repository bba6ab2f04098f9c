"""Edit one weight or bias of the trained network and watch the regions and the scores follow.

The edit goes into the run's own model, so every view (regions, network view, confusion
matrices, scores, a prediction) shows the edited network at once. The trained values are kept
from the first edit on, until "back to the trained weights" puts them back or the run moves on
(a Step or Train trains the edited network: there is then nothing left to go back to).
"""

from __future__ import annotations

import streamlit as st

from mlp_core.inside import (
    linear_layers,
    parameter,
    parameters_copy,
    restore_parameters,
    set_parameter,
)
from ui.figures.inside_charts import unit_name
from ui.format import plain
from ui.i18n import t
from ui.studio.run import StudioRun

SOURCE_KEY = "studio.inside.source"  # which incoming parameter: -1 the bias, i from unit i
TRAINED_KEY = "studio.inside.trained"  # (trainer, its epoch, its parameters) before the edits
VALUE_STEP = 0.1


def trained(run: StudioRun) -> dict | None:
    """The run's parameters as trained, if this run's network has been edited since."""
    saved = st.session_state.get(TRAINED_KEY)
    if saved is None:
        return None
    trainer, epoch, values = saved
    if trainer is not run.trainer or epoch != run.trainer.epoch:  # another run, or trained on
        del st.session_state[TRAINED_KEY]
        return None
    return values


def edit_block(run: StudioRun, unit: tuple[int, int], input_names, class_names) -> None:
    """Number input for one incoming weight or the bias of `unit` (layer, j), and the way back."""
    model, (layer, j) = run.trainer.model, unit
    sizes = [m.out_features for m in linear_layers(model)]
    n_in = len(input_names) if layer == 0 else sizes[layer - 1]
    labels = {-1: t("studio.inside.bias")}
    for i in range(n_in):
        labels[i] = input_names[i] if layer == 0 else unit_name(layer - 1, i, len(sizes),
                                                                class_names)
    st.caption(t("studio.inside.edit_header",
                 unit=plain(unit_name(layer, j, len(sizes), class_names))))
    ss = st.session_state
    if ss.get(SOURCE_KEY) not in labels:
        ss[SOURCE_KEY] = -1
    source = st.selectbox(t("studio.inside.edit_source"), list(labels), key=SOURCE_KEY,
                          format_func=labels.__getitem__)
    value = parameter(model, layer, j, source)
    # Keyed by the value shown: an edit, a way back or training makes a new widget at the new
    # value, never one that still shows the old.
    key = f"studio.inside.value.{layer}.{j}.{source}.{value!r}"
    st.number_input(t("studio.inside.edit_value"), value=value, step=VALUE_STEP, format="%.4f",
                    key=key, on_change=_edit, args=(run, layer, j, source, key),
                    disabled=run.running)
    edited = trained(run) is not None
    if edited:
        st.caption(t("studio.inside.edited"))
    st.button(t("studio.inside.back"), key="studio.inside.back", on_click=_back, args=(run,),
              disabled=not edited or run.running, icon=":material/undo:")


def _edit(run: StudioRun, layer: int, j: int, source: int, key: str) -> None:
    value = st.session_state[key]
    with run.lock:
        if trained(run) is None:
            st.session_state[TRAINED_KEY] = (run.trainer, run.trainer.epoch,
                                             parameters_copy(run.trainer.model))
        set_parameter(run.trainer.model, layer, j, source, value)
    # The widget sits in the regions fragment; the scores and matrices are outside it.
    st.rerun()  # in a callback it halts it, and the interaction becomes a full rerun


def _back(run: StudioRun) -> None:
    values = trained(run)
    if values is not None:
        with run.lock:
            restore_parameters(run.trainer.model, values)
        del st.session_state[TRAINED_KEY]
    st.rerun()
