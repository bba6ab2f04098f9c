"""AppTest of "Your own data": the sample on show, a good upload, a bad one, train, predictions."""

from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from mlp_core.datasets import Dataset
from ui import state

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "app_pages" / "your_data.py")
GOOD = b"<script>alert(1)</script>,**b**,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n9,1,x\n2,2,y\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64))


def unescape(markdown: str) -> str:
    """The text a reader sees in an element whose Markdown special characters were escaped."""
    return markdown.replace("  \n", "\n").replace("\\", "")


def texts(at) -> list[str]:
    return [t.value for t in at.text]


def errors(at) -> list[str]:
    return [unescape(e.value) for e in at.error]


def page():
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    return at


def test_opens_on_the_lecture_iris():
    at = page()
    assert at.title[0].value == "Your own data"
    assert texts(at)[0] == "iris.csv: 150 rows, 5 columns."
    assert at.selectbox(key="your_data.target").value == "species"
    assert at.multiselect(key="your_data.features").value == [
        "sepal_length", "sepal_width", "petal_length", "petal_width"]
    assert [m.value for m in at.metric] == ["150", "4", "3"]
    report = at.dataframe[1].value
    assert list(report["type"]) == ["number"] * 4 + ["text"]
    assert list(report["distinct"]) == [35, 23, 43, 22, 3]
    assert "Classes: setosa | versicolor | virginica" in texts(at)


def test_a_good_file_then_a_bad_one_keeps_the_good_one():
    at = page()
    at.file_uploader(key="your_data.upload").set_value(("mine.csv", GOOD, "text/csv")).run()
    assert not at.exception and not at.error
    assert texts(at)[0] == "mine.csv: 6 rows, 3 columns."
    # Names are shown as text: the header appears literally, never as HTML or Markdown.
    assert list(at.dataframe[0].value.columns) == ["<script>alert(1)</script>", "**b**", "label"]
    assert "Features: <script>alert(1)</script> | **b**" in texts(at)
    assert at.multiselect(key="your_data.features").value == ["<script>alert(1)</script>", "**b**"]

    at.file_uploader(key="your_data.upload").set_value(("photo.csv", PNG, "text/csv")).run()
    assert not at.exception
    assert errors(at) == ["photo.csv: This file is a PNG image, not a table of text. Save your "
                          "table as CSV (in a spreadsheet: File > Save As > CSV) and upload that "
                          "file."]
    assert texts(at)[0] == "mine.csv: 6 rows, 3 columns."  # the previous table is still loaded
    assert [m.value for m in at.metric] == ["6", "2", "2"]  # and still usable


def test_an_escaped_error_renders_names_literally():
    at = page()
    bad = b"<b>x</b>,label\n1,a\n2,a\n3,a\n"
    at.file_uploader(key="your_data.upload").set_value(("one.csv", bad, "text/csv")).run()
    assert errors(at) == ["The target 'label' has only one class ('a') in the usable rows; a "
                          "classifier needs at least two. Choose another target, or add rows of "
                          "other classes."]
    at.selectbox(key="your_data.target").set_value("<b>x</b>").run()
    assert not at.exception
    assert r"\<b\>x\</b\>" in at.error[0].value  # escaped for Markdown: shown as typed


def test_a_continuous_target_is_refused_with_its_distinct_count():
    at = page()
    at.selectbox(key="your_data.target").set_value("sepal_length").run()
    assert not at.exception
    assert errors(at)[0].startswith("The target 'sepal_length' looks continuous: it has 35 "
                                    "distinct numbers")
    at.selectbox(key="your_data.target").set_value("species").run()
    assert not at.error


def test_missing_policy_changes_the_rows_used():
    at = page()
    data = b"a,b,label\n1,2,x\n?,4,y\n5,6,x\n7,,y\n9,1,x\n2,2,y\n"
    at.file_uploader(key="your_data.upload").set_value(("gaps.csv", data, "text/csv")).run()
    assert at.metric[0].value == "4"
    assert any("Left out 2 rows with missing or non-finite values" in t for t in texts(at))
    at.radio(key="your_data.missing").set_value("impute").run()
    assert at.metric[0].value == "6"
    assert any("'a': 1 with 4.8" in t and "'b': 1 with 3" in t for t in texts(at))


def test_samples_load_in_one_click():
    at = page()
    at.button(key="your_data.sample.3").click().run()  # Moons
    assert texts(at)[0] == "moons.csv: 200 rows, 3 columns."
    at.button(key="your_data.reset").click().run()
    assert texts(at)[0] == "iris.csv: 150 rows, 5 columns."


def test_train_hands_the_dataset_to_the_studio_and_predictions_follow():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("app_pages/your_data.py").run()
    assert at.title[0].value == "Your own data"
    at.button(key="your_data.train").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Training studio"
    dataset = at.session_state[state.SHARED_DATASET]
    assert isinstance(dataset, Dataset)
    assert (dataset.n_train, dataset.n_test) == (105, 45)
    assert dataset.class_names == ("setosa", "versicolor", "virginica")
    assert at.session_state["studio.source"] == "uploaded"
    trainer = at.session_state["studio.trainer"]
    assert at.session_state["studio.dataset"] is dataset
    trainer.run(3)  # as if the student pressed Train for three epochs

    # Back on this page with that session. (A fresh AppTest seeded with the session's values:
    # AppTest cannot rerun once the studio's Dataset menu, whose labels read the session, is drawn.)
    back = AppTest.from_file(PAGE, default_timeout=60)
    kept = [key for key in state.YOUR_DATA if key in at.session_state]
    assert "your_data.target" in kept  # app.py kept the widget keys while the studio showed
    for key in (state.SHARED_DATASET, "studio.trainer", "studio.dataset", "studio.source", *kept):
        back.session_state[key] = at.session_state[key]
    at = back.run()
    assert not at.exception
    assert at.selectbox(key="your_data.target").value == "species"
    assert at.metric[0].value == "150"
    download = at.get("download_button")
    assert len(download) == 1 and "predictions" in download[0].proto.label
    assert any(t.startswith("A model trained for 3 epochs") for t in texts(at))
    # The same CSV the button serves, built by the pure function the page calls.
    from mlp_core.tabular import predictions_csv

    data = at.session_state["your_data.prepared"]
    text = predictions_csv(data, trainer.predict_proba, scaler=dataset.scaler)
    lines = text.strip().splitlines()
    assert len(lines) == 151 and lines[0].endswith("probability of virginica")
    proba = np.array([[float(v) for v in line.split(",")[-3:]] for line in lines[1:]])
    np.testing.assert_allclose(proba.sum(axis=1), 1, atol=1e-5)
