"""AppTest of the activations-and-losses page: lecture numbers, typed inputs checked by torch."""

import json

import pytest
import torch
import torch.nn.functional as F
from streamlit.testing.v1 import AppTest

from tests.app.helpers import f4, metrics, page_path, shown

PAGE = page_path("activations_losses")


@pytest.fixture
def at():
    return AppTest.from_file(PAGE, default_timeout=30).run()


def f4_list(values) -> str:
    return "[" + ", ".join(f4(v) if f4(v) != "-0.0000" else "0.0000" for v in values) + "]"


def activation_rows(at):
    return at.dataframe[0].value.set_index("Activation")


def test_opens_on_the_lecture_inputs(at):
    rows = activation_rows(at)
    assert rows.loc["Sigmoid", "f(input)"] == "[0.5449, 0.4551]"
    assert rows.loc["Tanh", "f(input)"] == "[0.1781, -0.1781]"
    assert rows.loc["ReLU", "f(input)"] == "[0.1800, 0.0000]"
    assert at.latex[0].value.strip("$\n") == r"\sigma(z) = \frac{1}{1 + e^{-z}}"


def test_opens_on_the_lecture_bce_case(at):
    shown = metrics(at)
    assert shown["Binary cross-entropy L"] == "0.7872"
    assert shown["dL/dz"] == "[0.5449]"  # sigma(z) - y with y = 0
    assert any(r"\begin{bmatrix} 0.5449 \end{bmatrix}" in t.value for t in at.latex)


def test_own_input_follows_torch(at):
    at.text_input(key="activations.input").set_value("1.5, -2, 0.3").run()
    x = torch.tensor([1.5, -2.0, 0.3], dtype=torch.float64)
    rows = activation_rows(at)
    assert rows.loc["Sigmoid", "f(input)"] == f4_list(torch.sigmoid(x))
    assert rows.loc["Tanh", "f(input)"] == f4_list(torch.tanh(x))
    assert rows.loc["GELU", "f(input)"] == f4_list(F.gelu(x))


def test_bad_input_gets_a_message_not_a_table(at):
    at.text_input(key="activations.input").set_value("0.5, abc").run()
    assert "Inputs must be numbers separated by commas, got 'abc'." in shown(at.error[0].value)
    assert all("f(input)" not in d.value.columns for d in at.dataframe)
    at.text_input(key="activations.input").set_value("").run()
    assert "at least one number" in at.error[0].value


def test_picking_another_activation(at):
    at.selectbox(key="activations.name").set_value("relu").run()
    assert at.latex[0].value.strip("$\n") == r"\mathrm{ReLU}(z) = \max(0, z)"


def test_lecture_cross_entropy_preset_then_a_change(at):
    at.button(key="activations.preset.cross_entropy").click().run()
    shown = metrics(at)
    assert shown["Cross-entropy L"] == "0.8949"
    assert shown["dL/dz"] == "[-0.5913, 0.5913]"
    at.text_input(key="activations.z").set_value("0.5, -1.0, 2.0").run()
    at.text_input(key="activations.y").set_value("1").run()
    z = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
    loss = F.cross_entropy(z, torch.tensor(1))
    loss.backward()
    shown = metrics(at)
    assert shown["Cross-entropy L"] == f4(loss.item())
    assert shown["dL/dz"] == f4_list(z.grad)


def test_bce_change_follows_torch(at):
    at.button(key="activations.preset.bce").click().run()
    at.text_input(key="activations.z").set_value("-0.7").run()
    at.text_input(key="activations.y").set_value("1").run()
    p = torch.sigmoid(torch.tensor([-0.7], dtype=torch.float64))
    expected = F.binary_cross_entropy(p, torch.tensor([1.0], dtype=torch.float64)).item()
    assert metrics(at)["Binary cross-entropy L"] == f4(expected)


def test_mse_and_a_mismatched_target(at):
    at.radio(key="activations.loss").set_value("mse").run()
    at.text_input(key="activations.z").set_value("0.5, 2.0").run()
    assert "y must have one number per z: z has 2, got 1." in shown(at.error[0].value)
    at.text_input(key="activations.y").set_value("1, 0").run()
    expected = F.mse_loss(torch.tensor([0.5, 2.0]), torch.tensor([1.0, 0.0])).item()
    assert metrics(at)["Mean squared error L"] == f4(expected)


def test_label_out_of_range_and_reset(at):
    at.radio(key="activations.loss").set_value("cross_entropy").run()
    at.text_input(key="activations.z").set_value("0.1, 0.2").run()
    at.text_input(key="activations.y").set_value("5").run()
    assert "y must be a class index in [0, 2), got 5." in shown(at.error[0].value)
    at.button(key="activations.reset").click().run()
    assert not at.error
    assert metrics(at)["Binary cross-entropy L"] == "0.7872"
    assert at.text_input(key="activations.input").value == "0.18, -0.18"


def comparison(at):
    return next(d.value for d in at.dataframe if "dL/dz" in d.value.columns).set_index("Loss")


def test_binary_comparison_lecture_case_and_a_change(at):
    rows = comparison(at)
    assert f4(rows.loc["BCE on σ(z)", "L"]) == "0.7872"
    assert f4(rows.loc["Cross-entropy on logits [0, z]", "L"]) == "0.7872"
    at.number_input(key="activations.cmp_z.box").set_value(-6.0).run()
    at.radio(key="activations.cmp_y").set_value(1).run()
    z = torch.tensor(-6.0, dtype=torch.float64, requires_grad=True)
    F.mse_loss(torch.sigmoid(z), torch.tensor(1.0, dtype=torch.float64)).backward()
    rows = comparison(at)
    assert rows.loc["MSE on σ(z)", "dL/dz"] == pytest.approx(z.grad.item(), abs=1e-12)
    assert f4(rows.loc["BCE on σ(z)", "dL/dz"]) == "-0.9975"


def test_the_comparison_says_cross_entropy_lies_on_bce(at):
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    (spec,) = [s for s in specs if "xaxis2" in s["layout"]]  # the side-by-side comparison
    names = [t["name"] for t in spec["data"] if t.get("mode") == "lines" and t.get("showlegend")]
    assert names == ["BCE on σ(z) = Cross-entropy on logits [0, z]", "MSE on σ(z)"]
    said = [c.value for c in at.caption if "one curve, not two" in c.value]
    assert said and said[0].startswith("BCE on σ(z) = Cross-entropy on logits [0, z]: one curve")


def test_typed_markdown_is_shown_literally(at):
    at.text_input(key="activations.input").set_value("**bold**").run()
    raw = at.error[0].value
    assert r"got \'\*\*bold\*\*\'" in raw  # escaped, so Markdown cannot make it bold
    assert "got '**bold**'." in shown(raw)


# --- shareable links, presenter mode, Vietnamese (issue 6) --------------------------------------
def opened_with(params: dict, **session) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    for key, value in session.items():
        at.session_state[key.replace("__", ".")] = value
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def test_a_link_opens_the_lectures_cross_entropy_case():
    at = opened_with({"act": "relu", "x": "1.5, -2", "loss": "cross_entropy",
                      "z": "0.0580, 0.4275", "y": "0", "cz": "-6", "cy": "1"})
    assert not at.exception and not at.warning
    assert at.selectbox(key="activations.name").value == "relu"
    assert at.latex[0].value.strip("$\n") == r"\mathrm{ReLU}(z) = \max(0, z)"
    assert activation_rows(at).loc["ReLU", "f(input)"] == "[1.5000, 0.0000]"
    assert metrics(at)["Cross-entropy L"] == "0.8949"
    assert metrics(at)["dL/dz"] == "[-0.5913, 0.5913]"
    assert at.radio(key="activations.cmp_y").value == 1
    assert f4(comparison(at).loc["BCE on σ(z)", "dL/dz"]) == "-0.9975"  # sigma(-6) - 1


def test_a_link_round_trips_every_input(at):
    at.selectbox(key="activations.name").set_value("tanh").run()
    at.text_input(key="activations.input").set_value("1, 2").run()
    at.radio(key="activations.loss").set_value("mse").run()
    at.text_input(key="activations.z").set_value("0.5, 2.0").run()
    at.text_input(key="activations.y").set_value("1, 0").run()
    at.number_input(key="activations.cmp_z.box").set_value(-6.0).run()
    at.radio(key="activations.cmp_y").set_value(1).run()
    params = dict(at.query_params)
    assert params == {"act": "tanh", "x": "1, 2", "loss": "mse", "z": "0.5, 2.0", "y": "1, 0",
                      "cz": "-6", "cy": "1"}
    again = opened_with(params)
    assert not again.warning
    expected = F.mse_loss(torch.tensor([0.5, 2.0]), torch.tensor([1.0, 0.0])).item()
    assert metrics(again) == metrics(at)
    assert metrics(again)["Mean squared error L"] == f4(expected)
    assert activation_rows(again).equals(activation_rows(at))
    assert comparison(again).equals(comparison(at))


def test_a_tampered_link_falls_back_to_the_defaults_and_says_so():
    at = opened_with({"loss": "hinge", "cz": "abc", "cy": "2", "act": "relu"})
    assert not at.exception and not at.error
    (warning,) = at.warning
    for name in ("**loss**", "**cz**", "**cy**"):
        assert name in warning.value
    assert "**act**" not in warning.value
    assert metrics(at)["Binary cross-entropy L"] == "0.7872"
    assert f4(comparison(at).loc["BCE on σ(z)", "L"]) == "0.7872"  # z = 0.18, y = 0 again
    assert dict(at.query_params) == {"act": "relu"}


@pytest.mark.parametrize(("params", "refused"), [
    ({"loss": "cross_entropy", "z": "0.1, 0.2", "y": "5"}, ["y"]),  # no class 5 among 2 logits
    ({"loss": "bce", "y": "2"}, ["y"]),  # a BCE label is in [0, 1]
    ({"loss": "mse", "z": "0.1, 0.2", "y": "1"}, ["y", "z"]),  # one target per z, and y's
])                                                               # default 0 does not fit 2 z
def test_a_link_z_and_y_that_do_not_fit_their_loss_fall_back_to_the_defaults(params, refused):
    at = opened_with(params)
    assert not at.exception and not at.error
    (warning,) = at.warning
    for name in ("z", "y"):
        assert (f"**{name}** = " in warning.value) == (name in refused)
    assert at.radio(key="activations.loss").value == params["loss"]
    z = [0.18] if "z" in refused or "z" not in params else [0.1, 0.2]
    logits, y0 = torch.tensor(z), torch.zeros(1)  # y back at its default 0 (kept for CE)
    value = {"bce": lambda: F.binary_cross_entropy_with_logits(logits, y0),
             "mse": lambda: F.mse_loss(logits, y0),
             "cross_entropy": lambda: F.cross_entropy(logits, torch.tensor(0))}[params["loss"]]()
    assert metrics(at)[next(m for m in metrics(at) if m.endswith(" L"))] == f4(value.item())
    assert {n for n in ("z", "y") if n in at.query_params} == {n for n in ("z", "y")
                                                               if n in params} - set(refused)


def test_values_at_their_defaults_stay_out_of_the_link(at):
    assert dict(at.query_params) == {}
    at.text_input(key="activations.z").set_value("0.5").run()
    assert dict(at.query_params) == {"z": "0.5"}
    at.button(key="activations.preset.bce").click().run()
    assert dict(at.query_params) == {}


def test_presenter_mode_hides_the_exact_values_and_enlarges_the_figures():
    import json

    from ui.presenter import FIGURE_FONT

    at = opened_with({}, app__present=True)
    assert not at.exception
    assert not at.expander
    charts = at.get("plotly_chart")
    assert len(charts) == 4
    assert all(json.loads(c.proto.spec)["layout"]["font"]["size"] == FIGURE_FONT for c in charts)
    assert metrics(at)["Binary cross-entropy L"] == "0.7872"


def test_in_vietnamese_the_numbers_stay():
    from ui.i18n import catalogue

    vi = catalogue("vi")
    # Only the first run: later runs make AppTest format the select boxes with their format_func
    # in the test process, where t() has no session and answers in English.
    at = opened_with({}, app__lang="vi")
    assert not at.exception
    assert at.title[0].value == vi["activations.title"] == "Hàm kích hoạt và hàm mất mát"
    assert metrics(at)["Hàm cross-entropy nhị phân L"] == "0.7872"
    rows = at.dataframe[0].value.set_index(vi["activations.col_activation"])
    assert rows.loc["Sigmoid", "f(đầu vào)"] == "[0.5449, 0.4551]"
    assert rows.loc["Đồng nhất (Identity)", "f(đầu vào)"] == "[0.1800, -0.1800]"
    cmp = next(d.value for d in at.dataframe if "dL/dz" in d.value.columns).set_index("Hàm mất mát")
    assert f4(cmp.loc["Mất mát cross-entropy trên logit [0, z]", "L"]) == "0.7872"
    # As typed (a link with the same pair is refused with a notice instead: tested above).
    at = opened_with({}, app__lang="vi", activations__loss="mse", activations__z="0.5, 2.0",
                     activations__y="1")
    assert shown(at.error[0].value) == (
        "y phải có đúng một số cho mỗi z: z có 2 số, y có 1 số. "
        "Các giá trị dự đoán (đầu ra chính là z). Mỗi dự đoán một giá trị đích.")


def test_in_vietnamese_a_label_out_of_range_is_said_in_vietnamese():
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["app.lang"] = "vi"
    at.run()
    at.radio(key="activations.loss").set_value("cross_entropy").run()
    at.text_input(key="activations.z").set_value("0.1, 0.2").run()
    at.text_input(key="activations.y").set_value("5").run()
    assert not at.exception
    assert "y phải là chỉ số lớp trong [0, 2), đang là 5." in shown(at.error[0].value)
    assert "must be" not in at.error[0].value
