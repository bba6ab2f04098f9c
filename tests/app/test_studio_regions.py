"""AppTest: the studio's regions a student can read: equal scale, the best pair by default, an
untrained network said plainly, Digits' mistakes as pictures."""

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.feature_selection import f_classif
from streamlit.testing.v1 import AppTest

from mlp_core.datasets import load_builtin
from mlp_core.regions import decision_grid, plane_grid, principal_plane
from tests.app.helpers import open_with, played_frames, regions_picture
from tests.app.test_page_training_studio import PAGE, echart, studio, trainer
from ui.figures.live_charts import region_colors
from ui.shared import Shared
from ui.studio import live, traffic


def _open(params: dict) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def _units_per_pixel(option: dict) -> tuple[float, float]:
    grid, x_axis, y_axis = option["grid"], option["xAxis"][1], option["yAxis"][1]
    return ((x_axis["max"] - x_axis["min"]) / grid["width"],
            (y_axis["max"] - y_axis["min"]) / grid["height"])


def _mistakes(at) -> tuple[int, list[tuple[int, int]]]:
    """How many samples the run gets wrong, and (true, predicted) of each, train then test."""
    t, ds = trainer(at), studio(at).dataset
    found = []
    for X, y in ((ds.X_train, ds.y_train), (ds.X_test, ds.y_test)):
        pred = t.predict(X)
        found += [(int(y[i]), int(pred[i])) for i in np.flatnonzero(pred != y)]
    return len(found), found


@pytest.mark.parametrize("data", ["circles", "spiral", "iris"])
def test_the_regions_draw_one_data_unit_as_long_across_as_up(data):
    at = _open({"data": data})
    assert not at.exception
    option = echart(at, "studio.regions_chart")
    across, up = _units_per_pixel(option)
    assert across == pytest.approx(up, rel=0.01)
    assert option["grid"]["left"] == "center"  # sized in pixels, whatever the column's width


def test_wine_opens_on_its_best_separating_pair_and_the_student_can_change_it():
    at = _open({"data": "wine"})
    assert not at.exception
    ds = studio(at).dataset
    f_value, _ = f_classif(ds.X_train, ds.y_train)
    best = sorted(np.argsort(-f_value)[:2])  # scikit-learn's ANOVA F ranks as Fisher's score
    regions = echart(at, "studio.regions_chart")
    names = [regions["xAxis"][1]["name"], regions["yAxis"][1]["name"]]
    # The axes' names as they are: the caption says once that every feature is standardized.
    assert names == [ds.feature_names[k] for k in best] == ["flavanoids", "proline"]
    assert "Every feature is standardized" in at.caption[0].value
    x = at.selectbox(key="studio.feature_x")
    assert x.value is None and x.format_func(None) == "flavanoids (best pair)"
    # The box shows a None value as its placeholder: that is where the best pair is said.
    assert x.proto.placeholder == "flavanoids (best pair)"
    assert any("Fisher's score" in c.value for c in at.caption)
    assert "fx" not in at.query_params  # the data's own best pair needs no place in the link

    x.set_value(0).run()  # alcohol
    regions = echart(at, "studio.regions_chart")
    assert regions["xAxis"][1]["name"] == "alcohol"
    assert regions["yAxis"][1]["name"] == "proline"
    assert at.query_params["fx"] == "0"

    at.selectbox(key="studio.source").set_value("breast_cancer").run()  # other data: its own pair
    ds = studio(at).dataset
    f_value, _ = f_classif(ds.X_train, ds.y_train)
    best = sorted(np.argsort(-f_value)[:2])
    regions = echart(at, "studio.regions_chart")
    assert [regions["xAxis"][1]["name"], regions["yAxis"][1]["name"]] == [
        ds.feature_names[k] for k in best]
    assert at.selectbox(key="studio.feature_x").value is None and "fx" not in at.query_params


def test_the_untrained_network_is_said_plainly_and_nothing_is_ringed():
    at = _open({})
    wrong, _ = _mistakes(at)
    assert wrong > 0  # random weights do err
    regions = echart(at, "studio.regions_chart")
    assert regions["title"]["text"].startswith("Decision regions of the untrained network")
    assert "misclassified" not in [s["name"] for s in regions["series"]]
    at.session_state["studio.results_tab"] = "Misclassified samples"
    at.run()
    assert any(m.value.startswith("**The network is untrained (epoch 0).**") for m in at.markdown)
    assert not at.dataframe

    at.button(key="studio.step").click().run()
    wrong, _ = _mistakes(at)
    assert trainer(at).epoch == 1 and wrong > 0
    regions = echart(at, "studio.regions_chart")
    assert regions["title"]["text"] == "Decision regions"
    ringed = next(s for s in regions["series"] if s["name"] == "misclassified")
    assert len(ringed["data"]) == wrong
    assert len(at.dataframe[-1].value) == wrong


def test_digits_mistakes_are_shown_as_8_by_8_pictures_with_true_and_predicted_labels():
    at = _open({"data": "digits", "hidden": "8", "batch": "full", "lr": "0.1"})
    at.session_state["studio.results_tab"] = "Misclassified samples"
    at.button(key="studio.step").click().run()
    assert not at.exception
    wrong, found = _mistakes(at)
    assert wrong > 0
    images = at.get("image")
    assert len(images) == 1
    shown = images[0].proto.imgs
    assert len(shown) == min(wrong, 40)
    assert all(img.url.endswith(".png") for img in shown)  # sharp pixels, not JPEG's blur
    n_train = len(studio(at).dataset.y_train)
    expected = [f"{true} → {guess} ({'train' if k < n_train else 'test'})"
                for k, (true, guess) in enumerate(found)]
    assert [img.caption for img in shown] == expected[:len(shown)]
    assert any(c.value == f"The first {len(shown)} of {wrong} misclassified samples, as "
               "pictures (true → predicted):" for c in at.caption)
    assert len(at.dataframe[-1].value) == wrong  # and every one of them in the table


def test_iris_mistakes_have_no_pictures():
    at = _open({})
    at.session_state["studio.results_tab"] = "Misclassified samples"
    at.button(key="studio.step").click().run()
    assert _mistakes(at)[0] > 0 and not at.get("image")


def test_a_digit_picture_is_the_sample_itself_ink_dark():
    from ui.studio.results import PICTURE_ZOOM, mistake_pictures, picture_shape

    ds = load_builtin("digits")
    assert picture_shape(ds.feature_names) == (8, 8)
    assert picture_shape(load_builtin("wine").feature_names) is None
    raw = ds.scaler.inverse_transform(ds.X_train[:3])
    pictures = mistake_pictures(raw, (8, 8))
    images = load_digits().images  # (1797, 8, 8), 0 blank .. 16 full ink
    for picture, row in zip(pictures, raw, strict=True):
        assert picture.shape == (8 * PICTURE_ZOOM, 8 * PICTURE_ZOOM)
        k = int(np.argmin(np.abs(images.reshape(len(images), -1) - row).sum(axis=1)))
        expected = np.round(255 * (1 - images[k] / raw.max())).astype(np.uint8)
        np.testing.assert_array_equal(picture[::PICTURE_ZOOM, ::PICTURE_ZOOM], expected)
        assert picture[0, 0] == 255  # digits' corners are blank: white


def test_digits_over_its_principal_components_as_scikit_learn_computes_them():
    at = _open({"data": "digits", "pca": "1"})
    assert not at.exception
    ds, t = studio(at).dataset, trainer(at)
    pca = PCA(n_components=2).fit(ds.X_train)
    regions = echart(at, "studio.regions_chart")
    shares = [round(100 * r) for r in pca.explained_variance_ratio_]
    assert [regions["xAxis"][1]["name"], regions["yAxis"][1]["name"]] == [
        f"PC{k} ({share}% of the variance)" for k, share in zip((1, 2), shares, strict=True)]
    assert not [s for s in at.selectbox if s.key in ("studio.feature_x", "studio.feature_y")]
    assert any(c.value.startswith("PC1 and PC2 are the two directions") for c in at.caption)
    # The training points at their own PC1 and PC2 (scikit-learn's, up to each axis's sign),
    # one series a class, each in the data's order.
    drawn = np.concatenate([s["data"] for s in regions["series"]
                            if s["name"].endswith("(train)")])
    expected = pca.transform(ds.X_train)[np.argsort(ds.y_train, kind="stable")]
    signs = np.sign(np.sum(drawn * expected, axis=0))
    np.testing.assert_allclose(drawn * signs, expected, atol=1e-4)
    # The regions: the model's answer on the plane, every other component at the mean's.
    plane = principal_plane(ds.X_train)
    grid = plane_grid(t.predict_proba, plane, ds.X_all, resolution=100, square=True)
    np.testing.assert_array_equal(regions_picture(regions), region_colors(grid.proba))
    assert _units_per_pixel(regions)[0] == pytest.approx(_units_per_pixel(regions)[1], rel=0.01)



def test_the_settled_regions_are_the_playbacks_last_frame_and_a_change_predicts_anew(alone,
                                                                                    monkeypatch):
    predicted = []
    regions_view = live.regions_view
    monkeypatch.setattr(live, "regions_view",
                        lambda t, *args: predicted.append(t.epoch) or regions_view(t, *args))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.button(key="studio.train").click().run()  # the lecture at its pace: the browser plays it
    run = studio(at)
    assert run.in_browser
    last = played_frames(echart(at, "studio.regions_chart"))[-1]
    predicted.clear()
    run.frames_from -= run.play_seconds()  # the playback is over (AppTest does not wait)
    at.run()
    assert not studio(at).live
    # The settled page draws the last frame's picture, which that frame already predicted.
    settled = echart(at, "studio.regions_chart")
    assert predicted == []
    np.testing.assert_array_equal(regions_picture(settled), regions_picture(last))
    grid = decision_grid(trainer(at).predict_proba, run.dataset.X_all, features=(2, 3),
                         resolution=100, square=True)
    np.testing.assert_array_equal(regions_picture(settled), region_colors(grid.proba))
    # Another epoch on the replay slider is predicted anew, and so is the end again after it.
    at.select_slider(key="studio.replay_epoch").set_value(7).run()
    at.select_slider(key="studio.replay_epoch").set_value(20).run()
    assert predicted == [7, 20]
    np.testing.assert_array_equal(regions_picture(echart(at, "studio.regions_chart")),
                                  regions_picture(settled))


def test_the_kept_regions_key_follows_the_weights_not_only_the_epoch():
    at = _open({"data": "circles"})
    t, ds = trainer(at).snapshot(), studio(at).dataset
    before = live._regions_key(t, ds, (0, 1), 100, False)
    assert live._regions_key(t, ds, (0, 1), 100, False) == before
    assert live._regions_key(t, ds, (0, 1), 50, False) != before
    with torch.no_grad():  # a weight edited by hand (the network view), at the same epoch
        t.weights[0][0, 0] += 1.0
    assert live._regions_key(t, ds, (0, 1), 100, False) != before


def test_a_playbacks_regions_are_built_once_for_every_session_that_plays_the_same_run(
        alone, monkeypatch):
    built = []
    regions_views = live.regions_views
    monkeypatch.setattr(live, "regions_views", lambda shots, *args: built.append(len(shots))
                        or regions_views(shots, *args))
    monkeypatch.setattr(live, "PLAYBACK_REGIONS", Shared(16))

    def played(params: dict, **state) -> tuple[list[dict], int]:
        """The regions chart's frames when a student alone on the server (the lecture's run is
        played back by the browser) presses Train, and how many frame sets Train built."""
        monkeypatch.setattr(traffic, "LIVE", traffic.Traffic())  # the last one's no longer live
        monkeypatch.setattr(traffic, "TRAINS", traffic.Traffic())
        at = open_with(PAGE, params, **state)
        built.clear()
        at.button(key="studio.train").click().run()
        assert studio(at).in_browser
        return played_frames(echart(at, "studio.regions_chart")), len(built)

    first, builds = played({})
    assert builds == 2  # the passing frames on their grid, the last on the page's
    assert played({}) == (first, 0)  # a second student: the same frames, none built again
    # Other data is drawn anew, and so is the same run in another language (whose words a chart
    # may carry: never one drawn in English).
    assert played({"data": "circles"})[1] == 2
    assert played({}, **{"app.lang": "vi"})[1] == 2
