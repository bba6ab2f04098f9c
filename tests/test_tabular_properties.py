"""Property: whatever table comes in, load_csv returns usable arrays or raises DataError only."""

import csv
import io

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlp_core.tabular import DataError, TabularData, load_csv, predictions_csv

# Cells a messy file holds: numbers of every size, words, yes/no, markers of missing values,
# quotes, delimiters and newlines inside values, HTML, formulas and non-ASCII letters.
CELLS = st.one_of(
    st.integers(-10**6, 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", " ", "?", "NA", "n/a", "nan", "inf", "-inf", "1e300", "yes", "no",
                     "True", "false", "=SUM(A1)", "<script>", "a,b", 'say "hi"', "two\nlines",
                     "học", "été", "1,5", "-", "None", "0x1F", "1e-320"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6),
)
NAMES = st.one_of(st.text(max_size=8), st.sampled_from(["label", "id", "", "<b>x</b>", "a a"]))


@st.composite
def tables(draw):
    n_cols = draw(st.integers(1, 6))
    n_rows = draw(st.integers(0, 12))
    header = draw(st.lists(NAMES, min_size=n_cols, max_size=n_cols))
    # Ragged on purpose: rows may be shorter or longer than the header.
    body = [draw(st.lists(CELLS, min_size=max(0, n_cols - 1), max_size=n_cols + 1))
            for _ in range(n_rows)]
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=draw(st.sampled_from(
        ["\n", "\r\n"])))
    writer.writerow(header)
    writer.writerows(body)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return out.getvalue().encode(encoding, errors="replace")


def check(table: TabularData) -> None:
    n = len(table.y)
    assert table.X.dtype == np.float32 and table.X.shape == (n, len(table.features))
    assert np.isfinite(table.X).all()
    assert len(table.classes) >= 2 and table.y.min() >= 0 and table.y.max() < len(table.classes)
    assert len(table.rows) == n
    uniform = np.full(len(table.classes), 1 / len(table.classes))
    text = predictions_csv(table, lambda X: np.tile(uniform, (len(X), 1)))
    assert len(list(csv.reader(io.StringIO(text)))) == len(table.frame) + 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=tables(), missing=st.sampled_from(["drop", "impute"]),
       singletons=st.sampled_from(["drop", "keep"]))
def test_random_tables_load_or_raise_data_error_only(data, missing, singletons):
    try:
        table = load_csv(data, missing=missing, singletons=singletons)
    except DataError as error:
        assert str(error).strip()  # a message for a person, never empty
        return
    check(table)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_load_or_raise_data_error_only(data):
    try:
        table = load_csv(data)
    except DataError:
        return
    check(table)
