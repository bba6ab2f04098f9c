"""Forward and backward under AppTest: the lecture's 2-2-1 numbers, then edits against PyTorch."""

from pathlib import Path

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest
from torch import nn

from tests.app.helpers import shown
from ui import i18n

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "forward_backward.py")
P = "forward_backward"
TORCH_ACT = {"identity": None, "sigmoid": nn.Sigmoid, "relu": nn.ReLU, "tanh": nn.Tanh}


def reference(W_h, W_z, x, y, lr, hidden="identity", output="sigmoid"):
    """PyTorch, built here by hand from nn.Linear (not through the app's helpers)."""
    W_h, W_z = np.asarray(W_h, dtype=float), np.asarray(W_z, dtype=float)
    first, second = nn.Linear(2, 2, dtype=torch.float64), nn.Linear(2, W_z.shape[1],
                                                                   dtype=torch.float64)
    with torch.no_grad():
        for linear, W in [(first, W_h), (second, W_z)]:
            linear.weight.copy_(torch.tensor(W[1:].T))  # lecture rows are inputs; torch is out x in
            linear.bias.copy_(torch.tensor(W[0]))
    x = torch.tensor(x, dtype=torch.float64)
    a = first(x)
    h = a if TORCH_ACT[hidden] is None else TORCH_ACT[hidden]()(a)
    z = second(h)
    if output == "sigmoid":
        y_hat = torch.sigmoid(z)
        loss = nn.BCELoss()(y_hat, torch.tensor([float(y)], dtype=torch.float64))
    else:
        y_hat = torch.softmax(z, 0)
        loss = nn.CrossEntropyLoss()(z, torch.tensor(y))
    loss.backward()
    grads = [np.vstack([m.bias.grad.numpy(), m.weight.grad.numpy().T]) for m in (first, second)]
    after = [np.vstack([m.bias.detach().numpy(), m.weight.detach().numpy().T]) - lr * g
             for m, g in zip((first, second), grads, strict=True)]
    return {"h": h.detach().numpy(), "z": z.detach().numpy(), "y_hat": y_hat.detach().numpy(),
            "loss": loss.item(), "grads": grads, "after": after}


def four(values) -> list[str]:
    """Four decimals as the page writes them (no minus sign on a zero)."""
    return [f"{v:.4f}".replace("-0.0000", "0.0000") for v in np.ravel(values)]


def latex_text(at) -> str:
    return " ".join(element.value for element in at.latex)


def show_all(at):
    return at.toggle(key=f"{P}.walk.show_all").set_value(True).run()


def edit(at, name, edits):
    version = at.session_state.get(f"{P}.{name}.version", 0)
    at.session_state[f"{P}.{name}.editor.{version}"] = {
        "edited_rows": edits, "added_rows": [], "deleted_rows": []}
    return at.run()


def assert_shows(at, ref):
    text = latex_text(at)
    for number in (four(ref["h"]) + four(ref["z"]) + four(ref["y_hat"]) + four([ref["loss"]])
                   + four(np.concatenate([g.ravel() for g in ref["grads"]]))
                   + four(np.concatenate([w.ravel() for w in ref["after"]]))):
        assert number in text, number
    table = next(d for d in at.dataframe if d.editing_mode == "read_only").value
    np.testing.assert_allclose(table["by hand"], np.concatenate([g.ravel() for g in ref["grads"]]),
                               atol=1e-12)
    np.testing.assert_allclose(table["torch autograd"], table["by hand"], atol=1e-12)
    assert at.metric[0].value == at.metric[1].value == f"{ref['loss']:.4f}"


@pytest.fixture
def at():
    return AppTest.from_file(PAGE, default_timeout=30).run()


def test_opens_on_the_lecture_example_first_step_only(at):
    assert not at.exception
    assert at.title[0].value == "Forward and backward"
    assert [e.value.to_numpy().tolist() for e in at.data_editor] == [[[0.1, 0.1]] * 3, [[0.1]] * 3]
    text = latex_text(at)
    assert r"= \begin{bmatrix} 0.4000 & 0.4000 \end{bmatrix}" in text  # h
    assert "0.1800" not in text  # z comes with the next step


def test_next_reveals_the_output_then_the_loss(at):
    at.button(key=f"{P}.walk.next").click().run()
    assert "= 0.1800" in latex_text(at) and "= 0.5449" in latex_text(at)
    assert "0.7872" not in latex_text(at)
    at.button(key=f"{P}.walk.next").click().run()
    assert "= 0.7872" in latex_text(at)


def test_the_lecture_numbers_all_steps(at):
    text = latex_text(show_all(at))
    for number in ["0.4000", "0.1800", "0.5449", "0.7872", "0.0946", "0.0891", "0.0782",
                   "0.0455"]:
        assert number in text, number
    assert r"\begin{bmatrix} 0.0455 \\ 0.0782 \\ 0.0782 \end{bmatrix}" in text
    assert_shows(at, reference(np.full((3, 2), 0.1), np.full((3, 1), 0.1), [1.0, 2.0], 0, 0.1))


def test_pytorch_state_dict_before_and_after_in_its_own_layout(at):
    codes = [c.value for c in at.code]
    assert "(0): Linear(in_features=2, out_features=2, bias=True)" in codes[0]
    assert "0.weight  [[0.1000, 0.1000], [0.1000, 0.1000]]" in codes[1]
    assert "0.weight  [[0.0946, 0.0891], [0.0946, 0.0891]]" in codes[2]
    assert "0.bias    [0.0946, 0.0946]" in codes[2]
    assert "1.weight  [[0.0782, 0.0782]]" in codes[2] and "1.bias    [0.0455]" in codes[2]
    assert at.success[0].value.startswith("Equal")


def test_the_slide_mixup_is_noted_at_the_update(at):
    notes = " ".join(i.value for i in show_all(at).info)
    assert "[[0.0946, 0.0946], [0.0946, 0.0891], [0.0946, 0.0891]]" in notes
    assert "[[0.0946, 0.0946], [0.0946, 0.0946], [0.0891, 0.0891]]" in notes


def test_swapping_the_inputs_recomputes_against_torch(at):
    at.number_input(key=f"{P}.x1").set_value(2.0).run()
    at.number_input(key=f"{P}.x2").set_value(1.0).run()
    show_all(at)
    assert_shows(at, reference(np.full((3, 2), 0.1), np.full((3, 1), 0.1), [2.0, 1.0], 0, 0.1))
    text = latex_text(at)
    # x2 now feeds the smaller gradient: row x1 of W_h moves more.
    assert r"\begin{bmatrix} 0.0946 & 0.0946 \\ 0.0891 & 0.0891 \\ 0.0946 & 0.0946 \end{bmatrix}" \
        in text


@pytest.mark.parametrize("hidden", ["sigmoid", "relu", "tanh"])
def test_hidden_activations_match_torch(at, hidden):
    edit(at, "W_h", {1: {"h₁": -0.7}, 2: {"h₂": 0.9}})
    at.selectbox(key=f"{P}.hidden").set_value(hidden).run()
    at.number_input(key=f"{P}.y").set_value(1).run()
    show_all(at)
    W_h = [[0.1, 0.1], [-0.7, 0.1], [0.1, 0.9]]
    assert_shows(at, reference(W_h, np.full((3, 1), 0.1), [1.0, 2.0], 1, 0.1, hidden))


def test_softmax_output_with_three_classes_matches_torch(at):
    at.radio(key=f"{P}.output").set_value("softmax").run()
    at.number_input(key=f"{P}.n_classes").set_value(3).run()
    assert at.data_editor[1].value.shape == (3, 3)
    edit(at, "W_z.softmax", {0: {"z2": 0.5}, 1: {"z1": -0.3}})
    at.number_input(key=f"{P}.y").set_value(2).run()
    at.selectbox(key=f"{P}.hidden").set_value("relu").run()
    show_all(at)
    W_z = [[0.1, 0.1, 0.5], [0.1, -0.3, 0.1], [0.1, 0.1, 0.1]]
    assert_shows(at, reference(np.full((3, 2), 0.1), W_z, [1.0, 2.0], 2, 0.1, "relu", "softmax"))
    # Back to sigmoid: its own W_z is untouched.
    at.radio(key=f"{P}.output").set_value("sigmoid").run()
    assert at.data_editor[1].value.shape == (3, 1)


def test_bad_inputs_get_a_message_not_a_traceback(at):
    at.number_input(key=f"{P}.y").set_value(2).run()
    assert not at.exception
    assert at.error[0].value == "y must be 0 or 1 for output 'sigmoid', got 2."
    at.number_input(key=f"{P}.y").set_value(0).run()
    at.number_input(key=f"{P}.lr").set_value(0.0).run()
    assert at.error[0].value == "lr must be > 0, got 0.0."
    at.number_input(key=f"{P}.lr").set_value(0.1).run()
    edit(at, "W_z.sigmoid", {2: {"z": None}})
    assert not at.exception
    assert at.error[0].value == "W_z (hidden → output): type a number in row 'h₂', column 'z'."


def test_reset_returns_to_the_lecture_example(at):
    edit(at, "W_h", {0: {"h₁": 5.0}})
    at.number_input(key=f"{P}.x1").set_value(3.0).run()
    at.selectbox(key=f"{P}.hidden").set_value("tanh").run()
    at.button[0].click().run()
    assert at.number_input(key=f"{P}.x1").value == 1.0
    assert at.selectbox(key=f"{P}.hidden").value == "identity"
    assert at.data_editor[0].value.to_numpy().tolist() == [[0.1, 0.1]] * 3
    assert at.metric[0].value == "0.7872"


def test_a_saturated_sigmoid_is_explained_not_blamed(at):
    edit(at, "W_z.sigmoid", {0: {"z": 40.0}})
    assert not at.exception
    # z = 40 + 0.1 * 0.4 + 0.1 * 0.4 = 40.08, so L = 40.08 exactly; BCELoss clips log(0) at -100
    assert at.metric[0].value == "40.0800" and at.metric[1].value == "100.0000"
    assert at.warning[0].value.startswith("They differ: the sigmoid has saturated")


def test_no_difference_is_written_as_a_plain_0(at):
    assert at.metric[2].label == "Largest gradient difference"
    assert at.metric[2].value == "0"  # not 0.0e+00: nothing differs
    # A difference that exists keeps its digits: the saturated sigmoid's.
    edit(at, "W_z.sigmoid", {0: {"z": 40.0}})
    assert at.metric[2].value == "1.0e+00"


def test_equal_class_weights_zero_every_hidden_gradient_and_the_page_says_why():
    at = show_all(open_link(output="softmax", hidden="sigmoid"))  # every weight 0.1
    ref = reference(np.full((3, 2), 0.1), np.full((3, 2), 0.1), [1.0, 2.0], 0, 0.1, "sigmoid",
                    "softmax")
    np.testing.assert_allclose(ref["grads"][0], 0.0, atol=1e-15)  # torch finds them 0 too
    assert_shows(at, ref)
    notes = [info.value for info in at.info]
    assert any(note.startswith("$W_{z,1:}$") and "Every hidden gradient is 0 by symmetry" in note
               for note in notes), notes
    # Once the classes get different weights from h1, the hidden layer learns and the line goes.
    at = show_all(open_link(**SOFTMAX_LINK))
    assert not any("by symmetry" in info.value for info in at.info)


# --- links, presenter mode, Vietnamese ----------------------------------------------------------
def open_link(**params):
    """The page opened from a link carrying `params` (the URL's query string)."""
    at = AppTest.from_file(PAGE, default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def commit(at, name, rows):
    """What a grid's on_change does after a browser edit: store the matrix, rebuild the grid."""
    at.session_state[f"{P}.{name}"] = rows
    at.session_state[f"{P}.{name}.version"] = at.session_state.get(f"{P}.{name}.version", 0) + 1
    return at.run()


SOFTMAX_LINK = {"output": "softmax", "wz": "0.1,0.1;0.1,-0.3;0.5,0.1", "y": "1",
                "hidden": "relu"}


def test_a_softmax_link_with_a_3x2_W_z_opens_with_its_values():
    at = show_all(open_link(**SOFTMAX_LINK))
    assert not at.exception and not at.warning
    assert at.radio(key=f"{P}.output").value == "softmax"
    assert at.selectbox(key=f"{P}.hidden").value == "relu"
    assert at.number_input(key=f"{P}.n_classes").value == 2
    assert at.data_editor[1].value.to_numpy().tolist() == [[0.1, 0.1], [0.1, -0.3], [0.5, 0.1]]
    W_z = [[0.1, 0.1], [0.1, -0.3], [0.5, 0.1]]
    assert_shows(at, reference(np.full((3, 2), 0.1), W_z, [1.0, 2.0], 1, 0.1, "relu", "softmax"))
    # The same link comes back out of the page, nothing added.
    assert dict(at.query_params) == {**SOFTMAX_LINK, "all": "1"}


def test_a_link_round_trips_every_lesson_input():
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    at.number_input(key=f"{P}.x1").set_value(-1.5).run()
    at.number_input(key=f"{P}.x2").set_value(0.25).run()
    at.number_input(key=f"{P}.lr").set_value(0.5).run()
    at.selectbox(key=f"{P}.hidden").set_value("tanh").run()
    at.radio(key=f"{P}.output").set_value("softmax").run()
    at.number_input(key=f"{P}.n_classes").set_value(3).run()
    commit(at, "W_h", [[0.1, -0.2], [0.3, 0.1], [0.1, 0.7]])
    commit(at, "W_z.softmax", [[0.1, 0.1, 0.5], [0.1, -0.3, 0.1], [0.2, 0.1, 0.1]])
    at.number_input(key=f"{P}.y").set_value(2).run()
    params = dict(at.query_params)
    assert params == {"x1": "-1.5", "x2": "0.25", "lr": "0.5", "hidden": "tanh",
                      "output": "softmax", "wh": "0.1,-0.2;0.3,0.1;0.1,0.7",
                      "wz": "0.1,0.1,0.5;0.1,-0.3,0.1;0.2,0.1,0.1", "y": "2"}

    again = open_link(**params)
    assert not again.exception and not again.warning
    assert again.number_input(key=f"{P}.n_classes").value == 3
    assert [e.value.to_numpy().tolist() for e in again.data_editor] == [
        [[0.1, -0.2], [0.3, 0.1], [0.1, 0.7]], [[0.1, 0.1, 0.5], [0.1, -0.3, 0.1], [0.2, 0.1, 0.1]]]
    ref = reference([[0.1, -0.2], [0.3, 0.1], [0.1, 0.7]],
                    [[0.1, 0.1, 0.5], [0.1, -0.3, 0.1], [0.2, 0.1, 0.1]], [-1.5, 0.25], 2, 0.5,
                    "tanh", "softmax")
    assert_shows(show_all(again), ref)
    assert latex_text(again) == latex_text(show_all(at))
    assert [m.value for m in again.metric] == [m.value for m in at.metric]


def test_a_tampered_link_falls_back_and_names_what_it_ignored():
    # A 3x2 W_z only fits the softmax output; with the default sigmoid output it is refused.
    at = open_link(wz="0.1,0.1;0.1,0.1;0.1,0.1", x1="abc", hidden="gelu", wh="1,2;3,4", x2="3")
    assert not at.exception
    assert at.warning.len == 1  # one notice, though W_z is read in a second pass
    warnings = shown(at.warning[0].value)
    assert "**x1** = abc: not a number." in warnings
    assert "**hidden** = gelu: not one of identity, sigmoid, relu, tanh." in warnings
    assert "**wh** = 1,2;3,4: not a matrix of shape 3×2." in warnings
    assert "**wz** = 0.1,0.1;0.1,0.1;0.1,0.1: not a matrix of shape 3×1." in warnings
    assert at.number_input(key=f"{P}.x1").value == 1.0
    assert at.number_input(key=f"{P}.x2").value == 3.0  # the good value is used
    assert at.selectbox(key=f"{P}.hidden").value == "identity"
    assert [e.value.to_numpy().tolist() for e in at.data_editor] == [[[0.1, 0.1]] * 3, [[0.1]] * 3]
    assert dict(at.query_params) == {"x2": "3"}


@pytest.mark.parametrize(("params", "n"), [({"y": "4"}, 2),  # y alone: the sigmoid's 0 or 1
                                          ({"output": "softmax", "y": "3"}, 2),  # default 3x2 W_z
                                          ({**SOFTMAX_LINK, "y": "2"}, 2)])
def test_a_link_label_that_is_not_a_class_of_its_output_falls_back_to_0(params, n):
    at = open_link(**params)
    assert not at.exception and not at.error
    (warning,) = at.warning
    assert (f"**y** = {params['y']}: not one of the {n} classes shown here (0 to {n - 1})."
            in shown(warning.value))
    assert at.number_input(key=f"{P}.y").value == 0
    assert "y" not in at.query_params
    output = params.get("output", "sigmoid")
    W_z = (np.array([[0.1, 0.1], [0.1, -0.3], [0.5, 0.1]]) if "wz" in params
           else np.full((3, 1 if output == "sigmoid" else 2), 0.1))
    ref = reference(np.full((3, 2), 0.1), W_z, [1.0, 2.0], 0, 0.1, params.get("hidden", "identity"),
                    output)
    assert_shows(show_all(at), ref)


def test_a_link_label_of_a_class_its_W_z_has_is_used():
    W_z = "0.1,0.2,0.3,0.4,0.5;0.1,0.1,0.1,0.1,0.1;0.2,0.2,0.2,0.2,0.2"
    at = open_link(output="softmax", wz=W_z, y="4")
    assert not at.exception and not at.error and not at.warning
    assert at.number_input(key=f"{P}.y").value == 4
    assert dict(at.query_params) == {"output": "softmax", "wz": W_z, "y": "4"}


def test_values_at_their_defaults_stay_out_of_the_link():
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not set(at.query_params)
    at.radio(key=f"{P}.output").set_value("softmax").run()
    assert dict(at.query_params) == {"output": "softmax"}  # its default 3x2 W_z is left out
    at.radio(key=f"{P}.output").set_value("sigmoid").run()
    assert not set(at.query_params)


def test_presenter_mode_hides_the_digits_and_keeps_the_lecture_numbers():
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["app.present"] = True
    at.run()
    assert not at.exception
    assert not at.expander  # "Exact values (every digit)"
    assert not [d for d in at.dataframe if d.editing_mode == "read_only"]  # the gradient table
    assert at.metric[0].value == at.metric[1].value == "0.7872"
    assert len(at.data_editor) == 2 and at.radio(key=f"{P}.output").value == "sigmoid"


def test_in_vietnamese_the_title_is_translated_and_the_numbers_are_not():
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["app.lang"] = "vi"
    at.run()
    assert not at.exception
    assert at.title[0].value == i18n.catalogue("vi")["forward_backward.title"]
    assert at.metric[0].label == "Mất mát tính tay" and at.metric[0].value == "0.7872"
    assert at.success[0].value.startswith("Bằng nhau")
    assert "= 0.7872" in latex_text(show_all(at))


def test_in_vietnamese_a_refused_label_is_said_in_vietnamese():
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["app.lang"] = "vi"
    at.run()
    at.number_input(key=f"{P}.y").set_value(2).run()
    assert not at.exception
    assert at.error[0].value == "y phải là 0 hoặc 1 với đầu ra 'sigmoid', đang là 2."
