"""Read an uploaded CSV into a DataFrame and a per-column report, refusing what cannot be read.

The parse step of tabular.load_csv: bytes -> text encoding, delimiter, header, pandas frame.
Every refusal is a DataError whose message says what is wrong, where, and what to do; its code
names the message (ERRORS), so the interface can show it in the student's language.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import time
import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from mlp_core.errors import InputError

# One megabyte is 1,000,000 bytes, as the browser's file chooser counts it (Streamlit's frontend
# uses 1,000 outside Windows): the cap, the chooser's limit and every message say the same 50 MB.
# server.maxUploadSize in .streamlit/config.toml counts in MiB, so 50 there lets this cap decide.
MB = 1_000_000
MAX_BYTES = 50 * MB
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000
# Cells in the file: parsing a text cell costs about 1 microsecond and 100 bytes here, so this
# bounds one upload's parse to a few seconds and a few hundred MB whatever its shape.
MAX_FILE_CELLS = 5_000_000
# Wall-clock seconds one parse may take, checked between columns: the worst table within the caps
# (5,000 rows of 999 text columns) takes about 4 s of CPU alone; a busy server may take longer,
# and a class shares it.
MAX_PARSE_SECONDS = 15
clock = time.monotonic  # tests replace it
DELIMITERS = (",", ";", "\t", "|")
# A delimiter's name is the code of its note ("delimiter_comma"); its symbol is shown in notes.
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}
DELIMITER_SYMBOLS = {",": "','", ";": "';'", "\t": "Tab", "|": "'|'"}
# Cells that mean "no value"; pandas' defaults already cover "", "NA", "n/a", "NaN", "null", ...
MISSING_MARKERS = ("?", "-", "--", "n.a.", "none", "missing", "na", "nan", "null", "n/a", "#n/a")
# The words of a yes/no column (either case); tabular encodes TRUE_WORDS as 1, the rest as 0.
TRUE_WORDS = frozenset({"true", "yes", "y", "t"})
FALSE_WORDS = frozenset({"false", "no", "n", "f"})
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # tab, newlines and form feed are text
SAMPLE_CHARS = 64 * 1024  # rows after the header: enough to sniff the delimiter and the header
# The header line is read whole, up to this length (1,000 names of 200 characters).
MAX_HEADER_CHARS = MAX_COLUMNS * 200
SAMPLE_ROWS = 50
HEAD_ROWS = 1000  # numeric columns showing a fraction in these rows need no full scan
MOSTLY_NUMERIC = 0.9  # a text column this numeric is a numeric column with a few bad cells
# Known file signatures: what the bytes are (the code of the refusal naming them).
SIGNATURES = (
    (b"\x89PNG", "file_png"),
    (b"\xff\xd8\xff", "file_jpeg"),
    (b"GIF8", "file_gif"),
    (b"%PDF", "file_pdf"),
    (b"PK\x03\x04", "file_zip"),
    (b"\xd0\xcf\x11\xe0", "file_xls"),
)
_NOT_TEXT = (", not a table of text. Save your table as CSV (in a spreadsheet: File > Save As > "
             "CSV) and upload that file.")
# Every refusal of this module: code -> English text with {placeholders}. ui/locales holds the
# same texts as "your_data.error_<code>" in each language (tests keep the English identical).
ERRORS = {
    "too_big": "The file is {size:.1f} MB; the limit is {limit} MB. Keep fewer rows or columns "
               "(at most {max_rows:,} rows and {max_columns:,} columns) and upload it again.",
    "source_type": "source must be bytes, a str path or os.PathLike, got {type}.",
    "no_file": "There is no file at '{path}'. Check the path and try again.",
    "unreadable": "The file '{path}' cannot be read ({reason}).",
    "file_png": "This file is a PNG image" + _NOT_TEXT,
    "file_jpeg": "This file is a JPEG image" + _NOT_TEXT,
    "file_gif": "This file is a GIF image" + _NOT_TEXT,
    "file_pdf": "This file is a PDF document" + _NOT_TEXT,
    "file_zip": "This file is a zip archive or an Excel workbook (.xlsx)" + _NOT_TEXT,
    "file_xls": "This file is an old Excel workbook (.xls)" + _NOT_TEXT,
    "bad_utf16": "The file starts like UTF-16 text but cannot be read as such. Save it again as "
                 "CSV UTF-8 and upload that file.",
    "bad_utf32": "The file starts like UTF-32 text but cannot be read as such. Save it again as "
                 "CSV UTF-8 and upload that file.",
    "header_too_long": "The first line of the file is longer than {limit:,} characters. Shorten "
                       "the column names or keep fewer columns, and upload it again.",
    "binary": "This file holds binary bytes (a zero byte at byte {byte}), so it is not a text "
              "table. Save your table as CSV and upload that file.",
    "control_chars": "This file holds {count} control characters in its first {chars:,} "
                     "characters, so it is not a text table. Save your table as CSV and upload "
                     "that file.",
    "unclosed_quote": "A quoted value that starts on line {line} of the file is never closed. "
                      'Add the closing quote (") or remove the opening one.',
    "unparsable": "The table cannot be parsed ({detail}). Check that every row has the same "
                  "number of fields and that quotes are closed.",
    "empty": "The file is empty. Upload a CSV with a header row and data rows.",
    "blank": "The file holds only blank space. Upload a CSV with data rows.",
    "no_values": "The file has no rows with values. Upload a CSV with data rows.",
    "too_many_columns": "The file has {width:,} columns; the limit is {limit:,}. Keep the "
                        "columns you need (the features and the target) and upload it again.",
    "too_many_rows": "The file has more than {limit:,} rows; the limit is {limit:,}. Keep a "
                     "sample of the rows and upload it again.",
    "too_slow": "Reading the table took more than {seconds} seconds, the limit for one upload "
                "on a server the class shares ({done:,} of its {columns:,} columns were read). "
                "Keep fewer columns or rows, and upload it again.",
    "too_many_file_cells": "The file has {width:,} columns and more than {rows:,} rows: more "
                           "than the {limit:,} cells a table can have here. Keep at most "
                           "{rows:,} rows, or fewer columns, and upload it again.",
    "no_matching_rows": "No row has the same number of fields as the header ({width}). Check "
                        "the delimiter and the header row.",
    "no_data_rows": "The file has a header row but no data rows. Add data rows below it.",
}

# Every note of this module: code -> English text with {placeholders}. A note is a fact about how
# the table was read; ui/locales holds the same texts as "your_data.note_<code>".
NOTES = {
    "utf16": "Read as UTF-16 text (Excel's Unicode text).",
    "utf32": "Read as UTF-32 text.",
    "latin1": "The file is not UTF-8 (byte {byte} is not valid UTF-8), so it was read as "
              "Latin-1 (Western European). If letters look wrong, save it as CSV UTF-8.",
    "bom": "The file starts with a UTF-8 byte-order mark (BOM); it was skipped.",
    "no_name": "Column {column} has no name; it is called '{name}'.",
    "duplicate_name": "The column name '{name}' appears more than once; the copy in column "
                      "{column} is called '{renamed}'.",
    "no_header": "The first row holds data, not column names, so it was read as a row; the "
                 "columns are called 'column 1' to 'column {width}'.",
    "delimiter_comma": "Columns are separated by a comma.",
    "delimiter_semicolon": "Columns are separated by a semicolon.",
    "delimiter_tab": "Columns are separated by a tab.",
    "delimiter_bar": "Columns are separated by a vertical bar.",
    "extra_fields": "The data rows have {fields} fields but the header names only {width}; the "
                    "extra fields at the end of each row were left out. Add names to the header "
                    "row to keep them.",
    "bad_lines": "{count} rows have more fields than the header and were left out (lines "
                 "{lines} of the file). Check those lines for an unquoted {symbol} inside a "
                 "value.",
    "not_numbers": "Column '{column}' holds numbers, but {count} cells are not numbers (row "
                   "{row}: '{value}'); they count as missing.",
    "decimal_comma": "Column '{column}' uses decimal commas (1,5); read as numbers.",
}


@dataclass(frozen=True)
class Note:
    """A fact about a table, for the person who uploaded it: code names it, values fill its text.

    Like DataError, str(note) is the English text; an interface words it from the code.
    """

    code: str
    values: dict
    text: str

    @classmethod
    def of(cls, texts: dict[str, str], code: str, **values) -> Note:
        return cls(code, values, texts[code].format(**values))

    def __str__(self) -> str:
        return self.text


class Notes(tuple):
    """Notes inside a refusal's values: the English message shows them as sentences."""

    def __str__(self) -> str:
        return " ".join(str(note) for note in self)


def _note(code: str, **values) -> Note:
    return Note.of(NOTES, code, **values)


def listing(items, k: int = 5) -> str:
    """The first `k` items, comma separated, with an ellipsis when there are more (no words)."""
    items = list(items)
    shown = ", ".join(str(i) for i in items[:k])
    return shown + (", …" if len(items) > k else "")


class DataError(InputError):
    """A table that cannot be used; the message is written for the person who uploaded it.

    code names the message and values fill its {placeholders}, so an interface can say the same
    in another language without mlp_core knowing any; str(error) is the English text.
    """


def _error(code: str, **values) -> DataError:
    return DataError.of(ERRORS, code, **values)


@dataclass(frozen=True, eq=False)
class ParsedTable:
    """A parsed table: `frame` has rows numbered from 1 as the preview shows them.

    report: one row per column with "column", "type", "distinct", "missing".
    kinds: column -> "number" | "integer" | "boolean" | "text" | "empty".
    """

    frame: pd.DataFrame
    kinds: dict[str, str]
    notes: tuple[Note, ...]
    delimiter: str
    encoding: str
    has_header: bool

    @cached_property
    def report(self) -> pd.DataFrame:
        """Computed on first use: counting distinct values is for the preview, not the checks."""
        return column_report(self.frame, self.kinds)


def _too_big(n_bytes: int) -> DataError:
    return _error("too_big", size=n_bytes / MB, limit=MAX_BYTES // MB, max_rows=MAX_ROWS,
                  max_columns=MAX_COLUMNS)


def read_bytes(source) -> bytes:
    """The raw bytes of `source` (bytes, a str path or os.PathLike), size checked before reading."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if len(data) > MAX_BYTES:
            raise _too_big(len(data))
        return data
    if not isinstance(source, str | os.PathLike):
        raise _error("source_type", type=type(source).__name__)
    path = Path(source)
    try:
        if not path.is_file():
            raise _error("no_file", path=str(path))
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _too_big(size)
        return path.read_bytes()
    except OSError as err:
        raise _error("unreadable", path=str(path), reason=err.strerror) from None


# UTF-32 before UTF-16: a UTF-32 little-endian BOM begins with UTF-16's.
UNICODE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32", "bad_utf32"),
                (b"\x00\x00\xfe\xff", "utf-32", "bad_utf32"),
                (b"\xff\xfe", "utf-16", "bad_utf16"), (b"\xfe\xff", "utf-16", "bad_utf16"))


def _unicode_encoding(data: bytes) -> tuple[str, str] | None:
    """(encoding, refusal code) of UTF-16 or UTF-32 text, by its BOM or, for UTF-32 without one,
    by its first character (one ASCII byte and three zero bytes); None for other text."""
    for bom, encoding, refusal in UNICODE_BOMS:
        if data.startswith(bom):
            return encoding, refusal
    if len(data) % 4 == 0 and len(data) >= 4:
        if data[0] and data[0] < 0x80 and data[1:4] == b"\x00\x00\x00":
            return "utf-32-le", "bad_utf32"
        if data[3] and data[3] < 0x80 and data[:3] == b"\x00\x00\x00":
            return "utf-32-be", "bad_utf32"
    return None


def _sample_end(text: str) -> int:
    """Where the sample ends: the whole first line (the header) and SAMPLE_CHARS more."""
    first_line = text.find("\n", 0, MAX_HEADER_CHARS + 1)
    if first_line < 0 and len(text) > MAX_HEADER_CHARS:
        raise _error("header_too_long", limit=MAX_HEADER_CHARS)
    return max(first_line, 0) + SAMPLE_CHARS


def decode(data: bytes) -> tuple[str, str, list[Note]]:
    """Text (at least the header line and SAMPLE_CHARS + 1 characters more), the encoding, notes.

    Refuses binary files and a first line longer than MAX_HEADER_CHARS.
    """
    for signature, code in SIGNATURES:
        if data.startswith(signature):
            raise _error(code)
    notes = []
    unicode = _unicode_encoding(data)
    if unicode:
        encoding, refusal = unicode
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise _error(refusal) from None
        _sample_end(text)
        return text, encoding, [_note("utf32" if "32" in encoding else "utf16")]
    nul = data.find(b"\x00", 0, SAMPLE_CHARS)
    if nul >= 0:
        raise _error("binary", byte=nul + 1)
    if data.isascii():
        # Plain ASCII needs no full decode: only the sample is read as text here (one byte is
        # one character, so the header's end is found in the bytes).
        end = _sample_end(data[:MAX_HEADER_CHARS + 1].decode("ascii"))
        text, encoding = data[:end + 1].decode("ascii"), "utf-8"
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as err:
            text, encoding = data.decode("latin-1"), "latin-1"
            notes.append(_note("latin1", byte=err.start + 1))
        _sample_end(text)
    if data.startswith(b"\xef\xbb\xbf"):
        notes.append(_note("bom"))
    sample = text[:_sample_end(text)]
    controls = len(CONTROL_CHARS.findall(sample))
    if controls > max(3, len(sample) // 100):
        raise _error("control_chars", count=controls, chars=len(sample))
    return text, encoding, notes


def _sample_rows(sample: str, delimiter: str, complete: bool) -> list[list[str]]:
    """The first non-blank rows of the sample, split with `delimiter`."""
    rows = []
    try:
        for row in csv.reader(io.StringIO(sample), delimiter=delimiter, skipinitialspace=True):
            if any(cell.strip() for cell in row):
                rows.append(row)
            if len(rows) > SAMPLE_ROWS:
                break
    except csv.Error:
        pass  # a stray quote or NUL: the delimiter is judged on the rows read so far
    if not complete and len(rows) > 1 and len(rows) <= SAMPLE_ROWS:
        rows = rows[:-1]  # the sample may cut its last row in half
    return rows


def sniff_delimiter(sample: str, complete: bool = True) -> str:
    """Comma, semicolon, tab or bar: the one that splits the header into most consistent fields."""
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        rows = _sample_rows(sample, delimiter, complete)
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        consistency = sum(len(r) == width for r in rows) / len(rows)
        score = (consistency, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _is_number(cell: str) -> bool:
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return False
    return True


def _header_is_data(rows: list[list[str]]) -> bool:
    """True when row 1 is data: numbers over numeric columns, or values that recur below."""
    header, body = rows[0], rows[1:]
    numeric_fields = 0
    for j, cell in enumerate(header):
        cell = cell.strip()
        column = [r[j].strip() for r in body if j < len(r) and r[j].strip()]
        if _is_number(cell):
            if column and not all(_is_number(v) for v in column):
                return False
            numeric_fields += 1
        elif cell not in column:
            return False  # a word that never appears below is a column name
    return numeric_fields > 0


def _clean_names(header: list[str]) -> tuple[list[str], list[Note]]:
    """Stripped names; blanks get "column N", duplicates get " (2)", " (3)", ... with a note."""
    names, notes, seen = [], [], {}
    for j, raw in enumerate(header):
        name = raw.strip() or f"column {j + 1}"
        if not raw.strip():
            notes.append(_note("no_name", column=j + 1, name=name))
        base, k = name, 1
        while name in seen:
            k += 1
            name = f"{base} ({k})"
        if k > 1:
            notes.append(_note("duplicate_name", name=base, column=j + 1, renamed=name))
        seen[name] = j
        names.append(name)
    return names, notes


def _bad_lines(caught) -> list[int]:
    """Line numbers pandas skipped because they had too many fields."""
    lines = []
    for w in caught:
        match = re.search(r"Skipping line (\d+)", str(w.message))
        if match:
            lines.append(int(match.group(1)))
    return lines


def _read_frame(data: bytes, encoding: str, delimiter: str, names: list[str], header: bool,
                padded_quotes: bool, max_rows: int):
    """pandas' C parser with at most max_rows + 1 rows, so a huge file is never read whole.

    Missing markers and padding are handled per text column afterwards: the parser's own
    na_values and skipinitialspace would slow every numeric column down.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = pd.read_csv(
                io.BytesIO(data), sep=delimiter, encoding=encoding, header=0 if header else None,
                names=names, index_col=False, skipinitialspace=padded_quotes,
                on_bad_lines="warn", nrows=max_rows + 1, engine="c", skip_blank_lines=True,
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error,
                UnicodeError, OverflowError) as err:
            detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            unclosed = re.search(r"EOF inside string starting at row (\d+)", detail)
            if unclosed:
                raise _error("unclosed_quote", line=int(unclosed.group(1)) + 1) from None
            raise _error("unparsable", detail=detail) from None
    return frame, _bad_lines(caught)


def _strip_text(column: pd.Series) -> pd.Series:
    """Whitespace stripped and missing markers turned into NaN."""
    text = column.astype("string").str.strip()
    lowered = text.str.lower()
    return text.mask(lowered.isin(MISSING_MARKERS) | (text == "")).astype(object)


def _as_numbers(column: pd.Series, decimal_comma: bool) -> pd.Series | None:
    """The column as float64 when (nearly) every value is a number, else None."""
    values = column.dropna().astype(str)
    if values.empty:
        return None
    # More non-numbers than this among the first values settle it: a text column (most columns
    # of a wide text table) is decided on a tenth of its cells.
    allowed = len(values) - math.ceil(MOSTLY_NUMERIC * len(values))
    head = values.iloc[:allowed + 1]
    if decimal_comma:
        head = head.str.replace(",", ".")
    if pd.to_numeric(head, errors="coerce").isna().sum() > allowed:
        return None
    candidate = column.astype(object)
    if decimal_comma:
        candidate = candidate.where(candidate.isna(), candidate.astype(str).str.replace(",", "."))
    numbers = pd.to_numeric(candidate, errors="coerce")
    if numbers.notna().sum() >= MOSTLY_NUMERIC * len(values):
        return numbers.astype(np.float64)
    return None


def _bool_kind(values: pd.Series) -> bool:
    """True when every value is a yes/no word (true/false, yes/no, y/n, t/f), either case."""
    words = set(values.dropna().astype(str).str.lower().unique())
    return bool(words) and words <= TRUE_WORDS | FALSE_WORDS and not (
        words <= {"y", "n", "t", "f"} and len(words) > 2  # y/n/t/f mixed is text, not a yes/no
    )


def _tidy_text(frame: pd.DataFrame, name: str, delimiter: str, notes: list[Note]) -> None:
    """Strip a text column and, where it holds numbers, turn it into float64 in place."""
    column = _strip_text(frame[name])
    numbers = _as_numbers(column, decimal_comma=delimiter != ",")
    if numbers is not None:
        bad = column.notna() & numbers.isna()
        if bad.any():
            first = frame.index[bad.to_numpy()][0]
            notes.append(_note("not_numbers", column=name, count=int(bad.sum()), row=int(first),
                               value=column[first]))
        elif delimiter != "," and column.dropna().astype(str).str.contains(",").any():
            notes.append(_note("decimal_comma", column=name))
        column = numbers
    frame[name] = column


def _numeric_kinds(frame: pd.DataFrame, names: list[str]) -> dict[str, str]:
    """"integer", "number" or "empty" for numeric columns, mostly decided on the first rows."""
    kinds = {}
    head = frame[names].iloc[:HEAD_ROWS].to_numpy(dtype=np.float64)
    with np.errstate(invalid="ignore"):
        fractional = (np.round(head) != head) & np.isfinite(head)
    undecided = []
    for j, name in enumerate(names):
        if fractional[:, j].any():
            kinds[name] = "number"  # a fraction in the first rows settles it
        elif frame[name].dtype.kind in "iu":
            kinds[name] = "integer"
        else:
            undecided.append(name)
    if undecided:
        values = frame[undecided].to_numpy(dtype=np.float64)
        finite = np.isfinite(values)
        empty = np.isnan(values).all(axis=0)
        integral = ((np.round(values) == values) | ~finite).all(axis=0)
        for j, name in enumerate(undecided):
            kinds[name] = "empty" if empty[j] else ("integer" if integral[j] else "number")
    return kinds


def _check_deadline(deadline: float, done: int, columns: int) -> None:
    if clock() > deadline:
        raise _error("too_slow", seconds=MAX_PARSE_SECONDS, done=done, columns=columns)


def _tidy_columns(frame: pd.DataFrame, delimiter: str,
                  deadline: float) -> tuple[dict[str, str], list[Note]]:
    """Text columns stripped and, where they hold numbers, converted; returns kinds and notes.

    Refuses the table when the clock passes `deadline` (checked between columns).
    """
    notes: list[Note] = []
    for j, name in enumerate(frame.columns):
        _check_deadline(deadline, j, len(frame.columns))
        if frame[name].dtype.kind not in "biuf":
            _tidy_text(frame, name, delimiter, notes)
    numeric = [n for n in frame.columns if frame[n].dtype.kind in "iuf"]
    kinds = _numeric_kinds(frame, numeric) if numeric else {}
    for name in frame.columns:
        column = frame[name]
        if name in kinds:
            continue
        if column.dtype == bool:
            kinds[name] = "boolean"
        elif column.isna().all():
            kinds[name] = "empty"
        else:
            kinds[name] = "boolean" if _bool_kind(column) else "text"
    return {name: kinds[name] for name in frame.columns}, notes


def _distinct_numbers(values: np.ndarray) -> np.ndarray:
    """Distinct non-NaN values per column of values : (n, d) -> (d,), by one sort."""
    ordered = np.sort(values, axis=0)  # NaN sorts last
    valid = ~np.isnan(ordered)
    changes = (ordered[1:] != ordered[:-1]) & valid[1:]
    return valid[:1].sum(axis=0) + changes.sum(axis=0)


def column_report(frame: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """One row per column: its name, detected type, distinct values and missing cells."""
    numeric = [n for n in frame.columns if frame[n].dtype.kind in "iuf"]
    distinct, missing = {}, {}
    if numeric:
        values = frame[numeric].to_numpy(dtype=np.float64)
        counts, bad = _distinct_numbers(values), (~np.isfinite(values)).sum(axis=0)
        distinct, missing = dict(zip(numeric, counts, strict=True)), dict(
            zip(numeric, bad, strict=True))
    rows = [
        {"column": str(name), "type": kinds[name],
         "distinct": int(distinct[name] if name in distinct else frame[name].nunique()),
         "missing": int(missing[name] if name in missing else frame[name].isna().sum())}
        for name in frame.columns
    ]
    return pd.DataFrame(rows, columns=["column", "type", "distinct", "missing"])


def parse_csv(source) -> ParsedTable:
    """Bytes, path or PathLike -> ParsedTable; raises DataError for anything it cannot read.

    Refuses a table that takes more than MAX_PARSE_SECONDS to read.
    """
    deadline = clock() + MAX_PARSE_SECONDS
    data = read_bytes(source)
    if not data or data.isspace():  # isspace scans without copying a 50 MB upload
        raise _error("empty")
    text, encoding, notes = decode(data)
    sample = text[:_sample_end(text)]
    complete = len(text) <= len(sample)
    if complete and not text.strip():
        raise _error("blank")
    delimiter = sniff_delimiter(sample, complete)
    rows = _sample_rows(sample, delimiter, complete)
    if not rows:
        raise _error("no_values")
    width = len(rows[0])
    if width > MAX_COLUMNS:
        raise _error("too_many_columns", width=width, limit=MAX_COLUMNS)
    has_header = not _header_is_data(rows) if len(rows) > 1 else True
    if has_header:
        names, name_notes = _clean_names(rows[0])
        notes += name_notes
    else:
        names = [f"column {j + 1}" for j in range(width)]
        notes.append(_note("no_header", width=width))
    if width > 1:
        notes.append(_note(f"delimiter_{DELIMITER_NAMES[delimiter]}"))
    longer = [r for r in rows[1:] if len(r) > width and any(c.strip() for c in r[width:])]
    if has_header and longer and len(longer) == len(rows) - 1:
        notes.append(_note("extra_fields", fields=len(longer[0]), width=width))
    # A space between a delimiter and a quote would hide the quote from the parser.
    padded_quotes = re.search(re.escape(delimiter) + r' +"', sample) is not None
    # Refused by its cells before the parse: no more rows are read than the table may have.
    max_rows = min(MAX_ROWS, MAX_FILE_CELLS // width)
    frame, bad_lines = _read_frame(data, encoding, delimiter, names, has_header, padded_quotes,
                                   max_rows)
    if len(frame) > max_rows:
        if max_rows == MAX_ROWS:
            raise _error("too_many_rows", limit=MAX_ROWS)
        raise _error("too_many_file_cells", width=width, rows=max_rows, limit=MAX_FILE_CELLS)
    if bad_lines:
        notes.append(_note("bad_lines", count=len(bad_lines), lines=listing(bad_lines),
                           symbol=DELIMITER_SYMBOLS[delimiter]))
    if frame.empty:
        if bad_lines:
            raise _error("no_matching_rows", width=width)
        raise _error("no_data_rows")
    frame.index = pd.RangeIndex(1, len(frame) + 1)  # row 1 is the first data row
    _check_deadline(deadline, 0, width)
    kinds, tidy_notes = _tidy_columns(frame, delimiter, deadline)
    notes += tidy_notes
    return ParsedTable(
        frame=frame, kinds=kinds, notes=tuple(notes),
        delimiter=delimiter, encoding=encoding, has_header=has_header,
    )
