"""MLP anatomy under AppTest: the lecture's models and their counts, checked against PyTorch."""

import base64
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest
from torch import nn

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "mlp_anatomy.py")

# The lecture's summary slides, row by row: (Layer (type), Output Shape, Param #).
LECTURE_SUMMARIES = {
    "two_linear": (12, [("Linear-1", "[-1, 1, 2]", 6), ("Linear-2", "[-1, 1, 2]", 6),
                        ("Sigmoid-3", "[-1, 1, 2]", 0)]),
    "sigmoid_221": (9, [("Linear-1", "[-1, 1, 2]", 6), ("Sigmoid-2", "[-1, 1, 2]", 0),
                        ("Linear-3", "[-1, 1, 1]", 3), ("Sigmoid-4", "[-1, 1, 1]", 0)]),
    "relu_221": (9, [("Linear-1", "[-1, 1, 2]", 6), ("ReLU-2", "[-1, 1, 2]", 0),
                     ("Linear-3", "[-1, 1, 1]", 3), ("Sigmoid-4", "[-1, 1, 1]", 0)]),
    "tanh_221": (9, [("Linear-1", "[-1, 1, 2]", 6), ("Tanh-2", "[-1, 1, 2]", 0),
                     ("Linear-3", "[-1, 1, 1]", 3), ("Sigmoid-4", "[-1, 1, 1]", 0)]),
    "iris": (67, [("Linear-1", "[-1, 1, 8]", 40), ("ReLU-2", "[-1, 1, 8]", 0),
                  ("Linear-3", "[-1, 1, 3]", 27)]),
}
# The lecture's print(model_classifier) for Iris, verbatim.
IRIS_PRINTOUT = """Sequential(
  (0): Linear(in_features=4, out_features=8, bias=True)
  (1): ReLU()
  (2): Linear(in_features=8, out_features=3, bias=True)
)"""


@pytest.fixture
def at():
    return AppTest.from_file(PAGE, default_timeout=30).run()


def total(at) -> int:
    return int(at.metric[0].value)


def summary_rows(at) -> list[tuple]:
    frame = at.dataframe[0].value  # the summary comes first; the exact weights are in the expander
    return [(a, b, int(c)) for a, b, c in frame.itertuples(index=False)]


def _array(value):
    # plotly sends numpy arrays as {"dtype", "bdata"(base64), "shape"}.
    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return data.reshape([int(n) for n in str(value.get("shape", len(data))).split(",")])
    return np.asarray(value)


def diagram_parameters(at) -> np.ndarray:
    """(layer, source, target, value) of every edge drawn in the network diagram."""
    (chart,) = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    (hover,) = [t for t in spec["data"] if t["meta"]["kind"] == "edge values"]
    return _array(hover["customdata"])


def torch_count(*modules) -> int:
    return sum(p.numel() for p in nn.Sequential(*modules).parameters())


def test_opens_on_the_lectures_2_2_1_with_sigmoid(at):
    assert at.title[0].value == "MLP anatomy"
    assert total(at) == 9
    assert summary_rows(at) == LECTURE_SUMMARIES["sigmoid_221"][1]
    expected = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 1), nn.Sigmoid())
    assert at.code[0].value == str(expected)
    assert at.code[1].value == "Total params: 9\nTrainable params: 9\nNon-trainable params: 0"
    latex = [e.value for e in at.latex]
    # Each Linear layer numbered as the network's layer 1, 2 and named as in the summary.
    assert (r"\text{Layer 1 (Linear-1)}:\quad (n_{in} + 1) \times n_{out} = (2 + 1) \times 2 = 6"
            in latex[0])
    assert (r"\text{Layer 2 (Linear-3)}:\quad (n_{in} + 1) \times n_{out} = (2 + 1) \times 1 = 3"
            in latex[1])
    assert r"= 6 + 3 = 9" in latex[2]
    assert not at.error


def test_lecture_weights_are_every_parameter_point_one(at):
    values = diagram_parameters(at)[:, 3]
    assert len(values) == 9
    np.testing.assert_array_equal(values.astype(np.float32), np.float32(0.1))
    # The exact-values expander: the lecture's W_h (3 x 2) and W_z (3 x 1), all 0.1.
    w_h, w_z = (frame.value for frame in at.expander[0].dataframe)
    assert w_h.shape == (3, 2) and w_z.shape == (3, 1)
    assert list(w_h.index) == ["1 (bias)", "x1", "x2"] and list(w_h.columns) == ["h1", "h2"]
    assert list(w_z.index) == ["1 (bias)", "h1", "h2"] and list(w_z.columns) == ["y1"]
    assert (w_h == "0.1").all().all() and (w_z == "0.1").all().all()  # the stored float32, exactly


@pytest.mark.parametrize("preset", list(LECTURE_SUMMARIES))
def test_each_lecture_model_is_one_click_away(at, preset):
    at.button(key=f"anatomy.preset.{preset}").click().run()
    count, rows = LECTURE_SUMMARIES[preset]
    assert total(at) == count
    assert summary_rows(at) == rows
    assert at.code[1].value.startswith(f"Total params: {count}\nTrainable params: {count}\n")
    assert len(diagram_parameters(at)) == count
    assert not at.error


@pytest.mark.parametrize("preset", list(LECTURE_SUMMARIES))
def test_layers_are_numbered_1_2_and_the_summarys_skipping_numbers_are_torchinfos(at, preset):
    from torchinfo import summary  # the reference: torchinfo's own depth-index of each module

    at.button(key=f"anatomy.preset.{preset}").click().run()
    rows = summary_rows(at)
    model = nn.Sequential(*(getattr(nn, name.split("-")[0])(1, 1) if name.startswith("Linear")
                            else getattr(nn, name.split("-")[0])() for name, _, _ in rows))
    leaves = [info for info in summary(model, input_size=(1, 1), verbose=0).summary_list
              if info.depth == 1]
    assert [name for name, _, _ in rows] == [f"{i.class_name}-{i.depth_index}" for i in leaves]
    linear = [name for name, _, _ in rows if name.startswith("Linear-")]
    formulas = [e.value for e in at.latex][:len(linear)]
    for layer, (name, formula) in enumerate(zip(linear, formulas, strict=True), start=1):
        assert formula.strip("$\n").startswith(rf"\text{{Layer {layer} ({name})}}:"), formula
    skips = [int(n.split("-")[1]) for n in linear] != list(range(1, len(linear) + 1))
    said = [c.value for c in at.caption if "activations included" in c.value]
    assert said == ([f"The summary numbers every module in order, activations included "
                     f"({', '.join(n for n, _, _ in rows)}), so the numbers of its Linear layers "
                     "skip."] if skips else [])
    assert skips == (preset != "two_linear")  # Linear-1, Linear-2, Sigmoid-3 skips nothing


def test_iris_prints_as_the_lecture_does_with_seeded_weights(at):
    at.button(key="anatomy.preset.iris").click().run()
    assert at.code[0].value == IRIS_PRINTOUT
    assert at.radio(key="anatomy.weights").value == "random"
    first = diagram_parameters(at)
    # PyTorch's default init: every parameter of a layer within +-1/sqrt(n_in).
    bounds = np.where(first[:, 0] == 0, 1 / np.sqrt(4), 1 / np.sqrt(8))
    assert np.all(np.abs(first[:, 3]) <= bounds)
    # The expander holds the same numbers in the lecture layout: W = [bias; weight^T].
    w_1 = at.expander[0].dataframe[0].value.to_numpy(dtype=np.float32)
    assert w_1.shape == (1 + 4, 8)
    layer_0 = first[first[:, 0] == 0]
    for _, source, target, value in layer_0:
        assert w_1[int(source) + 1, int(target)] == np.float32(value)
    at.run()
    np.testing.assert_array_equal(diagram_parameters(at), first)  # same seed, same weights
    at.button(key="anatomy.new_weights").click().run()
    assert at.number_input(key="anatomy.seed").value == 1
    second = diagram_parameters(at)
    np.testing.assert_array_equal(second[:, :3], first[:, :3])
    assert not np.array_equal(second[:, 3], first[:, 3])
    assert total(at) == 67


def test_changing_a_width_follows_the_formula_and_torch(at):
    at.button(key="anatomy.preset.iris").click().run()
    at.number_input(key="anatomy.width.1").set_value(5).run()
    expected = torch_count(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 3))
    assert total(at) == (4 + 1) * 5 + (5 + 1) * 3 == expected == 43
    assert summary_rows(at) == [("Linear-1", "[-1, 1, 5]", 25), ("ReLU-2", "[-1, 1, 5]", 0),
                                ("Linear-3", "[-1, 1, 3]", 18)]
    assert r"(4 + 1) \times 5 = 25" in at.latex[0].value
    assert r"(5 + 1) \times 3 = 18" in at.latex[1].value
    assert len(diagram_parameters(at)) == 43


def test_deeper_and_wider_counts_equal_torch(at):
    at.number_input(key="anatomy.n_in").set_value(10).run()
    at.number_input(key="anatomy.n_hidden").set_value(4).run()
    for k, width in enumerate([16, 7, 16, 3], start=1):
        at.number_input(key=f"anatomy.width.{k}").set_value(width).run()
    at.number_input(key="anatomy.n_out").set_value(10).run()
    at.selectbox(key="anatomy.activation").set_value("tanh").run()
    at.selectbox(key="anatomy.output").set_value("softmax").run()
    widths = [10, 16, 7, 16, 3, 10]
    modules = []
    for a, b in itertools.pairwise(widths):
        modules += [nn.Linear(a, b), nn.Tanh()]
    reference = nn.Sequential(*modules[:-1], nn.Softmax(dim=-1))
    formula = (10 + 1) * 16 + (16 + 1) * 7 + (7 + 1) * 16 + (16 + 1) * 3 + (3 + 1) * 10
    assert total(at) == sum(p.numel() for p in reference.parameters()) == formula == 514
    assert at.code[0].value == str(reference)
    assert summary_rows(at)[-1] == ("Softmax-10", "[-1, 1, 10]", 0)
    assert len(at.latex) == 6  # five layers and the total
    assert len(diagram_parameters(at)) == 11 * 16 + 17 * 7 + 8 * 16 + 17 * 3 + 4 * 10 == 514


def test_no_hidden_layer_is_one_linear_layer(at):
    at.number_input(key="anatomy.n_hidden").set_value(0).run()
    assert total(at) == (2 + 1) * 1 == torch_count(nn.Linear(2, 1))
    assert at.selectbox(key="anatomy.activation").disabled
    assert summary_rows(at) == [("Linear-1", "[-1, 1, 1]", 3), ("Sigmoid-2", "[-1, 1, 1]", 0)]


def test_output_without_activation_drops_the_last_row_not_the_count(at):
    at.selectbox(key="anatomy.output").set_value("none").run()
    assert total(at) == 9
    assert summary_rows(at)[-1] == ("Linear-3", "[-1, 1, 1]", 3)


def test_width_zero_gets_a_message_and_no_traceback(at):
    at.selectbox(key="anatomy.activation").set_value("tanh").run()
    at.number_input(key="anatomy.width.1").set_value(0).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "hidden must be positive widths, got (0,). Every hidden layer needs at least 1 unit."]
    assert not at.get("plotly_chart") and not at.metric
    at.number_input(key="anatomy.width.1").set_value(3).run()
    assert not at.error
    assert total(at) == torch_count(nn.Linear(2, 3), nn.Linear(3, 1)) == 13
    assert at.selectbox(key="anatomy.activation").value == "tanh"  # the other choices survived
    assert "(1): Tanh()" in at.code[0].value


def test_reset_returns_to_the_lecture_example(at):
    at.button(key="anatomy.preset.iris").click().run()
    at.number_input(key="anatomy.width.1").set_value(16).run()
    assert total(at) == (4 + 1) * 16 + (16 + 1) * 3
    at.button(key="anatomy.reset").click().run()
    assert total(at) == 9
    assert at.radio(key="anatomy.weights").value == "lecture"
    np.testing.assert_array_equal(diagram_parameters(at)[:, 3].astype(np.float32), np.float32(0.1))


def test_random_weights_from_the_seed_match_the_cached_build_across_sessions():
    # Two sessions with the same seed see the same weights (seeded per build, not globally).
    first = AppTest.from_file(PAGE, default_timeout=30).run()
    first.radio(key="anatomy.weights").set_value("random").run()
    torch.manual_seed(1234)  # moving the global RNG must not change what a seed draws
    second = AppTest.from_file(PAGE, default_timeout=30).run()
    second.radio(key="anatomy.weights").set_value("random").run()
    np.testing.assert_array_equal(diagram_parameters(first), diagram_parameters(second))


# --- shareable links, presenter mode, Vietnamese (issue 6) --------------------------------------
def opened_with(params: dict) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def figure_spec(at) -> dict:
    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def test_a_link_opens_the_lectures_iris_model():
    at = opened_with({"in": "4", "w1": "8", "act": "relu", "out": "3", "output": "none",
                      "weights": "random"})
    assert not at.exception and not at.warning
    assert at.number_input(key="anatomy.n_in").value == 4
    assert at.number_input(key="anatomy.width.1").value == 8
    assert at.selectbox(key="anatomy.activation").value == "relu"
    assert at.selectbox(key="anatomy.output").value == "none"
    assert at.radio(key="anatomy.weights").value == "random"
    assert total(at) == 67 and at.code[0].value == IRIS_PRINTOUT
    assert summary_rows(at) == LECTURE_SUMMARIES["iris"][1]


def test_a_link_round_trips_the_build_and_its_weights(at):
    at.button(key="anatomy.preset.iris").click().run()
    at.number_input(key="anatomy.n_hidden").set_value(2).run()
    at.number_input(key="anatomy.width.2").set_value(5).run()
    at.selectbox(key="anatomy.activation").set_value("tanh").run()
    at.button(key="anatomy.new_weights").click().run()
    params = dict(at.query_params)
    assert params == {"in": "4", "hidden": "2", "w1": "8", "w2": "5", "act": "tanh", "out": "3",
                      "output": "none", "weights": "random", "seed": "1"}
    again = opened_with(params)
    assert not again.warning
    assert total(again) == total(at) == (4 + 1) * 8 + (8 + 1) * 5 + (5 + 1) * 3 == 103
    assert again.code[0].value == at.code[0].value
    assert again.number_input(key="anatomy.seed").value == 1
    np.testing.assert_array_equal(diagram_parameters(again), diagram_parameters(at))


def test_a_tampered_link_falls_back_to_the_defaults_and_says_so():
    at = opened_with({"in": "abc", "hidden": "9", "w1": "2.5", "act": "swish", "out": "3"})
    assert not at.exception and not at.error
    (warning,) = at.warning
    for name in ("**in**", "**hidden**", "**w1**", "**act**"):
        assert name in warning.value
    assert at.number_input(key="anatomy.n_in").value == 2
    assert at.number_input(key="anatomy.n_hidden").value == 1
    assert at.selectbox(key="anatomy.activation").value == "sigmoid"
    assert total(at) == (2 + 1) * 2 + (2 + 1) * 3 == 15  # only the valid out = 3 was applied
    assert dict(at.query_params) == {"out": "3"}


def test_a_link_with_empty_layers_in_use_falls_back_to_the_default_widths():
    # Each width may be 0 alone (a layer not in use); with hidden = 4 every one of them is in use.
    at = opened_with({"hidden": "4", "w1": "0", "w2": "0", "w3": "0", "w4": "0"})
    assert not at.exception and not at.error
    (warning,) = at.warning
    for k in range(1, 5):
        assert f"**w{k}** = 0: hidden layer {k} is in use and needs at least 1 unit." in (
            warning.value)
    assert [at.number_input(key=f"anatomy.width.{k}").value for k in range(1, 5)] == [2, 2, 2, 2]
    assert total(at) == (2 + 1) * 2 + 3 * (2 + 1) * 2 + (2 + 1) * 1 == 27  # 2-2-2-2-2-1
    assert dict(at.query_params) == {"hidden": "4"}


def test_a_link_may_leave_a_layer_not_in_use_at_0_and_names_only_the_one_in_use():
    at = opened_with({"hidden": "2", "w2": "0", "w3": "0", "w1": "3"})
    assert not at.exception and not at.error
    (warning,) = at.warning
    assert "**w2** = 0" in warning.value and "**w3**" not in warning.value
    assert total(at) == (2 + 1) * 3 + (3 + 1) * 2 + (2 + 1) * 1 == 20  # 2-3-2-1
    assert dict(at.query_params) == {"hidden": "2", "w1": "3", "w3": "0"}


def test_a_link_with_an_empty_layer_is_named_in_vietnamese_too():
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["app.lang"] = "vi"
    at.query_params["w1"] = "0"
    at.run()
    assert not at.exception and not at.error
    assert "lớp ẩn 1 đang được dùng" in at.warning[0].value


def test_values_at_their_defaults_stay_out_of_the_link(at):
    assert dict(at.query_params) == {}
    at.number_input(key="anatomy.n_in").set_value(3).run()
    assert dict(at.query_params) == {"in": "3"}
    at.number_input(key="anatomy.n_in").set_value(2).run()
    assert dict(at.query_params) == {}


def test_presenter_mode_hides_the_fine_controls_and_enlarges_the_diagram():
    from ui.presenter import FIGURE_FONT

    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["app.present"] = True
    at.run()
    assert not at.exception
    assert "anatomy.seed" not in [w.key for w in at.number_input]
    assert not at.expander  # the exact weights
    assert figure_spec(at)["layout"]["font"]["size"] == FIGURE_FONT
    # The node labels (x1, h1, +1) and the column headings grow with the rest of the type, and
    # the nodes with their labels; at a desk they are the figure's own 10 px in 26 px circles.
    desk = figure_spec(AppTest.from_file(PAGE, default_timeout=30).run())
    for spec, (text, node) in ((desk, (10, 26)), (figure_spec(at), (15, 39))):
        units = next(t for t in spec["data"] if t["meta"]["kind"] == "units")
        bias = next(t for t in spec["data"] if t["meta"]["kind"] == "bias nodes")
        assert (units["textfont"]["size"], units["marker"]["size"]) == (text, node)
        assert bias["textfont"]["size"] == text
    assert [a["font"]["size"] for a in figure_spec(at)["layout"]["annotations"]] == [18] * 3
    assert total(at) == 9  # the lecture's count is still there
    at.button(key="anatomy.new_weights").click().run()  # still draws the next seed
    assert at.radio(key="anatomy.weights").value == "random"
    assert at.session_state["anatomy.seed"] == 1


def in_vietnamese(params: dict | None = None) -> AppTest:
    # Only the first run: later runs make AppTest format the radio's value with its format_func
    # in the test process, where t() has no session and answers in English.
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["app.lang"] = "vi"
    for name, value in (params or {}).items():
        at.query_params[name] = value
    return at.run()


def test_in_vietnamese_the_numbers_stay():
    from ui.i18n import catalogue

    vi = catalogue("vi")
    at = in_vietnamese()
    assert not at.exception
    assert at.title[0].value == vi["anatomy.title"] == "Cấu tạo MLP"
    assert total(at) == 9
    assert at.metric[0].label == vi["anatomy.parameters"]
    assert r"\text{Tổng} = 6 + 3 = 9" in at.latex[2].value
    headings = [a["text"] for a in figure_spec(at)["layout"]["annotations"]]
    assert headings == ["Đầu vào (2)", "Lớp ẩn 1 (2) · Sigmoid", "Đầu ra (1) · Sigmoid"]
    assert list(at.expander[0].dataframe[0].value.index) == ["1 (độ lệch)", "x1", "x2"]
    assert at.radio(key="anatomy.weights").options[0] == vi["anatomy.weights_lecture"]
    # A width typed as 0 is refused under the widths (a link's 0 is a notice: tested above).
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["app.lang"] = "vi"
    at.session_state["anatomy.width.1"] = 0  # as the box leaves it: one run only (see above)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Số nơ-ron của các lớp ẩn phải là số dương, đang là (0,). Mỗi lớp ẩn cần ít nhất 1 nơ-ron."]
