"""Ready-made settings that tell a story: the lecture's run, why hidden layers (or hand-made
features), a regression, a too-high lr, L1 driving weights to zero, overfitting and early
stopping catching it.

Each preset's key is its English name, which links and tests use; label() and story() give its
name and story in the session's language from the catalogue ([studio.presets]). Its fields are
settings by their short names (ui/studio/settings.py), checked against the same ranges as the
widgets and the link when this module loads. Each names its hand-made features (none but the
features preset's), so that a preset never inherits the ones the student had chosen.
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import t
from ui.studio import session, settings

LECTURE = "Lecture: Iris 4-8-3"
PRESETS: dict[str, dict] = {
    LECTURE: dict(
        id="lecture", source="iris", test_size=0.3, seed=0, hidden=(8,), activation="relu",
        optimizer="sgd", lr=0.01, batch=1, l2=0.0, epochs=20, feature_x=None,
        feature_y=None, made_features=(),
        pace="normal",  # one epoch a frame: 20 frames, about 6 s
    ),
    "Why hidden layers: circles, no hidden layer": dict(
        id="circles_linear", source="circles", toy_samples=200, toy_noise=0.1, seed=0,
        test_size=0.3, hidden=(), activation="tanh", optimizer="adam", lr=0.02, batch=16,
        l2=0.0, epochs=100, feature_x=0, feature_y=1, made_features=(), pace="normal",
    ),
    "Why hidden layers: circles, one hidden layer": dict(
        id="circles_hidden", source="circles", toy_samples=200, toy_noise=0.1, seed=0,
        test_size=0.3, hidden=(8,), activation="tanh", optimizer="adam", lr=0.02, batch=16,
        l2=0.0, epochs=100, feature_x=0, feature_y=1, made_features=(), pace="normal",
    ),
    # The no-hidden-layer run again, given x1² and x2²: a line in those inputs is a circle.
    "Hand-made features: circles from x1² and x2², no hidden layer": dict(
        id="circles_features", source="circles", toy_samples=200, toy_noise=0.1, seed=0,
        test_size=0.3, hidden=(), activation="tanh", optimizer="adam", lr=0.02, batch=16,
        l2=0.0, epochs=100, feature_x=0, feature_y=1, made_features=("x1sq", "x2sq"),
        pace="normal",
    ),
    "Regression: the bumps": dict(
        id="bumps", source="bumps", toy_samples=300, toy_noise=0.05, seed=0, test_size=0.3,
        hidden=(16,), activation="tanh", loss="mse", optimizer="adam", lr=0.02, batch="full",
        l2=0.0, epochs=300, feature_x=0, feature_y=1, made_features=(), pace="normal",
    ),
    "Too high a learning rate": dict(
        id="high_lr", source="iris", test_size=0.3, seed=0, hidden=(8,), activation="identity",
        optimizer="sgd", lr=10.0, batch="full", l2=0.0, epochs=50, feature_x=None,
        feature_y=None, made_features=(),
        pace="slow",  # the loss blowing up, epoch by epoch
    ),
    "L1 and a cosine schedule: weights driven to zero": dict(
        id="l1_zeros", source="circles", toy_samples=200, toy_noise=0.1, seed=0, test_size=0.3,
        hidden=(16,), activation="tanh", optimizer="adam", lr=0.02, batch=16, l2=0.0, l1=0.003,
        schedule="cosine", epochs=100, feature_x=0, feature_y=1, network=True, pace="normal",
    ),
    # 64 x 64 hidden units on 20 training points: the test loss bottoms out near epoch 70, then
    # climbs to three times that by epoch 400 while the training loss falls on.
    "Overfitting: a big network on 40 noisy points": dict(
        id="overfit", source="moons", toy_samples=40, toy_noise=0.3, seed=0, test_size=0.5,
        hidden=(64, 64), activation="relu", optimizer="sgd", lr=0.05, batch="full", l2=0.0,
        epochs=400, feature_x=0, feature_y=1, pace="normal",
    ),
    "Early stopping catches it": dict(
        id="early_stop", source="moons", toy_samples=40, toy_noise=0.3, seed=0, test_size=0.5,
        hidden=(64, 64), activation="relu", optimizer="sgd", lr=0.05, batch="full", l2=0.0,
        epochs=400, patience=20, restore=True, feature_x=0, feature_y=1, pace="normal",
    ),
}


# Data settings every preset turns off unless it names them (its training settings all are).
SPEC_OFF = ("made_features",)


def values(name: str) -> dict:
    """A preset's settings, without its id; the training settings and hand-made features it does
    not name at their defaults (early stopping, L1 and a schedule off, say), so that its run is
    its own whatever a student set before loading it."""
    named = {field: value for field, value in PRESETS[name].items() if field != "id"}
    return {s.name: s.default for s in settings.SETTINGS if s.config or s.name in SPEC_OFF} | named


def _check() -> None:
    bad = {name: found for name in PRESETS if (found := settings.problems(values(name)))}
    if bad:
        raise ValueError(f"presets must use values the studio offers, got {bad}.")


_check()


def apply(name: str) -> None:
    """Copy a preset into the widgets' keys (an on_click callback, so before widgets are drawn)."""

    settings.store(values(name))
    st.session_state["studio.story"] = name  # its story is told in the session's language: story()
    session.forget()  # a preset always starts from its own initial weights


def label(name: str) -> str:
    """A preset's name as shown (the PRESETS key stays the same in every language)."""
    return t(f"studio.presets.name_{PRESETS[name]['id']}")


# The lecture's third erratum: mlp_core.slide_loop.slide_losses on this preset's data (Iris, seed
# 0, 105 training rows), first and last epoch's mean loss; tests/test_slide_loop.py recomputes
# them (seconds of CPU, too long to spend on a student's page).
SLIDE_LOOP_AS_PRINTED = (1.1121, 1.0849)  # one step per epoch, on the last sample's loss
SLIDE_LOOP_AS_MEANT = (1.0022, 0.1646)  # one step per sample (the slide's 1.02 -> 0.136)


def story(name: str) -> str:
    """What a preset shows, told above the run while its settings are on."""
    text = t(f"studio.presets.story_{PRESETS[name]['id']}")
    if name == LECTURE:
        text += "\n\n" + t("studio.presets.erratum_lecture",
                            printed_first=f"{SLIDE_LOOP_AS_PRINTED[0]:.3f}",
                            printed_last=f"{SLIDE_LOOP_AS_PRINTED[1]:.3f}",
                            meant_first=f"{SLIDE_LOOP_AS_MEANT[0]:.3f}",
                            meant_last=f"{SLIDE_LOOP_AS_MEANT[1]:.3f}")
    return text
