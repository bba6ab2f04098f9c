"""Numbers a student can read: one format for the very large, and loss axes that stay readable
when a run diverges (issue #21). The diverging run is the studio's own "Too high a learning rate"
preset, trained here."""

import itertools
import json
import math
import re

import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlp_core.datasets import DataSpec
from mlp_core.training import TrainConfig, fit
from ui.figures.live_charts import LOG_LOSS_FORMAT, LOSS_FORMAT, curves_chart
from ui.figures.training import pinned_figure
from ui.format import LARGE, fmt, fmt_list, log_scale, log_ticks


@pytest.fixture(scope="module")
def diverged():
    """The high-lr preset's run (Iris 4-8-3, Identity, SGD lr 10, full batch): its loss grows
    from about 1 to about 4e+32 before it stops being finite."""
    ds = DataSpec("iris", test_size=0.3, seed=0).load()
    config = TrainConfig(hidden=(8,), activation="identity", optimizer="sgd", lr=10.0,
                         batch_size=None, epochs=50, seed=0)
    run = fit(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test, n_classes=ds.n_classes)
    assert run.stopped.non_finite and max(run.history.train_loss) > 1e30
    return run.history


def test_a_diverging_loss_is_written_with_four_significant_digits():
    assert fmt(402799073072618105776264691318784.0) == "4.028e+32"  # the number
    assert fmt(2.4999999999999997e+35) == "2.500e+35"  # the axis tick
    assert fmt(-123456.0) == "-1.235e+05"
    assert fmt_list([0.5, 1e9]) == "[0.5000, 1.000e+09]"


@pytest.mark.parametrize(("value", "text"), [
    (0.12345, "0.1235"), (99999.4, "99999.4000"), (-0.0, "0.0000"), (-1e-9, "0.0000"),
    (1e-17, "0.0000"),  # float rounding of a 0 is not shown as a value
    (math.inf, "inf"), (math.nan, "nan"),
])
def test_other_numbers_keep_their_four_decimals(value, text):
    assert fmt(value) == text


@given(st.floats(min_value=LARGE, max_value=3.4e38) | st.floats(min_value=-3.4e38,
                                                                max_value=-LARGE))
def test_a_large_number_reads_back_to_its_value_in_at_most_10_characters(value):
    text = fmt(value)
    assert len(text) <= 10 and "e+" in text
    assert float(text) == pytest.approx(value, rel=5e-4)


@given(st.floats(-30, 30), st.floats(0.5, 40))
def test_log_ticks_are_powers_of_ten_that_cover_the_values_at_most_eight(low, decades):
    values = [10.0 ** low, 10.0 ** (low + decades)]
    ticks, labels = log_ticks(values, None)
    assert 2 <= len(ticks) <= 8
    assert ticks[0] <= values[0] and ticks[-1] >= values[1]
    assert all(re.fullmatch(r"1e-?\d+", label) for label in labels)
    powers = [int(label[2:]) for label in labels]
    assert ticks == pytest.approx([10.0 ** k for k in powers], rel=1e-12)
    assert len({b - a for a, b in itertools.pairwise(powers)}) == 1  # evenly spaced


def test_a_log_axis_is_for_losses_that_span_decades(diverged):
    assert log_scale(diverged.train_loss, diverged.test_loss)
    assert not log_scale([1.02, 0.79, 0.57], [1.1, 0.8, 0.6])  # the lecture's run
    assert not log_scale([5.0, 0.0001, 0.0], None)  # a loss of 0 has no place on a log axis
    assert log_scale([1.0, 0.8], None, [1.0, 2e4])  # one pinned run beside others
    assert not log_scale([], None)


def test_the_live_loss_axis_turns_logarithmic_for_a_diverging_run(diverged):
    h = diverged
    option = curves_chart(h.train_loss, h.test_loss, h.train_acc, h.test_acc)
    loss_axis, accuracy_axis = option["yAxis"]
    assert option["title"][0]["text"] == "Loss (log scale)"
    # Drawn at log10(loss), its ticks whole powers of ten written 1e0, 1e10, ...
    assert loss_axis["minInterval"] == 1 and loss_axis["axisLabel"]["formatter"] == "1e{value}"
    assert "axisLabel" not in accuracy_axis
    series = {s["name"]: s for s in option["series"]}
    data = series["train loss"]["data"]
    assert [e for e, *_ in data] == list(range(1, len(h.train_loss) + 1))
    assert [v for *_, v in data] == h.train_loss  # every epoch's loss itself, for the hover
    assert [y for _, y, _ in data] == pytest.approx([math.log10(v) for v in h.train_loss])
    assert max(y for _, y, _ in data) > 30  # the last epochs, about 1e+32
    assert series["train loss"]["encode"] == dict(x=0, y=1, tooltip=[2])
    # The hover writes a loss in 4 significant digits, as the page's text does.
    assert series["train loss"]["tooltip"]["valueFormatter"] == LOG_LOSS_FORMAT == "%.4g"
    assert "tooltip" not in series["train accuracy"]
    json.dumps(option)

    calm = curves_chart([1.02, 0.79, 0.57], [1.1, 0.8, 0.6], [0.4, 0.7, 0.9], [0.3, 0.6, 0.8])
    assert calm["title"][0]["text"] == "Loss" and "axisLabel" not in calm["yAxis"][0]
    assert calm["series"][0]["data"] == [[1, 1.02], [2, 0.79], [3, 0.57]]
    # Four decimals, as the line above the chart writes the loss.
    assert calm["series"][0]["tooltip"]["valueFormatter"] == LOSS_FORMAT == "%.4f"


def test_a_pinned_diverged_run_leaves_the_others_readable(diverged):
    calm = ("lr 0.01", [1.1, 0.9, 0.7, 0.5], [1.2, 1.0, 0.8, 0.6])
    wild = ("diverged at epoch 17: lr 10", diverged.train_loss, diverged.test_loss)
    fig = pinned_figure([calm, wild])
    assert fig.layout.yaxis.type == "log"
    assert fig.layout.yaxis.title.text == "loss (log scale)"
    # Powers of ten written as the live curves write them, from below the calm run's 0.5 to
    # above the other's test loss (about 3e+35), every 7th power to keep it at 8 ticks or fewer.
    assert list(fig.layout.yaxis.ticktext) == [f"1e{k}" for k in range(-7, 43, 7)]
    assert list(fig.layout.yaxis.tickvals) == pytest.approx([10.0 ** k for k in
                                                             range(-7, 43, 7)])
    assert fig.data[2].name == "#2 train: diverged at epoch 17: lr 10"
    assert list(fig.data[0].y) == calm[1]  # the calm run's own values, not clipped or scaled
    go.Figure(fig.to_dict())  # plotly's validation: the log axis is spelt right
    assert pinned_figure([calm]).layout.yaxis.type is None  # linear, plotly's default
