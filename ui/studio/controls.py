"""The studio's controls, in the sidebar: data first, then the model and how it is trained."""

from __future__ import annotations

import streamlit as st

from mlp_core.datasets import MULTICLASS_TOYS
from mlp_core.functions import ACTIVATIONS
from mlp_core.optimizers import OPTIMIZERS
from mlp_core.script import UPLOADED, DataSpec
from mlp_core.training import TrainConfig
from ui.studio import data

# Caps: one server serves a whole class, so no session may ask for a huge network or run.
MAX_LAYERS, MAX_WIDTH, MAX_EPOCHS = 6, 64, 2000
LR_GRID = (*tuple(m * 10.0 ** e for e in range(-4, 1) for m in (1, 2, 5)), 10.0)
BATCH_OPTIONS = (1, 8, 16, 32, "full")
L2_GRID = (0.0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1)
CAPS = (f"Caps (one server serves the whole class): at most {MAX_LAYERS} hidden layers of "
        f"{MAX_WIDTH} units, {MAX_EPOCHS} epochs, {data.MAX_TOY_SAMPLES} toy points, "
        f"{data.MAX_UPLOADED_ROWS} uploaded rows, decision grids of at most 150 × 150.")


def _keep_valid(key: str, options, fallback) -> None:
    # A stored value that is no longer offered (the upload was removed) falls back to the default.
    if st.session_state.get(key) not in options:
        st.session_state[key] = fallback


def data_controls() -> DataSpec:
    """Dataset, toy options, split and seed; returns what they name."""
    sb = st.sidebar
    sb.header("Data")
    options = data.sources()
    _keep_valid("studio.source", options, "iris")
    source = sb.selectbox("Dataset", options, format_func=data.source_label, key="studio.source",
                          help="Changing the data restarts training.")
    n_samples, noise, n_classes = 200, 0.1, 2
    if data.is_toy(source):
        n_samples = sb.slider("Points", 20, data.MAX_TOY_SAMPLES, step=10,
                              key="studio.toy_samples")
        noise = sb.slider("Noise", 0.0, 1.0, step=0.05, key="studio.toy_noise")
        if source in MULTICLASS_TOYS:
            n_classes = sb.slider("Classes", 2, 5, key="studio.toy_classes")
    uploaded = source == UPLOADED
    test_size = sb.slider("Test share", 0.1, 0.5, step=0.05, key="studio.test_size",
                          disabled=uploaded,
                          help="The split of your own data is set on the \"Your own data\" page."
                          if uploaded else "0.3 is the lecture's 70/30 split.")
    seed = sb.number_input("Seed", 0, 2**31 - 1, step=1, key="studio.seed",
                           help="One seed: the split, the initial weights and the batch order.")
    return DataSpec(source, test_size=float(test_size), seed=int(seed), n_samples=int(n_samples),
                    noise=float(noise), n_classes=int(n_classes))


def model_controls(seed: int) -> TrainConfig:
    """Architecture and training settings; returns the TrainConfig they describe."""
    sb = st.sidebar
    sb.header("Model")
    layers = sb.slider("Hidden layers", 0, MAX_LAYERS, key="studio.layers",
                       help="0 hidden layers is softmax regression. Changing it restarts training.")
    widths = []
    if layers:
        columns = sb.columns(3)
        for i in range(layers):
            widths.append(int(columns[i % 3].number_input(
                f"Layer {i + 1}", 1, MAX_WIDTH, step=1, key=f"studio.width.{i}")))
    activation = sb.selectbox("Activation", list(ACTIVATIONS), key="studio.activation",
                              format_func=lambda a: ACTIVATIONS[a].label)
    sb.header("Training")
    _keep_valid("studio.lr", LR_GRID, 0.01)
    _keep_valid("studio.batch", BATCH_OPTIONS, 1)
    _keep_valid("studio.l2", L2_GRID, 0.0)
    optimizer = sb.selectbox("Optimizer", list(OPTIMIZERS), key="studio.optimizer",
                             format_func=lambda o: OPTIMIZERS[o].label)
    lr = sb.select_slider("Learning rate (log scale)", LR_GRID, key="studio.lr",
                          format_func=lambda v: f"{v:g}",
                          help="Changing lr, optimizer, L2 or batch size keeps training going.")
    batch = sb.select_slider("Batch size", BATCH_OPTIONS, key="studio.batch",
                             help="1: one step per sample (the lecture). full: one step per epoch.")
    l2 = sb.select_slider("L2 (weight decay)", L2_GRID, key="studio.l2",
                          format_func=lambda v: f"{v:g}")
    epochs = sb.number_input("Epoch budget", 1, MAX_EPOCHS, step=10, key="studio.epochs")
    sb.caption(CAPS)
    return TrainConfig(
        hidden=tuple(widths), activation=activation, optimizer=optimizer, lr=float(lr),
        batch_size=None if batch == "full" else int(batch), epochs=int(epochs), l2=float(l2),
        seed=int(seed),
    )
