"""Softmax regression by hand under AppTest: the lecture's numbers, edits checked against torch."""

import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from streamlit.testing.v1 import AppTest

from tests.app.helpers import shown
from ui import i18n, presenter

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "softmax_regression.py")
P = "softmax_regression"
HOURS, LABELS = [0.5, 1.0, 1.5, 2.0], [0, 0, 1, 1]


def torch_step(theta, hours, y, lr):
    """Reference: one SGD step with autograd on theta : (2, 2), lecture layout."""
    theta = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    x = torch.tensor([1.0, hours], dtype=torch.float64)
    z = theta.T @ x
    loss = F.cross_entropy(z[None], torch.tensor([y]))
    loss.backward()
    return (z.detach().numpy(), torch.softmax(z, 0).detach().numpy(), loss.item(),
            theta.grad.numpy(), (theta - lr * theta.grad).detach().numpy())


def latex_text(at) -> str:
    return " ".join(element.value for element in at.latex)


def four(values) -> list[str]:
    """Four decimals as the page writes them (no minus sign on a zero)."""
    return [f"{v:.4f}".replace("-0.0000", "0.0000") for v in np.ravel(values)]


@pytest.fixture
def at():
    return AppTest.from_file(PAGE, default_timeout=30).run()


def show_all(at):
    return at.toggle(key=f"{P}.walk.show_all").set_value(True).run()


def edit_theta(at, edits):
    version = at.session_state.get(f"{P}.theta.version", 0)
    at.session_state[f"{P}.theta.editor.{version}"] = {
        "edited_rows": edits, "added_rows": [], "deleted_rows": []}
    return at.run()


def test_opens_on_the_lecture_example_with_the_first_step_only(at):
    assert not at.exception
    assert at.title[0].value == "Softmax regression by hand"
    np.testing.assert_array_equal(at.data_editor[0].value.to_numpy(), [[0.1, 0.2], [0.3, 0.4]])
    assert at.number_input(key=f"{P}.hours").value == 0.5
    assert at.number_input(key=f"{P}.y").value == 0
    assert at.number_input(key=f"{P}.lr").value == 0.1
    text = latex_text(at)
    assert r"\begin{bmatrix} 1.0000 & 0.5000 \end{bmatrix}" in text
    assert "0.1537" not in text  # the update is step 5, not shown yet


def test_next_and_back_reveal_one_step_at_a_time(at):
    shown = len(at.latex)
    at.button(key=f"{P}.walk.next").click().run()
    assert len(at.latex) > shown and "0.4626" in latex_text(at)
    for _ in range(3):
        at.button(key=f"{P}.walk.next").click().run()
    assert "0.1537" in latex_text(at)
    assert at.button(key=f"{P}.walk.next").disabled
    at.button(key=f"{P}.walk.back").click().run()
    assert "0.1537" not in latex_text(at)


def test_all_five_steps_carry_the_lecture_numbers(at):
    text = latex_text(show_all(at))
    z, y_hat, loss, grad, theta_next = torch_step([[0.1, 0.2], [0.3, 0.4]], 0.5, 0, 0.1)
    for number in four(z) + four(y_hat) + four([loss]) + four(grad) + four(theta_next):
        assert number in text, number
    assert r"\begin{bmatrix} 0.1537 & 0.1463 \\ 0.3269 & 0.3731 \end{bmatrix}" in text


def test_eta_one_hundredth_gives_the_slide_numbers(at):
    at.number_input(key=f"{P}.lr").set_value(0.01).run()
    text = latex_text(show_all(at))
    assert r"\begin{bmatrix} 0.1054 & 0.1946 \\ 0.3027 & 0.3973 \end{bmatrix}" in text


def test_the_slide_note_comes_with_step_5_and_both_updates(at):
    assert not any("About the slide's result" in i.value for i in at.info)  # step 1: no update
    for _ in range(3):
        at.button(key=f"{P}.walk.next").click().run()
    assert not any("About the slide's result" in i.value for i in at.info)  # step 4
    at.button(key=f"{P}.walk.next").click().run()
    note = " ".join(i.value for i in at.info)
    assert "About the slide's result" in note
    assert "[[0.105, 0.194], [0.302, 0.397]]" in note
    assert "[[0.1054, 0.1946], [0.3027, 0.3973]]" in note
    assert "[[0.1537, 0.1463], [0.3269, 0.3731]]" in note


def test_check_yourself_marks_right_and_wrong(at):
    at.text_input(key=f"{P}.check.z").input("0.25, 0.40").run()
    at.text_input(key=f"{P}.check.theta_next").input("0.105, 0.194; 0.302, 0.397").run()
    assert [s.value for s in at.success] == ["Right (within 0.0005)."]
    assert len(at.error) == 1 and at.error[0].value.startswith("Not quite: 4 of 4 entries")
    at.text_input(key=f"{P}.check.theta_next").input("0.1537, 0.1463; 0.3269, 0.3731").run()
    assert len(at.success) == 2 and not at.error


def test_editing_theta_and_inputs_recomputes_against_torch(at):
    edit_theta(at, {0: {"class 1 (pass)": -0.5}, 1: {"class 0 (fail)": 1.2}})
    at.number_input(key=f"{P}.hours").set_value(2.0).run()
    at.number_input(key=f"{P}.y").set_value(1).run()
    at.number_input(key=f"{P}.lr").set_value(0.5).run()
    text = latex_text(show_all(at))
    z, y_hat, loss, grad, theta_next = torch_step([[0.1, -0.5], [1.2, 0.4]], 2.0, 1, 0.5)
    for number in four(z) + four(y_hat) + four([loss]) + four(grad) + four(theta_next):
        assert number in text, number


def test_training_over_the_hours_data_matches_a_torch_sgd_loop(at):
    at.number_input(key=f"{P}.epochs").set_value(5).run()
    theta = torch.tensor([[0.1, 0.2], [0.3, 0.4]], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=0.1)
    for _ in range(5):
        for hours, label in zip(HOURS, LABELS, strict=True):
            optimizer.zero_grad()
            z = theta.T @ torch.tensor([1.0, hours], dtype=torch.float64)
            F.cross_entropy(z[None], torch.tensor([label])).backward()
            optimizer.step()
    table = at.dataframe[1].value
    assert list(table.index) == [0, 1, 2, 3, 4, 5]
    # As shown: four decimals in every cell, no mean loss before the first epoch (not "None").
    assert table.loc[0, "mean loss"] == "—"
    cells = table.drop(columns="mean loss").to_numpy().ravel().tolist() + \
        table["mean loss"].iloc[1:].tolist()
    assert all(re.fullmatch(r"-?\d+\.\d{4}", cell) for cell in cells), cells
    np.testing.assert_allclose(table.loc[5, ["b0", "b1", "w0", "w1"]].to_numpy(dtype=float),
                               theta.detach().numpy().ravel(), atol=5e-5)
    predictions = at.dataframe[2].value
    assert predictions["hours"].tolist() == [0.25, 4.5]
    x = torch.tensor([[1.0, 0.25], [1.0, 4.5]], dtype=torch.float64)
    reference = torch.softmax(x @ theta.detach(), dim=1).numpy()
    np.testing.assert_allclose(predictions[["P(class 0)", "P(class 1)"]], reference, atol=5e-5)
    assert predictions["predicted class"].tolist() == [str(i) for i in reference.argmax(1)]


def test_bad_inputs_get_a_message_not_a_traceback(at):
    at.number_input(key=f"{P}.lr").set_value(-1.0).run()
    assert not at.exception and at.error[0].value == "lr must be > 0, got -1.0."
    at.number_input(key=f"{P}.lr").set_value(0.1).run()
    at.number_input(key=f"{P}.y").set_value(2).run()
    assert not at.exception and at.error[0].value == "y must be a class index in [0, 2), got 2."
    at.number_input(key=f"{P}.y").set_value(0).run()
    edit_theta(at, {1: {"class 1 (pass)": None}})
    assert not at.exception
    assert at.error[0].value == (
        "θ (parameters): type a number in row 'hours', column 'class 1 (pass)'.")


def test_unreadable_hours_to_predict_are_reported(at):
    at.text_input(key=f"{P}.new_hours").input("two hours").run()
    assert not at.exception
    assert at.error[0].value == ("Type one or more numbers of hours separated by commas, "
                                 "e.g. 0.25, 4.5.")


def test_reset_returns_to_the_lecture_example(at):
    edit_theta(at, {0: {"class 0 (fail)": 9.0}})
    at.number_input(key=f"{P}.lr").set_value(0.3).run()
    at.button(key=f"{P}.walk.next").click().run()
    at.button[0].click().run()  # "Reset to the lecture's example" is the first button
    assert at.number_input(key=f"{P}.lr").value == 0.1
    np.testing.assert_array_equal(at.data_editor[0].value.to_numpy(), [[0.1, 0.2], [0.3, 0.4]])
    text = latex_text(show_all(at))
    assert "0.1537" in text


# --- links, presenter mode, Vietnamese ----------------------------------------------------------
def commit_theta(at, rows):
    """What the grid's on_change does after a browser edit: store the matrix, rebuild the grid."""
    at.session_state[f"{P}.theta"] = rows
    at.session_state[f"{P}.theta.version"] = at.session_state.get(f"{P}.theta.version", 0) + 1
    return at.run()


def open_link(**params):
    """The page opened from a link carrying `params` (the URL's query string)."""
    at = AppTest.from_file(PAGE, default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def test_a_link_opens_with_its_theta_hours_and_rate():
    # theta[hours, class 0] = 1.3 at 0.5 hours: z = [0.1 + 0.65, 0.2 + 0.2] = [0.75, 0.4].
    at = open_link(theta="0.1,0.2;1.3,0.4", lr="0.01", all="1")
    assert not at.exception and not at.warning
    np.testing.assert_array_equal(at.data_editor[0].value.to_numpy(), [[0.1, 0.2], [1.3, 0.4]])
    assert at.number_input(key=f"{P}.lr").value == 0.01
    assert at.toggle(key=f"{P}.walk.show_all").value is True
    text = latex_text(at)
    z, y_hat, loss, grad, theta_next = torch_step([[0.1, 0.2], [1.3, 0.4]], 0.5, 0, 0.01)
    assert four(z) == ["0.7500", "0.4000"]
    for number in four(y_hat) + four([loss]) + four(grad) + four(theta_next):
        assert number in text, number


def test_a_link_round_trips_every_lesson_input():
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    commit_theta(at, [[0.1, -0.5], [1.2, 0.4]])
    at.number_input(key=f"{P}.hours").set_value(2.0).run()
    at.number_input(key=f"{P}.y").set_value(1).run()
    at.number_input(key=f"{P}.lr").set_value(0.5).run()
    at.number_input(key=f"{P}.epochs").set_value(3).run()
    at.text_input(key=f"{P}.new_hours").input("1, 3.5").run()
    show_all(at)
    params = dict(at.query_params)
    assert params == {"theta": "0.1,-0.5;1.2,0.4", "hours": "2", "y": "1", "lr": "0.5",
                      "all": "1", "epochs": "3", "predict": "1, 3.5"}

    again = open_link(**params)
    assert not again.exception and not again.warning
    np.testing.assert_array_equal(again.data_editor[0].value.to_numpy(),
                                  [[0.1, -0.5], [1.2, 0.4]])
    assert again.number_input(key=f"{P}.hours").value == 2.0
    assert again.number_input(key=f"{P}.y").value == 1
    assert again.number_input(key=f"{P}.epochs").value == 3
    assert latex_text(again) == latex_text(at)
    for before, after in zip(at.dataframe[1:], again.dataframe[1:], strict=True):
        assert after.value.equals(before.value)
    assert again.dataframe[2].value["hours"].tolist() == [1.0, 3.5]


def test_a_tampered_link_falls_back_and_names_what_it_ignored():
    at = open_link(theta="1,2,3", lr="abc", y="7", hours="0.75")
    assert not at.exception
    warning = shown(at.warning[0].value)
    assert "**theta** = 1,2,3: not a matrix of shape 2×2." in warning
    assert "**lr** = abc: not a number." in warning
    assert "**y** = 7: outside 0 to 1." in warning
    assert "hours" not in warning  # the good value is used
    np.testing.assert_array_equal(at.data_editor[0].value.to_numpy(), [[0.1, 0.2], [0.3, 0.4]])
    assert at.number_input(key=f"{P}.lr").value == 0.1
    assert at.number_input(key=f"{P}.y").value == 0
    assert at.number_input(key=f"{P}.hours").value == 0.75
    assert not {"theta", "lr", "y"} & set(at.query_params)  # dropped, not written back


def test_values_at_their_defaults_stay_out_of_the_link():
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not set(at.query_params)
    at.number_input(key=f"{P}.lr").set_value(0.3).run()
    assert at.query_params["lr"] == "0.3"
    at.number_input(key=f"{P}.lr").set_value(0.1).run()
    assert "lr" not in at.query_params


def test_presenter_mode_hides_the_digits_and_enlarges_the_figures():
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["app.present"] = True
    at.run()
    assert not at.exception
    assert not at.expander  # "Exact values (every digit)"
    assert len(at.dataframe) == 2  # the θ grid and the predictions; the epoch table is hidden
    charts = at.get("plotly_chart")
    assert len(charts) == 3
    for chart in charts:
        assert json.loads(chart.proto.spec)["layout"]["font"]["size"] == presenter.FIGURE_FONT
    assert at.number_input(key=f"{P}.lr").value == 0.1  # the lecture's inputs stay


def test_in_vietnamese_the_title_is_translated_and_the_numbers_are_not():
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["app.lang"] = "vi"
    at.run()
    assert not at.exception
    assert at.title[0].value == i18n.catalogue("vi")["softmax_regression.title"]
    assert at.button(key=f"{P}.walk.next").label == "Bước tiếp ▶"
    assert r"\text{thêm số 1 ở đầu cho độ lệch}" in latex_text(at)
    assert r"\begin{bmatrix} 0.1537 & 0.1463 \\ 0.3269 & 0.3731 \end{bmatrix}" in \
        latex_text(show_all(at))


def test_an_empty_cell_goes_into_the_link_as_nan_and_a_link_with_it_is_refused():
    at = commit_theta(AppTest.from_file(PAGE, default_timeout=30).run(), [[0.1, None], [0.3, 0.4]])
    assert not at.exception
    assert at.error[0].value == "θ (parameters): type a number in row 'bias (row 0)', column " \
        "'class 1 (pass)'."
    assert at.query_params["theta"] == "0.1,nan;0.3,0.4"
    again = open_link(theta="0.1,nan;0.3,0.4")
    assert not again.exception and "**theta** = 0.1,nan;0.3,0.4" in shown(again.warning[0].value)
    np.testing.assert_array_equal(again.data_editor[0].value.to_numpy(), [[0.1, 0.2], [0.3, 0.4]])


def test_in_vietnamese_a_refused_rate_is_said_in_vietnamese_beside_the_inputs():
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["app.lang"] = "vi"
    at.run()
    at.number_input(key=f"{P}.lr").set_value(-1.0).run()
    assert not at.exception
    assert at.error[0].value == "Tốc độ học lr phải > 0, đang là -1.0."
    assert at.error[0].value == i18n.catalogue("vi")["errors.lr_positive"].format(lr=-1.0)
