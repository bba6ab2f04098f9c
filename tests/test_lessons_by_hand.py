"""The worked examples' formulas carry the lecture's numbers (PyTorch: test_autograd_check)."""

import numpy as np
import pytest

from mlp_core.autograd_check import torch_step
from mlp_core.backprop import forward_backward
from mlp_core.softmax_regression import sgd_step
from ui.lessons.forward_backward import (
    backprop_lesson,
    gradient_table,
    output_labels,
    parameter_names,
    state_dict_text,
)
from ui.lessons.softmax_regression import (
    LECTURE_THETA,
    epoch_table,
    prediction_table,
    slide_note,
    softmax_lesson,
)

LECTURE_WEIGHTS = [np.full((3, 2), 0.1), np.full((3, 1), 0.1)]


def _joined(steps):
    return " ".join(" ".join(s.latex) for s in steps)


def test_softmax_lesson_has_the_five_steps_with_the_lecture_numbers():
    step = sgd_step(LECTURE_THETA, [0.5], 0, 0.1)
    steps = softmax_lesson(step, LECTURE_THETA, 0, 0.1)
    assert len(steps) == 5
    assert steps[0].title.startswith("Pick a sample")
    text = _joined(steps)
    for number in ["0.2500", "0.4000", "0.4626", "0.5374", "0.7710", "-0.2687", "0.1537",
                   "0.1463", "0.3269", "0.3731"]:
        assert number in text, number
    assert steps[4].latex[0].endswith(
        r"\begin{bmatrix} 0.1537 & 0.1463 \\ 0.3269 & 0.3731 \end{bmatrix}")


def test_slide_note_is_computed_from_both_learning_rates():
    note = slide_note()
    assert "[[0.105, 0.194], [0.302, 0.397]]" in note  # the slide, truncated as it printed
    assert "[[0.1054, 0.1946], [0.3027, 0.3973]]" in note  # eta = 0.01
    assert "[[0.1537, 0.1463], [0.3269, 0.3731]]" in note  # eta = 0.1


def test_epoch_table_starts_at_theta_and_ends_at_the_last_step():
    from mlp_core.datasets import hours_pass
    from mlp_core.softmax_regression import train_steps

    data = hours_pass()
    steps = train_steps(LECTURE_THETA, data.X_train, data.y_train, 0.1, 3)
    table = epoch_table([LECTURE_THETA] + [s.theta_next for s in steps], [s.loss for s in steps],
                        4).to_pandas()  # as st.dataframe reads it: indexed by the epoch
    assert list(table.index) == [0, 1, 2, 3]
    assert table.loc[0].tolist() == ["0.1000", "0.2000", "0.3000", "0.4000", "—"]
    assert table.loc[3, ["b0", "b1", "w0", "w1"]].tolist() == [
        f"{v:.4f}" for v in steps[-1].theta_next.ravel()]
    assert table.loc[2, "mean loss"] == f"{np.mean([s.loss for s in steps[4:8]]):.4f}"


def test_prediction_table_rows_sum_to_one_and_pick_the_likelier_class():
    table = prediction_table([0.25, 4.5], [[0.7, 0.3], [0.1, 0.9]], ("0", "1")).to_pandas()
    assert table["predicted class"].tolist() == ["0", "1"]
    np.testing.assert_allclose(table["P(class 0)"] + table["P(class 1)"], 1.0)


def test_backprop_lesson_carries_the_lecture_numbers():
    trace = forward_backward(LECTURE_WEIGHTS, [1, 2], 0, 0.1)
    steps = backprop_lesson(trace, LECTURE_WEIGHTS, 0, 0.1, "identity", "sigmoid")
    assert [s.title.split(":")[0] for s in steps] == [
        "Forward", "Forward", "Loss", "Backward", "Backward", "SGD update"]
    assert steps[0].latex[0].endswith(r"\begin{bmatrix} 0.4000 & 0.4000 \end{bmatrix}")
    assert steps[1].latex[0].endswith("= 0.1800")
    assert steps[1].latex[1].endswith("= 0.5449")
    assert steps[2].latex[0].endswith("= 0.7872")
    update = " ".join(steps[5].latex)
    assert update.endswith(r"\begin{bmatrix} 0.0455 \\ 0.0782 \\ 0.0782 \end{bmatrix}")
    assert (r"\begin{bmatrix} 0.0946 & 0.0946 \\ 0.0946 & 0.0946 \\ 0.0891 & 0.0891 "
            r"\end{bmatrix}") in update


def test_the_slide_mixup_note_shows_both_arrangements_computed():
    trace = forward_backward(LECTURE_WEIGHTS, [1, 2], 0, 0.1)
    note = backprop_lesson(trace, LECTURE_WEIGHTS, 0, 0.1, "identity", "sigmoid")[5].note
    assert "[[0.0946, 0.0946], [0.0946, 0.0891], [0.0946, 0.0891]]" in note  # as the slide printed
    assert "[[0.0946, 0.0946], [0.0946, 0.0946], [0.0891, 0.0891]]" in note  # lecture layout


def test_no_mixup_note_when_the_weight_block_is_symmetric():
    trace = forward_backward(LECTURE_WEIGHTS, [1, 1], 0, 0.1)  # equal inputs: symmetric update
    assert backprop_lesson(trace, LECTURE_WEIGHTS, 0, 0.1, "identity", "sigmoid")[5].note is None


@pytest.mark.parametrize("hidden", ["identity", "sigmoid", "relu", "tanh"])
@pytest.mark.parametrize(("output", "n_out", "y"), [("sigmoid", 1, 1), ("softmax", 3, 2)])
def test_backprop_lesson_has_six_steps_for_every_choice(hidden, output, n_out, y):
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(3, 2)), rng.normal(size=(3, n_out))]
    trace = forward_backward(weights, [0.7, -1.3], y, 0.1, hidden, output)
    assert len(backprop_lesson(trace, weights, y, 0.1, hidden, output)) == 6


def test_state_dict_text_prints_torchs_layout_as_the_lecture_does():
    text = state_dict_text(torch_step(LECTURE_WEIGHTS, [1, 2], 0, 0.1).state_after)
    assert "0.weight  [[0.0946, 0.0891], [0.0946, 0.0891]]" in text
    assert "1.bias    [0.0455]" in text


def test_gradient_table_names_every_parameter_row_by_row():
    assert parameter_names("W_h", ["x1", "x2"], ["h1", "h2"])[:3] == [
        "W_h[0,0]: bias → h1", "W_h[0,1]: bias → h2", "W_h[1,0]: x1 → h1"]
    assert output_labels(1) == ["z"] and output_labels(3) == ["z0", "z1", "z2"]
    trace = forward_backward(LECTURE_WEIGHTS, [1, 2], 0, 0.1)
    grads = [layer.grad for layer in trace.layers]
    table = gradient_table(grads, torch_step(LECTURE_WEIGHTS, [1, 2], 0, 0.1).grads).to_pandas()
    assert len(table) == 9
    assert table["parameter"].iloc[-1] == "W_z[2,0]: h2 → z"
    assert table["|difference|"].max() < 1e-12
    assert table.loc[4, "by hand"] == pytest.approx(2 * 0.544879 * 0.1, abs=1e-6)  # x2 -> h1


def test_an_overflowing_exponential_is_explained():
    theta = [[1000.0, 0.2], [0.3, 1e6]]
    steps = softmax_lesson(sgd_step(theta, [0.5], 0, 0.1), theta, 0, 0.1)
    assert "too large for floating point" in steps[1].note
    assert softmax_lesson(sgd_step(LECTURE_THETA, [0.5], 0, 0.1), LECTURE_THETA, 0, 0.1)[1].note \
        is None
