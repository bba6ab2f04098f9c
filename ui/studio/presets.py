"""Ready-made settings that tell a story: the lecture's run, why hidden layers, a too-high lr."""

from __future__ import annotations

import streamlit as st

LECTURE = "Lecture: Iris 4-8-3"
PRESETS: dict[str, dict] = {
    LECTURE: dict(
        source="iris", test_size=0.3, seed=0, layers=1, widths=(8,), activation="relu",
        optimizer="sgd", lr=0.01, batch=1, l2=0.0, epochs=20, features=(2, 3),
        story="The lecture's run: 4 inputs, 8 ReLU units, 3 classes, SGD with lr 0.01 and one "
              "step per sample for 20 epochs. The loss falls from about 1.0 towards 0.15.",
    ),
    "Why hidden layers: circles, no hidden layer": dict(
        source="circles", toy_samples=200, toy_noise=0.1, seed=0, test_size=0.3, layers=0,
        widths=(), activation="tanh", optimizer="adam", lr=0.02, batch=16, l2=0.0, epochs=100,
        features=(0, 1),
        story="No hidden layer is softmax regression: its boundary is a straight line, and no "
              "line separates a ring from the disc inside it. Accuracy stays near a coin toss.",
    ),
    "Why hidden layers: circles, one hidden layer": dict(
        source="circles", toy_samples=200, toy_noise=0.1, seed=0, test_size=0.3, layers=1,
        widths=(8,), activation="tanh", optimizer="adam", lr=0.02, batch=16, l2=0.0, epochs=100,
        features=(0, 1),
        story="The same data with 8 tanh units in one hidden layer: the network bends the "
              "boundary into a closed curve and separates the two rings.",
    ),
    "Too high a learning rate": dict(
        source="iris", test_size=0.3, seed=0, layers=1, widths=(8,), activation="identity",
        optimizer="sgd", lr=10.0, batch="full", l2=0.0, epochs=50, features=(2, 3),
        story="lr = 10: every step overshoots, so the loss grows instead of falling until it is "
              "no longer a finite number. Training stops there and keeps the last finite weights.",
    ),
}


def apply(name: str) -> None:
    """Copy a preset into the widgets' keys (an on_click callback, so before widgets are drawn)."""
    from ui.studio.session import forget_trainer  # late: session imports this module's names

    preset = PRESETS[name]
    ss = st.session_state
    for field in ("source", "test_size", "seed", "layers", "activation", "optimizer", "lr",
                  "batch", "l2", "epochs", "toy_samples", "toy_noise"):
        if field in preset:
            ss[f"studio.{field}"] = preset[field]
    for i, width in enumerate(preset["widths"]):
        ss[f"studio.width.{i}"] = width
    ss["studio.feature_x"], ss["studio.feature_y"] = preset["features"]
    ss["studio.story"] = preset["story"]
    forget_trainer()  # a preset always starts from its own initial weights
