"""AppTest of "Your own data": the sample on show, a good upload, a bad one, train, predictions.

Then its link, presenter mode and Vietnamese text, and a text in both languages for every
refusal mlp_core can raise.
"""

import ast
import tomllib
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from mlp_core import csv_reader, tabular
from mlp_core.datasets import Dataset
from mlp_core.tabular import DataError
from ui import state
from ui import your_data as yd
from ui.i18n import catalogue, placeholders

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
    assert any("'a': 1 → 4.8" in t and "'b': 1 → 3" in t for t in texts(at))


# ------------------------------------------------- one preparation per table and choices (#22)
def counting_prepare(monkeypatch) -> list:
    """Replace the page's prepare with one that records each call, then prepares as before."""
    calls, real = [], yd.prepare
    monkeypatch.setattr(yd, "prepare", lambda *args: calls.append(args[1:]) or real(*args))
    return calls


def test_reruns_that_change_no_choice_reuse_the_preparation(monkeypatch):
    calls = counting_prepare(monkeypatch)
    at = page()
    assert len(calls) == 1
    at.run()
    at.slider(key="your_data.test_size").set_value(0.4).run()
    at.number_input(key="your_data.seed").set_value(7).run()
    at.session_state["app.lang"] = "vi"
    at.run()
    assert not at.exception
    assert len(calls) == 1
    assert [m.value for m in at.metric] == ["150", "4", "3"]  # still shown from the one run
    assert texts(at)[-3].startswith("• Các cột được phân cách bằng dấu phẩy.")


def test_a_changed_choice_prepares_again_and_a_refusal_is_reused(monkeypatch):
    calls = counting_prepare(monkeypatch)
    at = page()
    at.radio(key="your_data.missing").set_value("impute").run()
    assert calls[-1][2] == "impute" and len(calls) == 2
    at.multiselect(key="your_data.features").set_value(["sepal_width"]).run()
    assert calls[-1][1] == ["sepal_width"] and len(calls) == 3
    at.selectbox(key="your_data.target").set_value("sepal_length").run()  # refused: continuous
    assert len(calls) == 4 and errors(at)[0].startswith("The target 'sepal_length' looks")
    at.slider(key="your_data.test_size").set_value(0.2).run()
    assert len(calls) == 4 and errors(at)[0].startswith("The target 'sepal_length' looks")
    at.file_uploader(key="your_data.upload").set_value(("mine.csv", GOOD, "text/csv")).run()
    assert len(calls) == 5 and not at.error  # a new table is prepared once


# ------------------------------------------------- what an upload may become (#22)
def wide_text_csv(n_rows: int = 300, n_columns: int = 999) -> bytes:
    """The issue's table, fewer rows: 999 text columns of values a-t and a label."""
    rng = np.random.default_rng(0)
    letters = np.array(list("abcdefghijklmnopqrst"))
    body = letters[rng.integers(0, 20, size=(n_rows, n_columns))]
    lines = [",".join([*(f"c{j}" for j in range(n_columns)), "label"])]
    lines += [",".join([*row, "xy"[i % 2]]) for i, row in enumerate(body)]
    return "\n".join(lines).encode()


def test_a_wide_text_table_stays_within_the_feature_cap_up_to_the_studio():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("app_pages/your_data.py").run()
    at.file_uploader(key="your_data.upload").set_value(("wide.csv", wide_text_csv(),
                                                        "text/csv")).run()
    assert not at.exception and not at.error
    # By default the first 50 text columns (20 categories each) make the 1,000 allowed features.
    assert [m.value for m in at.metric] == ["300", "1000", "2"]
    assert len(at.multiselect(key="your_data.features").value) == 50
    assert any(t.startswith("• Left out 949 more columns ('c50', 'c51', 'c52', 'c53', 'c54', "
                            "…): with them the features would pass 1,000 columns after encoding")
               for t in texts(at))
    # Every column chosen: refused, before encoding, with the cap and what to do.
    at.multiselect(key="your_data.features").set_value([f"c{j}" for j in range(999)]).run()
    assert not at.exception
    assert errors(at) == ["The chosen features become 19,980 columns after encoding (each text "
                          "column becomes one column per category); the limit is 1,000. Choose "
                          "fewer features, or fewer text features."]
    assert not at.metric and not [b for b in at.button if b.key == "your_data.train"]
    assert state.SHARED_DATASET not in at.session_state  # nothing reached the studio
    # Back to the defaults: what reaches the studio is within the caps.
    at.selectbox(key="your_data.target").set_value("c0").run()
    at.selectbox(key="your_data.target").set_value("label").run()
    at.button(key="your_data.train").click().run()
    dataset = at.session_state[state.SHARED_DATASET]
    assert len(dataset.feature_names) == tabular.MAX_FEATURES
    assert dataset.n_train + dataset.n_test == 300


def test_a_header_of_long_names_is_read_whole():
    # 999 names of 100 characters and `label`: the header alone is longer than the 64 KB sample.
    names = [f"{j:03d}" + "n" * 97 for j in range(999)]
    body = [",".join([*(str((i * j) % 7) for j in range(999)), "xy"[i % 2]]) for i in range(6)]
    data = "\n".join([",".join([*names, "label"]), *body]).encode()
    at = page()
    at.file_uploader(key="your_data.upload").set_value(("long.csv", data, "text/csv")).run()
    assert not at.exception and not at.error
    assert texts(at)[0] == "long.csv: 6 rows, 1000 columns."
    assert at.selectbox(key="your_data.target").value == "label"


def test_the_upload_limit_is_one_figure_everywhere():
    with (ROOT / ".streamlit" / "config.toml").open("rb") as f:
        server_mib = tomllib.load(f)["server"]["maxUploadSize"]
    # The file chooser counts 1 MB = 1,000,000 bytes (Streamlit's frontend, outside Windows);
    # the server counts MiB: it must let through every file the cap accepts.
    assert yd.MAX_UPLOAD_MB * 1_000_000 == csv_reader.MAX_BYTES
    assert server_mib * 2**20 >= csv_reader.MAX_BYTES
    at = page()
    assert at.get("file_uploader")[0].proto.max_upload_size_mb == yd.MAX_UPLOAD_MB == 50
    assert any(c.value.startswith("Limits: 50 MB per file") for c in at.caption)
    over = csv_reader.MAX_BYTES + 1
    with pytest.raises(DataError) as caught:
        csv_reader.read_bytes(b"a" * over)
    assert str(caught.value).startswith("The file is 50.0 MB; the limit is 50 MB.")
    assert yd.error_text(caught.value) == str(caught.value)


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
    trainer = at.session_state["studio.run"].trainer
    assert at.session_state["studio.run"].dataset is dataset
    trainer.run(3)  # as if the student pressed Train for three epochs

    # Back on this page with that session. (A fresh AppTest seeded with the session's values:
    # AppTest cannot rerun once the studio's Dataset menu, whose labels read the session, is drawn.)
    back = AppTest.from_file(PAGE, default_timeout=60)
    kept = [key for key in state.YOUR_DATA if key in at.session_state]
    assert "your_data.target" in kept  # app.py kept the widget keys while the studio showed
    for key in (state.SHARED_DATASET, "studio.run", "studio.source", *kept):
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


# --------------------------------------------------------------------- links (issue 6)
GAPS = b"a,b,label\n1,2,x\n?,4,y\n5,6,x\n7,,y\n9,1,x\n2,2,y\n"  # rows 2 and 4 have a gap
LINK_NAMES = ("missing", "single", "test", "seed")


def linked_page(**params):
    at = AppTest.from_file(PAGE, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def choices(at) -> tuple:
    return (at.radio(key="your_data.missing").value, at.radio(key="your_data.singletons").value,
            at.slider(key="your_data.test_size").value,
            at.number_input(key="your_data.seed").value)


def test_a_link_opens_with_its_choices_and_the_rows_follow():
    at = linked_page(missing="impute", single="keep", test="0.2", seed="7")
    assert choices(at) == ("impute", "keep", 0.2, 7)
    at.file_uploader(key="your_data.upload").set_value(("gaps.csv", GAPS, "text/csv")).run()
    assert at.metric[0].value == "6"  # impute keeps the 2 rows with a gap (drop would give 4)


def test_a_linked_split_reaches_the_studio():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["test"], at.query_params["seed"] = "0.2", "7"
    at.switch_page("app_pages/your_data.py").run()  # the link opens this page itself
    at.button(key="your_data.train").click().run()
    assert not at.exception, [e.value for e in at.exception]
    dataset = at.session_state[state.SHARED_DATASET]
    assert (dataset.n_train, dataset.n_test) == (120, 30)  # 20 % of Iris's 150 rows held out


def test_a_link_round_trips_the_choices():
    at = page()
    at.file_uploader(key="your_data.upload").set_value(("gaps.csv", GAPS, "text/csv")).run()
    at.radio(key="your_data.missing").set_value("impute").run()
    at.radio(key="your_data.singletons").set_value("keep").run()
    at.slider(key="your_data.test_size").set_value(0.35).run()
    at.number_input(key="your_data.seed").set_value(42).run()
    url = {name: at.query_params[name] for name in at.query_params}
    assert url == {"missing": "impute", "single": "keep", "test": "0.35", "seed": "42"}

    again = linked_page(**url)
    assert choices(again) == ("impute", "keep", 0.35, 42)
    # The file itself does not travel: the new page holds Iris until the file is uploaded again.
    assert texts(again)[0] == "iris.csv: 150 rows, 5 columns."
    again.file_uploader(key="your_data.upload").set_value(("gaps.csv", GAPS, "text/csv")).run()
    assert [m.value for m in again.metric] == [m.value for m in at.metric] == ["6", "2", "2"]


def test_a_tampered_link_falls_back_to_the_defaults_and_says_so():
    at = linked_page(missing="abc", single="maybe", test="0.9", seed="1.5")
    assert choices(at) == ("drop", "drop", 0.3, 0)
    warning = unescape(at.warning[0].value)  # the values are escaped for Markdown
    for item in ("**missing** = abc: not one of drop, impute.",
                 "**single** = maybe: not one of drop, keep.",
                 "**test** = 0.9: outside 0.1 to 0.5.",
                 "**seed** = 1.5: not a whole number."):
        assert item in warning
    assert [m.value for m in at.metric] == ["150", "4", "3"]  # the page still works


def test_defaults_stay_out_of_the_link():
    at = page()
    assert not [name for name in LINK_NAMES if name in at.query_params]
    at.radio(key="your_data.missing").set_value("impute").run()
    assert at.query_params["missing"] == "impute"
    at.radio(key="your_data.missing").set_value("drop").run()
    assert "missing" not in at.query_params


# --------------------------------------------------------------- presenter mode (issue 6)
def test_presenter_mode_hides_the_fine_print_and_keeps_the_choices():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["app.present"] = True
    at.session_state["your_data.seed"] = 7  # a hidden control keeps its value
    at.run()
    assert not at.exception
    assert len(at.dataframe) == 1  # the preview; the column report is hidden
    assert not at.get("expander")
    assert not [w for w in at.number_input if w.key == "your_data.seed"]
    assert not any(c.value.startswith("Limits:") for c in at.caption)
    assert at.radio(key="your_data.missing").value == "drop"
    assert at.slider(key="your_data.test_size").value == 0.3
    assert [m.value for m in at.metric] == ["150", "4", "3"]
    assert at.session_state["your_data.seed"] == 7
    # No figure on this page, so presenter.chart has nothing to enlarge here.
    assert not at.get("plotly_chart")


# ------------------------------------------------------------------ Vietnamese (issue 6)
def vi_page():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["app.lang"] = "vi"
    at.run()
    assert not at.exception
    return at


def test_the_page_in_vietnamese_shows_the_same_numbers():
    at = vi_page()
    assert at.title[0].value == catalogue("vi")["your_data.title"] == "Dữ liệu của bạn"
    assert texts(at)[0] == "iris.csv: 150 hàng, 5 cột."
    assert [m.value for m in at.metric] == ["150", "4", "3"]
    assert at.metric[0].label == "Số hàng được dùng"
    report = at.dataframe[1].value
    assert list(report.columns) == ["cột", "kiểu", "số giá trị khác nhau", "ô thiếu"]
    assert list(report["kiểu"]) == ["số thực"] * 4 + ["văn bản"]
    assert list(report["số giá trị khác nhau"]) == [35, 23, 43, 22, 3]
    assert at.radio(key="your_data.missing").options == [
        "Bỏ các hàng có giá trị thiếu",
        "Điền vào: trung bình của cột, hoặc giá trị xuất hiện nhiều nhất"]


def test_refusals_from_mlp_core_are_shown_in_vietnamese():
    at = vi_page()
    at.file_uploader(key="your_data.upload").set_value(("photo.csv", PNG, "text/csv")).run()
    assert errors(at) == ["photo.csv: Tệp này là một ảnh PNG, không phải bảng văn bản. Hãy lưu "
                          "bảng của bạn dưới dạng CSV (trong bảng tính: File > Save As > CSV) "
                          "rồi tải tệp đó lên."]
    at.selectbox(key="your_data.target").set_value("sepal_length").run()
    assert errors(at)[1].startswith("Biến mục tiêu 'sepal_length' có vẻ liên tục: nó có 35 giá "
                                    "trị số khác nhau")
    # The refusal is kept as an error, not as text: switching language re-words it.
    at.session_state["app.lang"] = "en"
    at.run()
    assert errors(at)[0].startswith("photo.csv: This file is a PNG image, not a table of text.")


def test_notes_are_shown_in_the_session_language():
    at = vi_page()
    at.file_uploader(key="your_data.upload").set_value(
        ("gaps.csv", b"a;b;label\n1,5;2;x\n?;4;y\n5;6;x\n7;1;y\n9;1;x\n2;2;y\n", "text/csv")).run()
    notes = [t for t in texts(at) if t.startswith("• ")]
    assert notes == ["• Các cột được phân cách bằng dấu chấm phẩy.",
                     "• Cột 'a' dùng dấu phẩy thập phân (1,5); đã đọc thành số.",
                     "• Đã bỏ ra 1 hàng có giá trị thiếu hoặc không hữu hạn ('a': 1; các hàng 2)."]


def test_a_refusal_with_notes_words_them_in_the_session_language():
    at = vi_page()
    at.file_uploader(key="your_data.upload").set_value(
        ("gaps.csv", b"a,label\n?,x\n,y\nNA,x\n", "text/csv")).run()
    assert errors(at) == ["Không có cột nào dùng được làm đặc trưng cho biến mục tiêu 'label'. "
                          "Đã bỏ ra 'a': cột không có giá trị nào. Một đặc trưng phải chứa số, "
                          "giá trị có/không, hoặc văn bản có tối đa 20 loại giá trị."]


def test_an_error_without_a_known_code_is_shown_in_english():
    assert yd.error_text(DataError("Something new.")) == "Something new."
    assert yd.error_text(DataError("Newer.", "not_in_any_catalogue", {})) == "Newer."
    assert yd.error_text(ValueError("test_size must be in (0, 1).")) == (
        "test_size must be in (0, 1).")


# ----------------------------------------------- every refusal of mlp_core has both texts
CORE = ROOT / "mlp_core"


def raised_codes() -> tuple[set[str], list[str]]:
    """The codes mlp_core passes to _error(...), and every DataError(...) built elsewhere."""
    literal, direct = set(), []
    for path in sorted(CORE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name == "DataError":
                direct.append(f"{path.name}:{node.lineno}")
            elif name == "_error" and isinstance(node.args[0], ast.Constant):
                literal.add(node.args[0].value)
    return literal, direct


def test_every_data_error_code_has_a_text_in_both_languages():
    codes = {**csv_reader.ERRORS, **tabular.ERRORS}
    assert len(codes) == len(csv_reader.ERRORS) + len(tabular.ERRORS)  # no code in both
    literal, direct = raised_codes()
    assert not direct, f"raise DataErrors through _error(code, ...), not directly: {direct}"
    # Codes computed at a raise site: the file signatures and the unusable-feature reasons.
    computed = {code for _, code in csv_reader.SIGNATURES} | {
        f"feature_{reason}" for reason in tabular.UNUSABLE}
    assert literal | computed <= set(codes)
    assert len(literal) > 30
    en, vi = catalogue("en"), catalogue("vi")
    for code, english in codes.items():
        key = f"your_data.error_{code}"
        assert en[key] == english, code  # byte-identical to the message mlp_core raises
        assert key in vi, code
        assert placeholders(vi[key]) == placeholders(english), code
    shown = {key for key in en if key.startswith("your_data.error_")}
    assert shown == {f"your_data.error_{code}" for code in codes}  # no stale texts
    assert shown == {key for key in vi if key.startswith("your_data.error_")}


def test_every_note_code_has_a_text_in_both_languages():
    notes = {**csv_reader.NOTES, **tabular.NOTES}
    assert len(notes) == len(csv_reader.NOTES) + len(tabular.NOTES)  # no code in both
    en, vi = catalogue("en"), catalogue("vi")
    for code, english in notes.items():
        key = f"your_data.note_{code}"
        assert en[key] == english, code  # byte-identical to str(note) in mlp_core
        assert placeholders(vi[key]) == placeholders(english), code
    shown = {key for key in en if key.startswith("your_data.note_")}
    assert shown == {f"your_data.note_{code}" for code in notes}  # no stale texts
    assert shown == {key for key in vi if key.startswith("your_data.note_")}


def test_every_page_text_is_in_both_languages_with_the_same_placeholders():
    en, vi = catalogue("en"), catalogue("vi")
    ours = {key for key in en if key.startswith("your_data.")}
    assert ours == {key for key in vi if key.startswith("your_data.")}
    assert len(ours) > 90
    for key in ours:
        assert placeholders(en[key]) == placeholders(vi[key]), key
    for kind in ("number", "integer", "boolean", "text", "empty"):  # every ParsedTable kind
        assert f"your_data.kind_{kind}" in ours


# ------------------------------------------------- the default target and features (#21)
def test_a_table_ending_in_a_measurement_starts_on_its_class_column_with_every_feature_shown():
    from tests.test_tabular_target import wine_with_price

    at = page()
    upload = wine_with_price().to_csv(index=False).encode()
    at.file_uploader(key="your_data.upload").set_value(("wine.csv", upload, "text/csv")).run()
    assert not at.exception and not at.error
    assert at.selectbox(key="your_data.target").value == "cultivar"
    chooser = at.multiselect(key="your_data.features")
    assert len(chooser.value) == 14 and "price" in chooser.value
    assert chooser.proto.wrap  # all 14 chips in view, on as many rows as they need
    assert [m.value for m in at.metric] == ["178", "14", "3"]
