"""The studio's controls, in the sidebar: data first, then the model and how it is trained."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from mlp_core.datasets import MULTICLASS_TOYS, UPLOADED, DataSpec
from mlp_core.functions import ACTIVATIONS
from mlp_core.optimizers import OPTIMIZERS
from mlp_core.training import TrainConfig
from ui import presenter
from ui.i18n import t
from ui.studio import data

# Caps: one server serves a whole class, so no session may ask for a huge network or run.
MAX_LAYERS, MAX_WIDTH, MAX_EPOCHS = 6, 64, 2000
LR_GRID = (*tuple(m * 10.0 ** e for e in range(-4, 1) for m in (1, 2, 5)), 10.0)
BATCH_OPTIONS = (1, 8, 16, 32, "full")
L2_GRID = (0.0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1)


def caps() -> str:
    """The limits every session shares, in one caption."""
    return t("studio.controls.caps", layers=MAX_LAYERS, width=MAX_WIDTH, epochs=MAX_EPOCHS,
             points=data.MAX_TOY_SAMPLES, rows=data.MAX_UPLOADED_ROWS)


def batch_label(batch) -> str:
    return t("studio.controls.batch_full") if batch == "full" else str(batch)


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


def data_controls() -> DataSpec:
    """Dataset, toy options, split and seed; returns what they name.

    In presenter mode the split and the seed stay as they are, out of sight.
    """
    sb, ss = st.sidebar, st.session_state
    sb.header(t("studio.controls.data"))
    options = data.sources()
    _keep_valid("studio.source", options, "iris")
    source = sb.selectbox(t("studio.controls.dataset"), options,
                          format_func=_labels(options, data.source_label), key="studio.source",
                          help=t("studio.controls.dataset_help"))
    n_samples, noise, n_classes = 200, 0.1, 2
    if data.is_toy(source):
        n_samples = sb.slider(t("studio.controls.points"), 20, data.MAX_TOY_SAMPLES, step=10,
                              key="studio.toy_samples")
        noise = sb.slider(t("studio.controls.noise"), 0.0, 1.0, step=0.05, key="studio.toy_noise")
        if source in MULTICLASS_TOYS:
            n_classes = sb.slider(t("studio.controls.classes"), 2, 5, key="studio.toy_classes")
    uploaded = source == UPLOADED
    if presenter.on():
        test_size, seed = ss["studio.test_size"], ss["studio.seed"]
    else:
        test_size = sb.slider(t("studio.controls.test_share"), 0.1, 0.5, step=0.05,
                              key="studio.test_size", disabled=uploaded,
                              help=t("studio.controls.test_share_uploaded") if uploaded
                              else t("studio.controls.test_share_help"))
        seed = sb.number_input(t("studio.controls.seed"), 0, 2**31 - 1, step=1,
                               key="studio.seed", help=t("studio.controls.seed_help"))
    return DataSpec(source, test_size=float(test_size), seed=int(seed), n_samples=int(n_samples),
                    noise=float(noise), n_classes=int(n_classes))


def model_controls(seed: int) -> TrainConfig:
    """Architecture and training settings; returns the TrainConfig they describe.

    In presenter mode L2 stays as it is, out of sight.
    """
    sb = st.sidebar
    sb.header(t("studio.controls.model"))
    layers = sb.slider(t("studio.controls.layers"), 0, MAX_LAYERS, key="studio.layers",
                       help=t("studio.controls.layers_help"))
    widths = []
    if layers:
        columns = sb.columns(3)
        for i in range(layers):
            widths.append(int(columns[i % 3].number_input(
                t("studio.controls.layer", i=i + 1), 1, MAX_WIDTH, step=1,
                key=f"studio.width.{i}")))
    activation = sb.selectbox(t("studio.controls.activation"), list(ACTIVATIONS),
                              key="studio.activation",
                              format_func=_labels(ACTIVATIONS, lambda a: t(
                                  f"studio.controls.act_{a}")))
    sb.header(t("studio.controls.training"))
    _keep_valid("studio.lr", LR_GRID, 0.01)
    _keep_valid("studio.batch", BATCH_OPTIONS, 1)
    _keep_valid("studio.l2", L2_GRID, 0.0)
    optimizer = sb.selectbox(t("studio.controls.optimizer"), list(OPTIMIZERS),
                             key="studio.optimizer",
                             format_func=_labels(OPTIMIZERS, lambda o: t(
                                 f"studio.controls.opt_{o}")))
    lr = sb.select_slider(t("studio.controls.lr"), LR_GRID, key="studio.lr",
                          format_func=lambda v: f"{v:g}", help=t("studio.controls.lr_help"))
    batch = sb.select_slider(t("studio.controls.batch"), BATCH_OPTIONS, key="studio.batch",
                             format_func=_labels(BATCH_OPTIONS, batch_label),
                             help=t("studio.controls.batch_help"))
    if presenter.on():
        l2 = st.session_state["studio.l2"]
    else:
        l2 = sb.select_slider(t("studio.controls.l2"), L2_GRID, key="studio.l2",
                              format_func=lambda v: f"{v:g}")
    epochs = sb.number_input(t("studio.controls.epochs"), 1, MAX_EPOCHS, step=10,
                             key="studio.epochs")
    sb.caption(caps())
    return TrainConfig(
        hidden=tuple(widths), activation=activation, optimizer=optimizer, lr=float(lr),
        batch_size=None if batch == "full" else int(batch), epochs=int(epochs), l2=float(l2),
        seed=int(seed),
    )
