"""What an upload may become: caps on the parse (cells, header) and on the prepared features.

The issue's case: 999 text columns of 20 categories each one-hot encode into about 20,000
features; the caps refuse it (or leave columns out of the defaults) before X is built.
"""

import tracemalloc

import numpy as np
import pytest

from mlp_core import csv_reader, tabular
from mlp_core.tabular import DataError, load_csv, parse_csv, prepare

LETTERS = np.array(list("abcdefghijklmnopqrst"))  # 20 categories: the most a feature may have


def wide_text_table(n_rows: int, n_columns: int = 999, seed: int = 0) -> bytes:
    """n_rows of n_columns text columns (values a-t) and a two-class label."""
    rng = np.random.default_rng(seed)
    body = LETTERS[rng.integers(0, len(LETTERS), size=(n_rows, n_columns))]
    labels = np.array(["x", "y"])[np.arange(n_rows) % 2]
    header = ",".join([f"c{j}" for j in range(n_columns)] + ["label"])
    lines = [header] + [",".join(row) + "," + label for row, label in zip(body, labels,
                                                                          strict=True)]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def wide():
    """1,000 rows: every column holds all 20 letters, so all features encode into 19,980."""
    return parse_csv(wide_text_table(1000))


def test_every_feature_of_the_wide_table_is_refused_before_encoding(wide, monkeypatch):
    def encode_must_not_run(*args, **kwargs):
        raise AssertionError("encode was called")

    monkeypatch.setattr(tabular, "encode", encode_must_not_run)
    features = [f"c{j}" for j in range(999)]
    tracemalloc.start()
    try:
        with pytest.raises(DataError) as caught:
            prepare(wide, "label", features)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.code == "too_many_features"
    assert caught.value.values == {"width": 999 * 20, "limit": tabular.MAX_FEATURES}
    # X would be 1,000 x 19,980 float32 = 80 MB; the refusal allocates a small fraction of it.
    assert peak < 1000 * 999 * 20 * 4 / 10


def test_the_default_features_stop_at_the_feature_cap(wide):
    data = prepare(wide, "label")
    per_column = len(LETTERS)
    kept = tabular.MAX_FEATURES // per_column
    assert data.X.shape == (1000, kept * per_column)
    assert data.columns == tuple(f"c{j}" for j in range(kept))
    too_wide = [note for note in data.notes if note.code == "left_out_too_wide"]
    assert len(too_wide) == 1
    assert too_wide[0].values == {"count": 999 - kept, "limit": tabular.MAX_FEATURES,
                                  "names": "'c50', 'c51', 'c52', 'c53', 'c54', …"}


def test_the_feature_cap_itself_is_accepted(wide):
    features = [f"c{j}" for j in range(tabular.MAX_FEATURES // len(LETTERS))]
    assert prepare(wide, "label", features).X.shape[1] == tabular.MAX_FEATURES


def test_encoded_cells_are_capped_before_encoding(wide, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_CELLS", 1000 * 40 - 1)  # two text features are 40 columns
    monkeypatch.setattr(tabular, "encode", lambda *a: pytest.fail("encode was called"))
    with pytest.raises(DataError) as caught:
        prepare(wide, "label", ["c0", "c1"])
    assert caught.value.code == "too_many_cells"
    assert caught.value.values == {"cells": 40_000, "rows": 1000, "width": 40,
                                   "limit": 1000 * 40 - 1}


def test_the_default_features_of_a_long_table_stay_within_the_cell_cap(wide, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_CELLS", 1000 * 70)  # 70 encoded columns of 1,000 rows
    data = prepare(wide, "label")
    assert data.X.shape == (1000, 60)  # three text columns; a fourth would make 80
    too_wide = next(note for note in data.notes if note.code == "left_out_too_wide")
    assert (too_wide.values["count"], too_wide.values["limit"]) == (996, 70)


def test_the_parse_is_capped_by_cells(monkeypatch):
    monkeypatch.setattr(csv_reader, "MAX_FILE_CELLS", 30)  # 10 rows of 3 columns
    table = b"a,b,label\n" + b"".join(b"%d,%d,%s\n" % (i, i, b"xy"[i % 2:i % 2 + 1])
                                      for i in range(11))
    assert len(parse_csv(table.rsplit(b"\n", 2)[0] + b"\n").frame) == 10
    with pytest.raises(DataError) as caught:
        parse_csv(table)
    assert caught.value.code == "too_many_file_cells"
    assert caught.value.values == {"width": 3, "rows": 10, "limit": 30}


def test_a_header_longer_than_the_sniffed_sample_is_read_whole():
    # 999 names of 100 characters and `label`: 101 KB of header, more than the 64 KB sample.
    names = [f"{j:03d}" + "n" * 97 for j in range(999)]
    assert len(",".join(names)) > csv_reader.SAMPLE_CHARS
    body = [[*(str((i * j) % 7) for j in range(999)), "xy"[i % 2]] for i in range(6)]
    table = "\n".join(",".join(row) for row in [[*names, "label"], *body]).encode()
    parsed = parse_csv(table)
    assert list(parsed.frame.columns) == [*names, "label"]
    data = load_csv(table)
    assert data.target == "label" and data.classes == ("x", "y")


def test_a_first_line_past_the_header_limit_is_refused():
    table = ("a" * (csv_reader.MAX_HEADER_CHARS + 1) + ",label\n1,x\n").encode()
    with pytest.raises(DataError) as caught:
        parse_csv(table)
    assert caught.value.code == "header_too_long"
    assert caught.value.values == {"limit": csv_reader.MAX_HEADER_CHARS}


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_is_read_with_its_names(encoding):
    text = "tên,điểm,nhãn\nAn,1,x\nBình,2,y\nChi,3,x\nDũng,4,y\n"
    parsed = parse_csv(text.encode(encoding))
    assert list(parsed.frame.columns) == ["tên", "điểm", "nhãn"]
    assert list(parsed.frame["tên"]) == ["An", "Bình", "Chi", "Dũng"]
    assert parsed.notes[0].code == "utf32"


def test_broken_utf32_is_refused_by_name():
    with pytest.raises(DataError) as caught:
        parse_csv(b"\xff\xfe\x00\x00" + "a,b\n".encode("utf-32-le") + b"\x00\x00\x11\x00")
    assert caught.value.code == "bad_utf32"


def test_true_words_are_defined_once():
    assert tabular.TRUE_WORDS is csv_reader.TRUE_WORDS
    data = load_csv(b"flag,label\nYes,x\nno,y\nT,x\nf,y\n")
    np.testing.assert_array_equal(data.X[:, 0], [1, 0, 1, 0])


@pytest.mark.parametrize(("bad_first", "kind"), [(10, "integer"), (11, "text")])
def test_a_column_is_numeric_up_to_a_tenth_of_bad_cells_wherever_they_are(bad_first, kind):
    # 100 values, the non-numbers first: the shortcut that decides text on the first cells must
    # agree with counting all of them (at most 10 of 100 may be non-numbers).
    cells = ["abc"] * bad_first + [str(i) for i in range(100 - bad_first)]
    table = "a,label\n" + "".join(f"{c},{'xy'[i % 2]}\n" for i, c in enumerate(cells))
    assert parse_csv(table.encode()).kinds["a"] == kind


def test_a_parse_past_its_time_budget_is_refused_between_columns(monkeypatch):
    # A clock that advances 4 s at each look: the start, after the read, then one per column.
    ticks = iter(range(0, 1000, 4))
    monkeypatch.setattr(csv_reader, "clock", lambda: next(ticks))
    table = b"a,b,c,d,e,label\n" + b"1,2,3,4,5,x\n2,3,4,5,6,y\n" * 3
    with pytest.raises(DataError) as caught:
        parse_csv(table)  # deadline 15: read at 4, columns at 8, 12, 16 -> refused before 'c'
    assert caught.value.code == "too_slow"
    assert caught.value.values == {"seconds": csv_reader.MAX_PARSE_SECONDS, "done": 2,
                                   "columns": 6}
    ticks = iter(range(0, 1000, 1))
    assert parse_csv(table).frame.shape == (6, 6)  # 1 s a look: well within the budget
