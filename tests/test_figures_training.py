"""The studio's result figures (plotly, a Styler) carry the numbers they are given."""

import re

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


def _cell_styles(styler) -> dict[tuple[int, int], str]:
    """The CSS of each body cell, as pandas renders it."""
    html = styler.set_uuid("cm").to_html()
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", html.split("<style")[1].split("</style>")[0])
    styles = {}
    for selectors, css in rules:
        for row, col in re.findall(r"#T_cm_row(\d+)_col(\d+)", selectors):
            styles[int(row), int(col)] = " ".join(css.split()).rstrip(";")
    return styles


def test_confusion_table_writes_sklearn_counts_and_shades_them():
    y_true, y_pred = [0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 2]
    cm = confusion_matrix(y_true, y_pred)
    styler = confusion_table(cm, ["setosa", "versicolor", "virginica"])
    np.testing.assert_array_equal(styler.data.to_numpy(), cm)
    assert list(styler.data.columns) == ["setosa", "versicolor", "virginica"]
    assert list(styler.data.index) == ["setosa", "versicolor", "virginica"]
    html = styler.to_html()
    assert ">2</td>" in html and ">0</td>" in html  # counts as whole numbers
    styles = _cell_styles(styler)
    # The largest count in the full class colour (white ink), a zero white (black ink).
    assert styles[1, 1] == "background-color: rgb(0,114,178); color: white"
    assert styles[0, 2] == "background-color: rgb(255,255,255); color: black"


def test_confusion_table_writes_row_shares_to_two_decimals():
    cm = confusion_matrix([0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 2])
    shares = cm / cm.sum(axis=1, keepdims=True)
    styler = confusion_table(shares, ["a", "b", "c"], normalized=True)
    np.testing.assert_allclose(styler.data.to_numpy(), shares)
    assert ">0.67</td>" in styler.to_html() and ">0.50</td>" in styler.to_html()
    styles = _cell_styles(styler)
    assert styles[1, 1] == "background-color: rgb(0,114,178); color: white"  # a share of 1


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
