"""AppTest: hand-made input features in the studio, through the link (features=x1sq,x2sq)."""

import io

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from mlp_core.anatomy import layers_of
from mlp_core.datasets import DataSpec
from mlp_core.regions import decision_grid, value_grid
from mlp_core.training import TrainConfig, fit
from tests.app.helpers import echart, open_with, page_path, regions_picture, shown
from tests.app.test_page_training_studio import _array, chart
from ui import state
from ui.board import limits
from ui.board.picture import regions_png
from ui.figures.live_charts import region_colors
from ui.figures.regression_charts import value_colors
from ui.studio import settings
from ui.studio.presets import PRESETS

PAGE = page_path("training_studio")
FEATURES_PRESET = "Hand-made features: circles from x1² and x2², no hidden layer"


def run_of(at):
    return at.session_state["studio.run"]


def finish(at) -> None:
    """Train at the instant pace: the run ends in Train's own rerun (or a few ticks after)."""
    at.select_slider(key="studio.pace").set_value("instant").run()
    at.button(key="studio.train").click().run()
    for _ in range(100):
        if not run_of(at).live:
            return
        at.run()
    raise AssertionError("training did not stop")


def test_circles_with_no_hidden_layer_reach_095_given_the_squares():
    """The issue's own example, at the studio's defaults otherwise (SGD, lr 0.01, batch 1)."""
    at = open_with(PAGE, {"data": "circles", "hidden": "0", "features": "x1sq,x2sq"})
    assert not at.exception
    run = run_of(at)
    assert run.spec.features == ("x1sq", "x2sq")
    assert run.dataset.feature_names == ("x1", "x2", "x1sq", "x2sq")
    assert run.config.hidden == ()
    # A linear model on 4 inputs and 2 classes: (4 + 1) x 2 parameters.
    assert next(m for m in at.metric if m.label == "Parameters").value == "10"
    assert "The hand-made features (x1², x2²) are made from the standardized x1 and x2" \
        in at.caption[0].value
    finish(at)
    assert not at.exception
    assert run_of(at).trainer.history.test_acc[-1] >= 0.95


def test_without_the_features_a_linear_model_cannot_separate_the_circles():
    at = open_with(PAGE, {"data": "circles", "hidden": "0"})
    assert run_of(at).dataset.n_features == 2
    finish(at)
    assert not at.exception
    assert run_of(at).trainer.history.test_acc[-1] < 0.75


def test_the_regions_are_drawn_over_x1_x2_through_the_map():
    at = open_with(PAGE, {"data": "circles", "hidden": "0", "features": "x2sq,x1sq",
                          "pace": "instant"})
    finish(at)
    run = run_of(at)
    ds = run.dataset
    option = echart(at, "studio.regions_chart")
    assert option["xAxis"][1]["name"] == "x1" and option["yAxis"][1]["name"] == "x2"
    grid = decision_grid(run.trainer.predict_proba, ds.X_all, features=(0, 1), resolution=100,
                         square=True, made=ds.made)
    np.testing.assert_array_equal(regions_picture(option), region_colors(grid.proba))
    # The rings come out: the centre of the plane is one class, its corners the other.
    assert grid.predicted[50, 50] != grid.predicted[0, 0]
    # No feature picker and no principal plane for 2-D data with made features.
    assert not [s for s in at.selectbox if s.key in ("studio.feature_x", "studio.feature_y")]
    assert not [t for t in at.toggle if t.key == "studio.pca"]


def test_a_regression_surface_goes_through_the_map_too():
    at = open_with(PAGE, {"data": "bumps", "features": "x1x2", "epochs": "3"})
    finish(at)
    assert not at.exception
    run = run_of(at)
    ds = run.dataset
    assert ds.feature_names == ("x1", "x2", "x1x2")
    _, _, values = value_grid(run.trainer.predict, ds.X_all, resolution=100, square=True,
                              made=ds.made)
    targets = ds.target_values(ds.y_all)
    expected = value_colors(ds.target_values(values.ravel()).reshape(values.shape),
                            targets.min(), targets.max())
    np.testing.assert_array_equal(regions_picture(echart(at, "studio.surface_chart")), expected)


@pytest.mark.parametrize(("made", "labels"), [
    ("x1sq,x2sq", ["x1", "x2", "x1²", "x2²"]),
    ("sin2,x1x2,sin1", ["x1", "x2", "x1·x2", "sin(x1)", "sin(x2)"]),
])
def test_the_network_view_has_an_input_node_per_feature_labelled(made, labels):
    at = open_with(PAGE, {"data": "xor", "features": made, "hidden": "3", "net": "1"})
    assert not at.exception
    series = echart(at, "studio.network_chart")["series"][0]
    inputs = [n for n in series["data"] if n["id"].startswith("x")]
    assert [n["name"] for n in inputs] == labels
    weights = layers_of(run_of(at).trainer.model)[0]
    assert weights[0].shape == (3, len(labels))
    index = [n["id"] for n in series["data"]]
    from_inputs = [e for e in series["links"] if index[e["source"]].startswith("x")]
    assert len(from_inputs) == 3 * len(labels)  # every input feeds every hidden unit
    # (2 + k + 1) x 3 + (3 + 1) x 2
    count = (len(labels) + 1) * 3 + 4 * 2
    assert next(m for m in at.metric if m.label == "Parameters").value == str(count)


def test_the_link_folds_order_and_duplicates_and_an_unknown_name_falls_back():
    at = open_with(PAGE, {"data": "moons", "features": "sin1,x1sq,sin1"})
    assert not at.exception
    assert at.multiselect(key="studio.made_features").value == ["x1sq", "sin1"]
    assert at.query_params["features"] == "x1sq,sin1"
    assert run_of(at).spec.features == ("x1sq", "sin1")

    at = open_with(PAGE, {"data": "moons", "features": "x1sq,x3"})
    warning = shown(next(w.value for w in at.warning if "could not be used" in w.value))
    assert "**features** =" in warning
    assert "x1sq, x2sq, x1x2, sin1, sin2" in warning
    assert run_of(at).spec.features == () and "features" not in at.query_params


def test_the_choice_is_offered_for_2d_toys_only_and_changing_it_restarts():
    at = AppTest.from_file(PAGE, default_timeout=60).run()  # Iris: 4 measured features
    assert not [m for m in at.multiselect if m.key == "studio.made_features"]
    at.selectbox(key="studio.source").set_value("circles").run()
    choice = at.multiselect(key="studio.made_features")
    assert choice.options == ["x1²", "x2²", "x1·x2", "sin(x1)", "sin(x2)"]
    at.button(key="studio.step").click().run()
    assert run_of(at).trainer.epoch == 1
    choice.select("x1x2").run()
    assert not at.exception
    run = run_of(at)
    assert run.trainer.epoch == 0 and run.dataset.n_features == 3
    assert at.query_params["features"] == "x1x2"


def test_the_results_show_the_features_and_a_sample_is_typed_as_x1_x2():
    # XOR without a hidden layer: a linear model on these inputs still errs on many points.
    at = open_with(PAGE, {"data": "xor", "hidden": "0", "features": "x2sq,sin1"})
    at.button(key="studio.step").click().run()
    trainer, ds = run_of(at).trainer, run_of(at).dataset

    at.session_state["studio.results_tab"] = "Misclassified samples"
    at.run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert list(table.columns[-4:]) == ["x1", "x2", "x2²", "sin(x1)"]
    wrong = np.flatnonzero(trainer.predict(ds.X_train) != ds.y_train)
    assert len(wrong) > 0
    first = table.iloc[0]
    # x1, x2 in the data's own units; the made features as the model saw them.
    np.testing.assert_allclose([first["x1"], first["x2"]],
                               ds.scaler.inverse_transform(ds.X_train[wrong[:1], :2])[0],
                               rtol=1e-5)
    np.testing.assert_allclose([first["x2²"], first["sin(x1)"]], ds.X_train[wrong[0], 2:],
                               rtol=1e-6)

    at.session_state["studio.results_tab"] = "Predict one sample"
    at.run()
    typed = [n for n in at.number_input if n.key and n.key.startswith("studio.sample.")]
    assert [n.label for n in typed] == ["x1", "x2"]  # the features follow from them
    typed[0].set_value(0.25).run()
    typed[1].set_value(-0.5).run()
    assert not at.exception
    x = ds.with_made(ds.scaler.transform([[0.25, -0.5]]))
    np.testing.assert_allclose(x[0, 2:], [x[0, 1] ** 2, np.sin(x[0, 0])], rtol=1e-6)
    bars = _array(chart(at, "studio.proba_chart")["data"][0]["y"])
    np.testing.assert_allclose(bars, trainer.predict_proba(x)[0], atol=1e-4)


def test_the_features_preset_solves_the_circles_and_the_other_presets_clear_the_choice():
    assert PRESETS[FEATURES_PRESET]["made_features"] == ("x1sq", "x2sq")
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.selectbox(key="studio.preset").set_value(FEATURES_PRESET).run()
    at.button(key="studio.load_preset").click().run()
    assert any(i.value.startswith("The same circles and still no hidden layer") for i in at.info)
    assert at.query_params["features"] == "x1sq,x2sq"
    finish(at)
    run = run_of(at)
    assert run.config.hidden == () and run.trainer.history.test_acc[-1] >= 0.95
    at.selectbox(key="studio.preset").set_value(
        "Why hidden layers: circles, no hidden layer").run()
    at.button(key="studio.load_preset").click().run()
    assert run_of(at).spec == DataSpec("circles")
    assert "features" not in at.query_params


def test_the_choice_reaches_the_data_spec_only_for_2d_toys():
    chosen = {**state.STUDIO, "studio.made_features": ["sin2", "x1sq"]}
    assert settings.data_spec(chosen) == DataSpec("iris")  # 4 measured features: not offered
    assert settings.data_spec({**chosen, "studio.source": "bumps"}).features == ("x1sq", "sin2")


def test_a_board_submissions_picture_is_the_regions_through_the_map():
    ds = DataSpec("circles", features=("x1sq", "x2sq")).load()
    trainer = fit(TrainConfig(hidden=(), optimizer="adam", lr=0.02, batch_size=16, epochs=30),
                  ds.X_train, ds.y_train, ds.X_test, ds.y_test)
    grid = decision_grid(trainer.predict_proba, ds.X_all, resolution=limits.PICTURE_PIXELS,
                         square=True, made=ds.made)
    picture = np.asarray(Image.open(io.BytesIO(regions_png(trainer, ds))).convert("RGB"))
    np.testing.assert_array_equal(picture[::-1], region_colors(grid.proba))


def test_in_vietnamese_the_choice_and_the_caption_speak_vietnamese():
    at = open_with(PAGE, {"data": "circles", "features": "x1sq,sin2"}, **{"app.lang": "vi"})
    assert not at.exception
    choice = at.multiselect(key="studio.made_features")
    assert choice.label == "Đặc trưng tự tạo" and choice.value == ["x1sq", "sin2"]
    assert "Các đặc trưng tự tạo (x1², sin(x2)) được tính từ x1 và x2 đã chuẩn hóa" \
        in at.caption[0].value
