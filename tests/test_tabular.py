"""tabular.load_csv on a corpus of awkward files: each is accepted with its notes or refused."""

import csv
import io
import zlib
from pathlib import Path

import numpy as np
import pytest

from mlp_core import csv_reader, tabular
from mlp_core.datasets import Split
from mlp_core.tabular import (
    DataError,
    escape_cell,
    load_csv,
    parse_csv,
    predictions_csv,
    prepare,
    to_dataset,
)

ROOT = Path(__file__).resolve().parents[1]


def rows(header, *body, sep=","):
    """CSV bytes from a header and rows of cells (cells written as given, no quoting)."""
    lines = [sep.join(header), *(sep.join(str(c) for c in row) for row in body)]
    return ("\n".join(lines) + "\n").encode()


# Four rows of two classes: the smallest table that loads without a note about classes.
SMALL = rows(["a", "b", "label"], [1, 2, "x"], [3, 4, "y"], [5, 6, "x"], [7, 8, "y"])
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + zlib.compress(b"pixels") * 4


def three_thousand_columns() -> bytes:
    header = [f"c{j}" for j in range(3000)]
    return rows(header, list(range(3000)), list(range(1, 3001)))


# (id, file bytes, load_csv keywords, expected)
# expected is ("refused", regex of the message) or ("accepted", substrings every note list holds).
REFUSED = [
    ("empty file", b"", {}, r"The file is empty"),
    ("blank lines only", b"  \n\n \r\n", {}, r"The file is empty"),
    ("header only", b"a,b,label\n", {}, r"header row but no data rows"),
    ("one row", b"a,label\n1,x\n", {}, r"only 1 data row. Training needs rows of at least two"),
    ("binary bytes", bytes(range(256)) * 4, {}, r"binary bytes \(a zero byte at byte 1\)"),
    ("PNG renamed .csv", PNG, {}, r"This file is a PNG image, not a table of text"),
    ("xlsx renamed .csv", b"PK\x03\x04" + b"\x14\x00" * 20, {}, r"Excel workbook \(\.xlsx\)"),
    ("control characters", b"a,b\n" + bytes(range(1, 9)) * 8 + b"\n", {}, r"control characters"),
    ("unclosed quote", b'a,b,label\n1,"open,x\n2,3,y\n', {},
     r"starts on line 2 of the file is never closed"),
    ("single class", rows(["a", "label"], [1, "yes"], [2, "yes"], [3, "yes"]), {},
     r"The target 'label' has only one class \('yes'\)"),
    ("continuous target", rows(["x", "price"], *[[i, i * 1.37] for i in range(60)]), {},
     r"'price' looks continuous: it has 60 distinct numbers with fractions .*\(regression\)"),
    ("fractional target, 11 values", rows(["x", "size"], *[[i, 0.5 + i % 11] for i in range(40)]),
     {}, r"'size' looks continuous: it has 11 distinct numbers"),
    ("too many classes", rows(["x", "name"], *[[i % 3, f"n{i}"] for i in range(60)]), {},
     r"'name' has 60 distinct values; at most 50 classes"),
    ("only a target column", b"label\nx\ny\nx\n", {}, r"only one column \('label'\)"),
    ("3000 columns", three_thousand_columns(), {}, r"3,000 columns; the limit is 1,000"),
    ("every row misses a feature", rows(["a", "label"], ["?", "x"], ["", "y"], ["NA", "x"]), {},
     r"'a': it has no values"),
    ("all rows dropped", rows(["a", "b", "label"], ["?", 1, "x"], [2, "", "y"], ["inf", 3, "x"],
                              [4, "n/a", "y"]), {"features": ["a", "b"]},
     r"Every row has a missing or non-finite value.*'impute'"),
]

# (id, file bytes, load_csv keywords, notes every note list holds: (code, some of its values))
ACCEPTED = [
    ("plain", SMALL, {}, [("delimiter_comma", {})]),
    ("latin-1", "nom,été,label\nélan,1,oui\nça,2,non\nà,3,oui\nù,4,non\n".encode("latin-1"), {},
     [("latin1", {"byte": 5})]),
    ("utf-8 with BOM", b"\xef\xbb\xbf" + SMALL, {}, [("bom", {})]),
    ("utf-16 from Excel", SMALL.decode().replace(",", "\t").encode("utf-16"), {},
     [("utf16", {}), ("delimiter_tab", {})]),
    ("utf-32 with a BOM", SMALL.decode().encode("utf-32"), {}, [("utf32", {})]),
    ("utf-32 big-endian, no BOM", SMALL.decode().encode("utf-32-be"), {}, [("utf32", {})]),
    ("utf-32 little-endian, no BOM", SMALL.decode().encode("utf-32-le"), {}, [("utf32", {})]),
    ("semicolons, decimal commas", rows(["a", "b", "label"], ["1,5", "2,25", "x"],
                                      ["3,5", "4", "y"], ["5", "6,75", "x"], ["7", "8", "y"],
                                      sep=";"), {},
     [("delimiter_semicolon", {}), ("decimal_comma", {"column": "a"}),
      ("decimal_comma", {"column": "b"})]),
    ("tabs", SMALL.replace(b",", b"\t"), {}, [("delimiter_tab", {})]),
    ("vertical bars", SMALL.replace(b",", b"|"), {}, [("delimiter_bar", {})]),
    ("ragged: a long row", SMALL + b"9,10,x,extra\n11,12,y\n", {},
     [("bad_lines", {"count": 1, "lines": "6", "symbol": "','"})]),
    ("ragged: a short row", SMALL + b"9\n", {}, [("no_target", {"count": 1, "rows": "5"})]),
    ("quoted newlines", b'a,note,label\n1,"two\nlines",x\n2,"x, y",y\n3,plain,x\n4,"""q""",y\n',
     {}, [("onehot", {"column": "note", "count": 4})]),
    ("padded whitespace", b" a , b ,  label \n 1 ,  2 , x \n3,  4,y  \n 5, 6 ,x\n7 ,8, y\n", {},
     []),
    ("duplicate names", b"a,a,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n", {},
     [("duplicate_name", {"name": "a", "column": 2, "renamed": "a (2)"})]),
    ("blank name", b"a,,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n", {},
     [("no_name", {"column": 2, "name": "column 2"})]),
    ("NaN inf ? dropped", SMALL + b"?,1,x\nnan,2,y\ninf,3,x\n-inf,4,y\n", {},
     [("dropped_missing", {"count": 4, "columns": "'a': 4", "rows": "5, 6, 7, 8"})]),
    ("NaN inf ? imputed", SMALL + b"?,1,x\nnan,2,y\ninf,3,x\n-inf,4,y\n", {"missing": "impute"},
     [("imputed", {"filled": "'a': 4 → 4"})]),
    ("huge magnitudes", SMALL + b"1e300,1,x\n-1e300,2,y\n1e30,3,x\n", {},
     [("dropped_missing", {"count": 2, "columns": "'a': 2", "rows": "5, 6"})]),
    ("constant column", b"a,c,label\n1,5,x\n2,5,y\n3,5,x\n4,5,y\n", {},
     [("left_out_constant", {"name": "c"})]),
    ("singleton class dropped", SMALL + b"9,9,z\n", {},
     [("singletons_dropped", {"count": 1, "names": "'z'"})]),
    ("singleton class kept", SMALL + b"9,9,z\n", {"singletons": "keep"},
     [("singletons_kept", {"names": "'z'"})]),
    ("HTML and formulas", b'<script>alert(1)</script>,=SUM(A1),label\n1,=cmd|x,<b>x</b>\n'
                          b'2,@here,y\n3,+1,<b>x</b>\n4,-2+3,y\n', {},
     [("onehot", {"column": "=SUM(A1)", "count": 4})]),
    ("Vietnamese names", "học_giờ,điểm_số,kết_quả\n1,7.5,đậu\n2,4.0,rớt\n3,8.0,đậu\n4,3.5,rớt\n"
     .encode(), {}, []),
    ("boolean target yes/no", b"a,passed\n1,yes\n2,no\n3,Yes\n4,NO\n", {}, []),
    ("boolean target True/False", b"a,passed\n1,True\n2,False\n3,True\n4,False\n", {}, []),
    ("boolean feature", b"a,flag,label\n1,yes,x\n2,no,y\n3,yes,x\n4,no,y\n", {},
     [("boolean", {"column": "flag"})]),
    ("no header row", b"5.1,3.5,setosa\n4.9,3.0,setosa\n6.2,2.9,versicolor\n6.0,3.1,versicolor\n",
     {}, [("no_header", {"width": 3})]),
    ("too many categories", rows(["a", "city", "label"],
                                 *[[i % 7, f"city{i % 25}", "xy"[i % 2]] for i in range(50)]), {},
     [("left_out_categories", {"name": "city", "distinct": 25, "limit": 20})]),
    ("ID column", rows(["id", "a", "label"], *[[i + 1, i % 7, "xy"[i % 2]] for i in range(30)]),
     {}, [("left_out_row_id", {"name": "id"})]),
    ("text ID column", rows(["name", "a", "label"],
                            *[[f"p{i}", i % 7, "xy"[i % 2]] for i in range(30)]), {},
     [("left_out_id_text", {"name": "name"})]),
    ("mostly numbers", rows(["a", "label"], *[[i, "xy"[i % 2]] for i in range(19)],
                            ["abc", "x"]), {},
     [("not_numbers", {"column": "a", "count": 1, "row": 20, "value": "abc"})]),
    ("trailing delimiters", b"a,b,label\n1,2,x,\n3,4,y,\n5,6,x,\n7,8,y,\n", {}, []),
    ("rows longer than the header", b"a,label\n1,x,9\n2,y,9\n3,x,9\n4,y,9\n", {},
     [("extra_fields", {"fields": 3, "width": 2})]),
    ("CRLF line ends", SMALL.replace(b"\n", b"\r\n"), {}, []),
    ("missing markers", SMALL + b"n/a,1,x\nNA,2,y\nmissing,3,x\n -- ,4,y\n", {},
     [("dropped_missing", {"count": 4})]),
    ("target with blanks", SMALL + b"1,2,\n3,4,?\n", {},
     [("no_target", {"count": 2, "rows": "5, 6"})]),
]


@pytest.mark.parametrize(("data", "kwargs", "message"),
                         [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(data, kwargs, message):
    with pytest.raises(DataError, match=message):
        load_csv(data, **kwargs)


# Each refusal's code and values: an interface words the same refusal in another language.
REFUSED_CODES = {
    "empty file": ("empty", {}),
    "blank lines only": ("empty", {}),
    "header only": ("no_data_rows", {}),
    "one row": ("one_row", {}),
    "binary bytes": ("binary", {"byte": 1}),
    "PNG renamed .csv": ("file_png", {}),
    "xlsx renamed .csv": ("file_zip", {}),
    "control characters": ("control_chars", {"count": 64, "chars": 69}),
    "unclosed quote": ("unclosed_quote", {"line": 2}),
    "single class": ("one_class", {"target": "label", "name": "yes"}),
    "continuous target": ("continuous_target",
                          {"target": "price", "distinct": 60, "examples": "0, 1.37, 2.74"}),
    "fractional target, 11 values": ("continuous_target", {"target": "size", "distinct": 11,
                                                           "examples": "0.5, 1.5, 2.5"}),
    "too many classes": ("too_many_classes", {"target": "name", "distinct": 60, "limit": 50}),
    "only a target column": ("one_column", {"columns": "'label'"}),
    "3000 columns": ("too_many_columns", {"width": 3000, "limit": 1000}),
    "every row misses a feature": ("no_feature_for_target", {"target": "label", "limit": 20}),
    "all rows dropped": ("no_rows_left", {}),
}


def test_every_refusal_case_has_its_code():
    assert set(REFUSED_CODES) == {c[0] for c in REFUSED}


@pytest.mark.parametrize(("data", "kwargs", "code", "values"),
                         [(*c[1:3], *REFUSED_CODES[c[0]]) for c in REFUSED],
                         ids=[c[0] for c in REFUSED])
def test_refusals_carry_a_code_and_the_values_of_their_message(data, kwargs, code, values):
    with pytest.raises(DataError) as caught:
        load_csv(data, **kwargs)
    error = caught.value
    assert error.code == code
    assert values.items() <= error.values.items()
    texts = {**csv_reader.ERRORS, **tabular.ERRORS}
    assert str(error) == texts[code].format(**error.values)  # the English text, from its parts


def test_an_unusable_feature_names_its_reason_in_the_code():
    table = rows(["a", "city", "label"],
                 *[[i % 7, f"city{i % 25}", "xy"[i % 2]] for i in range(50)])
    with pytest.raises(DataError) as caught:
        load_csv(table, features=["a", "city"])
    assert caught.value.code == "feature_categories"
    assert caught.value.values == {"name": "city", "distinct": 25, "limit": 20}


def test_a_data_error_without_a_code_is_still_a_value_error():
    error = DataError("Any text.")
    assert isinstance(error, ValueError) and str(error) == "Any text."
    assert (error.code, error.values) == (None, {})


@pytest.mark.parametrize(("data", "kwargs", "notes"),
                         [c[1:] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED])
def test_accepted(data, kwargs, notes):
    table = load_csv(data, **kwargs)
    for code, values in notes:
        assert any(note.code == code and values.items() <= note.values.items()
                   for note in table.notes), (code, values, table.notes)
    texts = {**csv_reader.NOTES, **tabular.NOTES}
    for note in table.notes:  # the English text, from its parts
        assert str(note) == texts[note.code].format(**note.values)
    assert table.X.dtype == np.float32 and table.X.ndim == 2
    assert np.isfinite(table.X).all()
    assert table.y.dtype == np.int64 and table.y.shape == (table.X.shape[0],)
    assert len(table.classes) >= 2 and set(table.y) == set(range(len(table.classes)))
    assert table.X.shape[1] == len(table.features)


def test_the_corpus_has_at_least_30_files():
    assert len(REFUSED) + len(ACCEPTED) >= 30


def test_plain_table_values():
    table = load_csv(SMALL)
    np.testing.assert_array_equal(table.X, [[1, 2], [3, 4], [5, 6], [7, 8]])
    np.testing.assert_array_equal(table.y, [0, 1, 0, 1])
    assert table.classes == ("x", "y") and table.features == ("a", "b")
    assert table.target == "label" and table.columns == ("a", "b")
    np.testing.assert_array_equal(table.rows, [1, 2, 3, 4])


def test_latin1_letters_survive():
    table = load_csv("nom,été,label\nélan,1,oui\nça,2,non\nà,3,oui\nù,4,non\n".encode("latin-1"))
    assert list(table.frame.columns) == ["nom", "été", "label"]
    assert table.classes == ("non", "oui")


def test_bom_is_not_part_of_the_first_name():
    assert list(load_csv(b"\xef\xbb\xbf" + SMALL).frame.columns) == ["a", "b", "label"]


def test_decimal_commas_become_numbers():
    data = rows(["a", "b", "label"], ["1,5", "2,25", "x"], ["3,5", "4", "y"], sep=";")
    np.testing.assert_array_equal(load_csv(data, singletons="keep").X, [[1.5, 2.25], [3.5, 4]])


def test_padded_whitespace_is_stripped():
    table = load_csv(b" a , b ,  label \n 1 ,  2 , x \n3,  4,y  \n 5, 6 ,x\n7 ,8, y\n")
    assert list(table.frame.columns) == ["a", "b", "label"]
    assert table.classes == ("x", "y")
    np.testing.assert_array_equal(table.X, [[1, 2], [3, 4], [5, 6], [7, 8]])


def test_quoted_newlines_stay_inside_their_cell():
    data = b'a,note,label\n1,"two\nlines",x\n2,"x, y",y\n3,plain,x\n4,"""q""",y\n'
    frame = load_csv(data).frame
    assert len(frame) == 4
    assert list(frame["note"]) == ["two\nlines", "x, y", "plain", '"q"']


def test_missing_values_imputed_with_the_mean():
    table = load_csv(SMALL + b"?,1,x\n", missing="impute")
    assert table.X[4, 0] == pytest.approx(4.0)  # mean of 1, 3, 5, 7
    assert len(table.y) == 5


def test_huge_magnitudes_never_reach_x_as_inf():
    table = load_csv(SMALL + b"1e300,1,x\n1e30,3,x\n")
    assert np.isfinite(table.X).all()
    assert table.X[:, 0].max() == pytest.approx(1e30, rel=1e-6)


def test_boolean_targets_and_features():
    assert load_csv(b"a,passed\n1,yes\n2,No\n3,YES\n4,no\n").classes == ("no", "yes")
    assert load_csv(b"a,passed\n1,True\n2,False\n3,True\n4,False\n").classes == ("False", "True")
    table = load_csv(b"a,flag,label\n1,yes,x\n2,no,y\n3,Yes,x\n4,NO,y\n")
    np.testing.assert_array_equal(table.X[:, 1], [1, 0, 1, 0])


def test_a_few_fractional_values_are_classes():
    data = rows(["x", "band"], *[[i, [0.5, 1.5, 10.25][i % 3]] for i in range(9)])
    assert load_csv(data).classes == ("0.5", "1.5", "10.25")


def test_numeric_classes_sort_as_numbers():
    table = load_csv(rows(["a", "grade"], *[[i, [10, 2, 1][i % 3]] for i in range(9)]))
    assert table.classes == ("1", "2", "10")


def test_one_hot_columns_and_names():
    table = load_csv(b"size,color,label\n1,red,x\n2,blue,y\n3,red,x\n4,green,y\n")
    assert table.features == ("size", "color=blue", "color=green", "color=red")
    np.testing.assert_array_equal(table.X[:, 1:], [[0, 0, 1], [1, 0, 0], [0, 0, 1], [0, 1, 0]])


def test_html_names_are_kept_literally():
    table = load_csv(ACCEPTED[[c[0] for c in ACCEPTED].index("HTML and formulas")][1])
    assert "<script>alert(1)</script>" in table.features
    assert "<b>x</b>" in table.classes


def test_vietnamese_names_are_kept():
    data = "học_giờ,điểm_số,kết_quả\n1,7.5,đậu\n2,4.0,rớt\n3,8.0,đậu\n4,3.5,rớt\n".encode()
    table = load_csv(data)
    assert table.features == ("học_giờ", "điểm_số") and table.classes == ("rớt", "đậu")


def test_column_report():
    report = parse_csv(b"n,f,t,b,e,label\n1,1.5,a,yes,,x\n2,?,b,no,,y\n2,2.5,a,yes,,x\n").report
    assert list(report["column"]) == ["n", "f", "t", "b", "e", "label"]
    assert list(report["type"]) == ["integer", "number", "text", "boolean", "empty", "text"]
    assert list(report["distinct"]) == [2, 2, 2, 2, 0, 2]
    assert list(report["missing"]) == [0, 1, 0, 0, 3, 0]


def test_target_and_features_can_be_chosen():
    table = load_csv(SMALL, target="a", features=["b"])
    assert table.features == ("b",) and table.classes == ("1", "3", "5", "7")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"target": "nope"}, r"There is no column named 'nope'. The columns are 'a', 'b', 'label'"),
    ({"features": ["nope"]}, r"There is no column named 'nope'"),
    ({"features": ["label"]}, r"'label' is the target, so it cannot also be a feature"),
    ({"features": []}, r"No feature columns are chosen"),
    ({"missing": "guess"}, r"missing must be one of \['drop', 'impute'\], got 'guess'"),
    ({"singletons": "x"}, r"singletons must be one of \['drop', 'keep'\], got 'x'"),
])
def test_bad_choices(kwargs, message):
    with pytest.raises(DataError, match=message):
        load_csv(SMALL, **kwargs)


def test_an_unusable_feature_chosen_explicitly_is_refused():
    data = rows(["name", "a", "label"], *[[f"p{i}", i, "xy"[i % 2]] for i in range(30)])
    with pytest.raises(DataError, match=r"Column 'name': text with a different value in every "
                                        r"row.*Remove it from the features"):
        load_csv(data, features=["name", "a"])


def test_sources_path_str_and_pathlike(tmp_path):
    path = tmp_path / "small.csv"
    path.write_bytes(SMALL)
    for source in (path, str(path), bytearray(SMALL), memoryview(SMALL)):
        np.testing.assert_array_equal(load_csv(source).y, [0, 1, 0, 1])


def test_sample_files_load():
    for name, classes in [("iris", ("setosa", "versicolor", "virginica")),
                          ("hours_pass", ("0", "1")), ("hours_score", ("0", "1", "2", "3")),
                          ("moons", ("0", "1"))]:
        path = ROOT / "data" / f"{name}.csv"
        assert path.stat().st_size < 50_000
        assert load_csv(path).classes == classes


@pytest.mark.parametrize(("source", "message"), [
    ("/no/such/file.csv", r"There is no file at '/no/such/file.csv'"),
    (42, r"source must be bytes, a str path or os.PathLike, got int"),
])
def test_bad_sources(source, message):
    with pytest.raises(DataError, match=message):
        load_csv(source)


def test_a_directory_is_not_a_file(tmp_path):
    with pytest.raises(DataError, match="There is no file at"):
        load_csv(tmp_path)


def test_byte_cap_refuses_before_reading(monkeypatch, tmp_path):
    monkeypatch.setattr(csv_reader, "MAX_BYTES", 100)
    path = tmp_path / "big.csv"
    path.write_bytes(SMALL * 10)
    for source in (SMALL * 10, path):
        with pytest.raises(DataError, match=r"The file is 0.0 MB; the limit is 0 MB"):
            load_csv(source)


def test_row_cap(monkeypatch):
    monkeypatch.setattr(csv_reader, "MAX_ROWS", 10)
    load_csv(rows(["a", "label"], *[[i, "xy"[i % 2]] for i in range(10)]))
    with pytest.raises(DataError, match=r"more than 10 rows; the limit is 10"):
        load_csv(rows(["a", "label"], *[[i, "xy"[i % 2]] for i in range(11)]))


def test_column_cap_at_the_limit_is_accepted():
    header = [f"c{j}" for j in range(tabular.MAX_COLUMNS - 1)] + ["label"]
    data = rows(header, [*range(999), "x"], [*range(1, 1000), "y"], [*range(2, 1001), "x"])
    assert load_csv(data, singletons="keep").X.shape == (3, 999)


def test_to_dataset_splits_and_scales():
    data = load_csv(ROOT / "data" / "iris.csv")
    dataset = to_dataset(data, test_size=0.3, seed=0)
    assert (dataset.n_train, dataset.n_test) == (105, 45)
    assert dataset.class_names == data.classes and dataset.feature_names == data.features
    np.testing.assert_allclose(dataset.X_train.mean(axis=0), 0, atol=1e-5)
    assert dataset.split.stratified


def test_to_dataset_with_a_kept_singleton_says_plain_split():
    dataset = to_dataset(load_csv(SMALL + b"9,9,z\n", singletons="keep"), test_size=0.4)
    assert dataset.split == Split("rare_class", rare_class="z")


@pytest.mark.parametrize(("text", "escaped"), [
    ("=SUM(A1)", "'=SUM(A1)"), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@here", "'@here"),
    ("\tx", "'\tx"), ("-1.5", "-1.5"), ("+3", "+3"), ("-2e5", "-2e5"), ("plain", "plain"),
    (3.5, "3.5"), (None, ""), (float("nan"), ""),
])
def test_escape_cell(text, escaped):
    assert escape_cell(text) == escaped


def test_predictions_csv_covers_every_uploaded_row():
    data = load_csv(b"a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n?,1,x\n")

    def predict_proba(X):
        assert X.dtype == np.float32
        p1 = (X[:, 0] > 4).astype(float)
        return np.column_stack([1 - p1, p1])

    out = list(csv.reader(io.StringIO(predictions_csv(data, predict_proba))))
    assert out[0] == ["row", "a", "b", "label", "predicted class", "probability of x",
                      "probability of y"]
    assert [r[0] for r in out[1:]] == ["1", "2", "3", "4", "5"]
    assert [r[4] for r in out[1:]] == ["x", "x", "y", "y", ""]  # row 5 misses 'a'
    assert out[3][5:] == ["0.000000", "1.000000"]


def test_predictions_csv_applies_the_scaler_and_escapes_formulas():
    data = load_csv(b'=HYPERLINK("x"),label\n1,=cmd|calc\n2,@x\n3,=cmd|calc\n4,@x\n')
    dataset = to_dataset(data, test_size=0.5)
    seen = []

    def predict_proba(X):
        seen.append(X)
        return np.tile([0.25, 0.75], (len(X), 1))

    text = predictions_csv(data, predict_proba, scaler=dataset.scaler)
    np.testing.assert_allclose(seen[0][:, 0], dataset.scaler.transform([[1], [2], [3], [4]])[:, 0],
                               rtol=1e-6)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'=HYPERLINK(\"x\")" in cells and "'=cmd|calc" in cells and "'@x" in cells
    assert "'probability of =cmd|calc" not in cells  # a header is escaped at its start only
    assert not any(c.startswith(("=", "+", "@")) for c in cells)


def test_prepare_reuses_a_parse():
    parsed = parse_csv(SMALL)
    assert prepare(parsed, target="a", features=["b"]).classes == ("1", "3", "5", "7")
    assert prepare(parsed).classes == ("x", "y")


def test_predictions_csv_keeps_columns_named_like_its_own():
    data = load_csv(b"row,predicted class,label\n1,a,x\n2,b,y\n3,a,x\n4,b,y\n")
    out = list(csv.reader(io.StringIO(predictions_csv(data, lambda X: np.full((len(X), 2), 0.5)))))
    assert out[0][:4] == ["row", "row", "predicted class", "label"]
    assert out[1][:4] == ["1", "1", "a", "x"]


def test_subsample_keeps_rows_aligned_and_says_so():
    data = load_csv(rows(["a", "label"], *[[i * 0.5, "xy"[i % 2]] for i in range(100)]))
    small = tabular.subsample(data, 10, seed=3)
    assert small.X.shape == (10, 1) and len(small.rows) == 10
    np.testing.assert_array_equal(small.X[:, 0], (small.rows - 1) * 0.5)  # row r holds (r-1)/2
    np.testing.assert_array_equal(small.y, (small.rows - 1) % 2)
    assert (small.notes[-1].code, small.notes[-1].values) == ("sampled", {"kept": 10, "total": 100})
    assert tabular.subsample(data, 100) is data
    with pytest.raises(DataError, match=r"max_rows must be an integer >= 2, got 1"):
        tabular.subsample(data, 1)
