"""The sigmoid-neuron lesson as shown: the Hours/Pass table and z = wx + b, sigma(z) in LaTeX."""

import numpy as np
import pyarrow as pa
import streamlit as st

from mlp_core.datasets import HOURS_PASS
from mlp_core.neuron import NeuronOutput, classify
from ui.format import fmt
from ui.i18n import t
from ui.settings import Schema, Setting


def _number(key: str, default: float, label: str, url: str, slider) -> Setting:
    # The slider covers the lesson's range; its box and the link take any number in [-100, 100].
    return Setting(key, default, label, widget="slider", lo=-100.0, hi=100.0, step=0.01,
                   slider=slider, url=url)


# w = b = 0.1 as in the lecture's network; x = 0.8 gives z = 0.18 and sigma(z) = 0.5449.
SCHEMA = Schema([
    _number("sigmoid.w", 0.1, "sigmoid.weight", "w", (-10.0, 10.0)),
    _number("sigmoid.b", 0.1, "sigmoid.bias", "b", (-10.0, 10.0)),
    _number("sigmoid.x", 0.8, "sigmoid.input", "x", (-1.0, 5.0)),
])


def hours_pass_table(w: float, b: float) -> dict[str, np.ndarray]:
    """The lecture's Hours/Pass rows with z, P(pass) and the class predicted at threshold 0.5,
    column by column (a pandas frame would cost more than the rest of the table, on every slider
    move)."""
    hours, passed = HOURS_PASS[:, 0], HOURS_PASS[:, 1].astype(int)
    z, p, predicted = classify(w, b, hours)
    return {"Hours": hours, "Pass": passed, "z = w·Hours + b": z, "P(pass)": p,
            "Predicted": predicted, "Correct": np.where(predicted == passed, "✓", "✗")}


def column_names() -> dict[str, str]:
    """The tables' columns, data names here, as the reader sees them in their language."""
    return {"Hours": t("sigmoid.columns.hours"), "Pass": t("sigmoid.columns.pass"),
            "Score": t("sigmoid.columns.score"), "z = w·Hours + b": t("sigmoid.columns.z"),
            "P(pass)": t("sigmoid.columns.p_pass"), "Predicted": t("sigmoid.columns.predicted"),
            "Correct": t("sigmoid.columns.correct")}


def as_shown(table: dict[str, np.ndarray], names: dict[str, str]) -> pa.Table:
    """The table under the reader's column names, as the Arrow table st.dataframe sends: built
    straight from its columns, which costs a fraction of pandas' conversion (the page redraws it
    on every slider move of every student)."""
    return pa.table({names[c]: column for c, column in table.items()})


HELD_KEY = "sigmoid.held_back"  # whether the last run held the numbers back (not a setting)


def held_back_changed(held: bool) -> bool:
    """Whether the numbers' being held back changed since the last run (and note it): the page's
    tables below the fragment follow only on a run of the whole page."""
    changed = st.session_state.get(HELD_KEY, held) != held
    st.session_state[HELD_KEY] = held
    return changed


def latex_z(out: NeuronOutput) -> str:
    """z = wx + b with the numbers filled in."""
    return (rf"z = w x + b = {fmt(out.w)} \cdot {_paren(out.x)} + {_paren(out.b)}"
            rf" = {fmt(out.z)}")


def latex_sigma(out: NeuronOutput) -> str:
    r"""\sigma(z) = 1 / (1 + e^{-z}) with the numbers filled in, and its slope."""
    return (rf"\sigma(z) = \frac{{1}}{{1 + e^{{-z}}}} = \frac{{1}}{{1 + e^{{-{_paren(out.z)}}}}}"
            rf" = {fmt(out.p)}, \qquad \sigma'(z) = \sigma(z)\,(1 - \sigma(z)) = {fmt(out.slope)}")


def _paren(v: float) -> str:
    """A number, in brackets when negative so that "+ -0.5" reads "+ (-0.5)"."""
    return f"({fmt(v)})" if fmt(v).startswith("-") else fmt(v)
