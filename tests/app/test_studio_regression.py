"""AppTest: the studio on a regression, opened through its link (data=plane, loss=mae, ...)."""

import numpy as np
import pytest
from sklearn.metrics import mean_absolute_error, r2_score
from streamlit.testing.v1 import AppTest

from mlp_core.datasets import DataSpec
from mlp_core.regions import value_grid
from mlp_core.training import TrainConfig, fit
from tests.app.helpers import echart, open_with, page_path, regions_picture, shown
from ui import state
from ui.figures.regression_charts import value_colors

PAGE = page_path("training_studio")


def _open(params: dict, **state_values) -> AppTest:
    return open_with(PAGE, params, **state_values)


def has_echart(at, key: str) -> bool:
    return any(e.proto.id.endswith(f"-{key}") for e in at.get("echarts_chart"))


def run_of(at):
    return at.session_state["studio.run"]


def step(at, times: int) -> None:
    for _ in range(times):
        at.button(key="studio.step").click().run()


def test_the_plane_shows_r2_its_surface_and_no_confusion_matrix():
    at = _open({"data": "plane"})
    assert not at.exception
    run = run_of(at)
    assert run.dataset.regression and run.config.loss == "mse"
    assert at.selectbox(key="studio.loss").value == "mse"
    step(at, 3)
    assert not at.exception
    h = run.trainer.history
    numbers = next(m.value for m in at.markdown if "train R²" in m.value)
    assert f"train R² {h.train_acc[-1]:.4f}" in numbers
    assert f"test R² {h.test_acc[-1]:.4f}" in numbers
    curves = echart(at, "studio.curves_chart")
    assert {s["name"] for s in curves["series"]} == {"train loss", "test loss", "train R²",
                                                     "test R²"}
    # No confusion matrix anywhere; the results speak of predictions against true values.
    assert not any("Confusion" in m.value for m in at.markdown)
    assert at.tabs[0].label == "Predicted vs true" and len(at.tabs) == 3
    assert not has_echart(at, "studio.regions_chart")
    # The surface is the run's own prediction over the plane, in the target's units.
    ds = run.dataset
    _, _, values = value_grid(run.trainer.predict, ds.X_all, resolution=100, square=True)
    targets = ds.target_values(ds.y_all)
    expected = value_colors(ds.target_values(values.ravel()).reshape(values.shape),
                            targets.min(), targets.max())
    np.testing.assert_array_equal(regions_picture(echart(at, "studio.surface_chart")), expected)


def test_a_regression_run_through_the_link_reaches_a_real_r2_and_its_scores_are_sklearns():
    link = {"data": "bumps", "points": "300", "noise": "0.05", "hidden": "32", "opt": "adam",
            "lr": "0.01", "batch": "full", "epochs": "500", "pace": "instant"}
    at = _open(link)
    at.button(key="studio.train").click().run()
    while run_of(at).live:  # the live ticks train on until the budget
        at.run()
    assert not at.exception
    run = run_of(at)
    assert run.trainer.epoch == 500
    assert run.trainer.history.test_acc[-1] > 0.9
    # The same numbers as mlp_core trained alone on the same link's data and settings.
    ds = DataSpec("bumps", n_samples=300, noise=0.05).load()
    alone = fit(TrainConfig(hidden=(32,), optimizer="adam", lr=0.01, batch_size=None,
                            epochs=500, loss="mse"), ds.X_train, ds.y_train, ds.X_test, ds.y_test)
    assert run.trainer.history.test_loss == alone.history.test_loss
    # The results tab's scores, in the target's units, against sklearn's.
    true = ds.target_values(ds.y_test)
    predicted = ds.target_values(alone.predict(ds.X_test))
    scores = shown(next(m.value for m in at.markdown if m.value.startswith("**test set**")))
    assert f"R² {r2_score(true, predicted):.4f}" in scores
    assert f"MAE {mean_absolute_error(true, predicted):.4f}" in scores


@pytest.mark.parametrize("loss", ["mae", "huber"])
def test_the_loss_travels_in_the_link(loss):
    at = _open({"data": "plane", "loss": loss})
    assert not at.exception and run_of(at).config.loss == loss
    assert at.query_params["loss"] == loss


def test_a_bad_loss_or_a_classification_falls_back_with_a_notice():
    at = _open({"data": "plane", "loss": "hinge"})
    assert not at.exception
    warning = shown(next(w.value for w in at.warning if "could not be used" in w.value))
    assert "**loss** =" in warning
    assert run_of(at).config.loss == "mse"
    # On classification data the loss is cross-entropy, whatever the link says.
    at = _open({"data": "iris", "loss": "mae"})
    assert not at.exception and run_of(at).config.loss == "cross_entropy"


def test_diabetes_opens_on_its_two_most_telling_features_and_scores_in_its_units():
    at = _open({"data": "diabetes"})
    assert not at.exception
    step(at, 2)
    ds = run_of(at).dataset
    assert any("most correlated with the target" in c.value for c in at.caption)
    assert any("in the target's own units (progression)" in c.value for c in at.caption)
    scores = shown(next(m.value for m in at.markdown if m.value.startswith("**test set**")))
    predicted = ds.target_values(run_of(at).trainer.predict(ds.X_test))
    true = ds.target_values(ds.y_test)
    assert true.min() >= 25 and true.max() <= 346  # the disease's own scale, not the scaled one
    assert f"MAE {mean_absolute_error(true, predicted):.4f}" in scores


def test_the_lectures_hours_score_draws_its_prediction_along_the_hours():
    at = _open({"data": "hours_score", "epochs": "50"})
    assert not at.exception
    step(at, 2)
    option = echart(at, "studio.surface_chart")
    line = option["series"][-1]["data"]
    xs = np.array([x for x, _ in line], dtype=np.float32)
    expected = run_of(at).trainer.predict(xs[:, None])
    np.testing.assert_allclose([y for _, y in line], expected, atol=1e-5)
    points = option["series"][0]["data"]
    assert points == [[0.5, 0.0], [1.0, 0.0], [1.5, 1.0], [2.0, 1.0], [2.5, 2.0], [3.0, 2.0],
                      [3.5, 3.0], [4.0, 3.0]]


@pytest.mark.parametrize("tab", ["Residuals", "Predict one sample"])
def test_the_other_result_tabs(tab):
    at = _open({"data": "plane"})
    step(at, 2)
    at.session_state["studio.results_tab"] = tab
    at.run()
    assert not at.exception
    run = run_of(at)
    ds = run.dataset
    if tab == "Residuals":
        option = echart(at, "studio.residuals_chart")
        test = next(s for s in option["series"] if s["name"] == "test")["data"]
        predicted = ds.target_values(run.trainer.predict(ds.X_test))
        residual = ds.target_values(ds.y_test) - predicted
        np.testing.assert_allclose(test, np.round(np.column_stack([predicted, residual]), 6),
                                   atol=1e-5)
    else:
        text = shown(next(m.value for m in at.markdown if m.value.startswith("Predicted y")))
        value = ds.target_values(run.trainer.predict(ds.X_test[:1]))[0]
        assert f"Predicted y: {value:.4f}" in text
        assert f"the sample's value: {ds.target_values(ds.y_test[:1])[0]:.4f}" in text


def test_in_vietnamese_a_regression_speaks_vietnamese():
    at = _open({"data": "plane"}, **{"app.lang": "vi"})
    step(at, 1)
    assert not at.exception
    assert any("R² huấn luyện" in m.value for m in at.markdown)
    assert at.tabs[0].label == "Dự đoán so với thực tế"


def test_the_network_view_shows_the_output_unit_as_the_value_itself():
    at = _open({"data": "plane", "net": "1"}, **{"studio.inside.unit": (1, 0)})
    step(at, 2)
    assert not at.exception
    run = run_of(at)
    ds = run.dataset
    network = echart(at, "studio.network_chart")
    names = [node["name"] for node in network["series"][0]["data"]]
    assert "y" in names  # the one output unit, named after the target
    # The output unit's map is the network's prediction (scaled), signed: blue above 0.
    _, _, values = value_grid(run.trainer.predict, ds.X_all, resolution=100, square=True)
    picture = regions_picture(echart(at, "studio.unit_chart"))  # bottom row first
    from ui.figures.inside_charts import activation_picture

    expected = activation_picture(values, float(np.abs(values).max()))[::-1]
    np.testing.assert_array_equal(picture, expected)


@pytest.mark.parametrize("link", [
    {"data": "diabetes", "net": "1", "pca": "1"},
    {"data": "diabetes", "net": "1", "fx": "3", "fy": "8"},
    {"data": "bumps", "net": "1", "hidden": "0"},
    {"data": "hours_score", "net": "1"},
], ids=["diabetes pca", "diabetes two features", "no hidden layer", "one feature"])
def test_every_regression_view_draws(link):
    at = _open(link)
    step(at, 1)
    assert not at.exception
    assert has_echart(at, "studio.surface_chart") and has_echart(at, "studio.network_chart")
    assert not has_echart(at, "studio.regions_chart")


def test_a_continuous_upload_target_is_offered_as_a_regression_and_trains_in_the_studio():
    at = AppTest.from_file(page_path("../app"), default_timeout=120).run()
    at.switch_page("app_pages/your_data.py").run()
    at.selectbox(key="your_data.target").set_value("sepal_length").run()
    assert any("Predict it as a number instead (regression)" in shown(e.value) for e in at.error)
    at.button(key="your_data.as_regression").click().run()
    assert not at.exception and not at.error
    assert at.radio(key="your_data.task").value == "regression"
    assert at.query_params["task"] == "regression"
    at.button(key="your_data.train").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Training studio"
    run = run_of(at)
    ds = run.dataset
    assert ds.regression and ds.class_names == ("sepal_length",) and run.config.loss == "mse"
    # The target scaled for training; its values back in centimetres, as uploaded.
    from sklearn.datasets import load_iris

    lengths = np.sort(np.concatenate([ds.target_values(ds.y_train), ds.target_values(ds.y_test)]))
    np.testing.assert_allclose(lengths, np.sort(load_iris().data[:, 0]), atol=1e-4)
    # On in the studio page itself, handed the same data (AppTest cannot rerun app.py once the
    # studio's Dataset menu, whose labels read the session, is drawn).
    studio = AppTest.from_file(PAGE, default_timeout=60)
    studio.session_state[state.SHARED_DATASET] = ds
    studio.session_state["studio.source"] = "uploaded"
    studio.run()
    step(studio, 2)
    assert not studio.exception and run_of(studio).dataset is ds
    assert any("train R²" in m.value for m in studio.markdown)
    assert any("in the target's own units (sepal\\_length)" in c.value for c in studio.caption)


def test_the_regression_preset_learns_the_bumps():
    at = _open({})
    at.selectbox(key="studio.preset").set_value("Regression: the bumps").run()
    at.button(key="studio.load_preset").click().run()
    assert not at.exception
    assert any("rise into the two bumps" in i.value for i in at.info)
    at.button(key="studio.train").click().run()
    while run_of(at).live:
        at.run()
    run = run_of(at)
    assert run.config.loss == "mse" and run.trainer.epoch == 300
    assert run.trainer.history.test_acc[-1] > 0.95
