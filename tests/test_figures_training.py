"""The studio's result figures (plotly, a shaded table) carry the numbers they are given."""

import numpy as np
import plotly.graph_objects as go
import pytest
from sklearn.metrics import confusion_matrix

from ui.figures.training import (
    MAX_PINNED,
    MAX_RUNS,
    confusion_table,
    pinned_figure,
    proba_bars,
    runs_figure,
)


def test_confusion_table_writes_sklearn_counts_and_shades_them():
    y_true, y_pred = [0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 2]
    cm = confusion_matrix(y_true, y_pred)
    table = confusion_table(cm, ["setosa", "versicolor", "virginica"])
    np.testing.assert_array_equal(table.values.to_numpy(), cm)
    assert list(table.values.columns) == ["setosa", "versicolor", "virginica"]
    assert list(table.values.index) == ["setosa", "versicolor", "virginica"]
    assert table.text == [["1", "1", "0"], ["0", "2", "0"], ["1", "0", "2"]]  # whole numbers
    # The largest count in the full class colour (white ink), a zero white (black ink).
    assert table.css[1][1] == "background-color: rgb(0,114,178); color: white"
    assert table.css[0][2] == "background-color: rgb(255,255,255); color: black"


def test_confusion_table_writes_row_shares_to_two_decimals():
    cm = confusion_matrix([0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 2])
    shares = cm / cm.sum(axis=1, keepdims=True)
    table = confusion_table(shares, ["a", "b", "c"], normalized=True)
    np.testing.assert_allclose(table.values.to_numpy(), shares)
    assert table.text[0] == ["0.50", "0.50", "0.00"] and table.text[2][0] == "0.33"
    assert table.css[1][1] == "background-color: rgb(0,114,178); color: white"  # a share of 1


def test_proba_bars_write_four_decimals():
    fig = proba_bars([0.1, 0.2, 0.7], ["a", "b", "c"])
    assert list(fig.data[0].y) == [0.1, 0.2, 0.7]
    assert list(fig.data[0].text) == ["0.1000", "0.2000", "0.7000"]


def test_pinned_runs_overlay_up_to_four_with_settings_in_the_legend():
    runs = [(f"lr {lr}", [1.0, 0.5], [1.1, 0.6]) for lr in (0.1, 0.01, 0.001, 1.0)]
    fig = pinned_figure(runs)
    assert len(fig.data) == 2 * MAX_PINNED
    assert fig.data[2].name == "#2 train: lr 0.01"
    assert fig.data[3].line.dash == "dash"
    with pytest.raises(ValueError, match=r"runs must hold at most 4 runs, got 5\."):
        pinned_figure(runs + runs[:1])


def test_a_sweeps_runs_share_one_plot_up_to_six():
    runs = [(f"lr = {lr:g}", [2.0, 1.0], [2.5, 1.5]) for lr in (1e-4, 1e-3, 0.01, 0.1, 1, 10)]
    fig = runs_figure(runs, "Sweep: loss")
    assert len(fig.data) == 2 * MAX_RUNS == 12
    assert fig.data[10].name == "#6 train: lr = 10" and list(fig.data[11].y) == [2.5, 1.5]
    assert fig.layout.title.text == "Sweep: loss"
    with pytest.raises(ValueError, match=r"runs must hold at most 6 runs, got 7\."):
        runs_figure(runs + runs[:1], "Sweep: loss")


def test_scores_are_never_on_a_log_axis():
    """An R^2 from -1e4 (a run that learned nothing) to 0.99: no log axis, which could not even
    show the negative ones; the same span of losses would be logarithmic."""
    spread = [("a", [-1e4, -10.0], [-5e3, 0.5]), ("b", [0.1, 0.99], [0.2, 0.98])]
    score = runs_figure(spread, "R²", "r2")
    assert score.layout.yaxis.type is None and score.layout.yaxis.title.text == "R²"
    losses = [("a", [1e4, 10.0], None), ("b", [0.1, 0.01], None)]
    assert runs_figure(losses, "loss").layout.yaxis.type == "log"


def test_every_builder_passes_plotly_validation():
    """The builders skip validation for speed; a validating rebuild proves nothing was misspelt."""
    figures = [
        proba_bars([0.2, 0.8], ["a", "b"]),
        pinned_figure([("run", [1.0, 0.5], [1.2, 0.7])]),
        runs_figure([("lr 0.1", [0.5, 0.9], [0.4, 0.8])], "Accuracy", "accuracy"),
    ]
    for fig in figures:
        go.Figure(fig.to_dict())  # raises ValueError on an unknown property or a bad value
