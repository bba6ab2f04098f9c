"""Your own data: a CSV becomes a numeric feature matrix and class labels, with notes for a person.

Two steps: csv_reader.parse_csv (bytes -> frame and column report), then prepare (target and
features -> X, y). Every problem is a DataError saying what is wrong, where, and what to do;
its code names the message (ERRORS), so the interface can show it in the student's language.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from mlp_core.csv_reader import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_FILE_CELLS,
    MAX_ROWS,
    MB,
    TRUE_WORDS,
    DataError,
    Note,
    Notes,
    ParsedTable,
    listing,
    parse_csv,
)
from mlp_core.datasets import Dataset, split_and_scale

__all__ = [
    "MAX_BYTES", "MAX_CATEGORIES", "MAX_CELLS", "MAX_CLASSES", "MAX_COLUMNS", "MAX_FEATURES",
    "MAX_FILE_CELLS", "MAX_ROWS", "MB", "MISSING_POLICIES", "SINGLETON_POLICIES", "DataError",
    "Note", "Notes", "ParsedTable", "TabularData", "guess_target", "load_csv", "parse_csv",
    "predictions_csv", "prepare", "subsample", "to_dataset", "usable_features",
]

MAX_CLASSES = 50
# Fractional numbers as classes: 0.5 / 1.0 can be labels, 35 different lengths are a measurement.
MAX_FRACTIONAL_CLASSES = 10
MAX_CATEGORIES = 20  # text features with more categories than this are not one-hot encoded
# What the data becomes, whatever the file: feature columns after encoding, and cells of X
# (float32: 80 MB). Checked from the column codes, before X is built.
MAX_FEATURES = 1_000
MAX_CELLS = 20_000_000
ID_MIN_ROWS = 20  # fewer rows numbered 1..n are more likely a real feature than an ID
MISSING_POLICIES = ("drop", "impute")
SINGLETON_POLICIES = ("drop", "keep")
TASKS = ("classification", "regression")  # a class to predict, or a number
FLOAT32_MAX = float(np.finfo(np.float32).max)
# Spreadsheets run a cell beginning with these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
# Why a column cannot be a feature at all: a note when left out, a refusal when chosen.
UNUSABLE = {
    "empty": "'{name}': it has no values",
    "id_text": "'{name}': text with a different value in every row (a name or an ID)",
    "categories": "'{name}': text with {distinct} categories, more than the {limit} that can be "
                  "one-hot encoded",
}
# Every note of this module (csv_reader.NOTES has the reader's): code -> English text.
# ui/locales holds the same texts as "your_data.note_<code>" in each language.
NOTES = {
    **{f"left_out_{code}": f"Left out {why}." for code, why in UNUSABLE.items()},
    "left_out_constant": "Left out '{name}': the same value in every row, so it cannot help.",
    "left_out_row_id": "Left out '{name}': a different whole number in every row, like a row "
                       "number or an ID.",
    "left_out_too_wide": "Left out {count} more columns ({names}): with them the features would "
                         "pass {limit:,} columns after encoding. Choose them in place of others "
                         "if you need them.",
    "no_target": "Left out {count} rows without a target value (rows {rows}).",
    "onehot": "One-hot encoded '{column}' into {count} columns ({categories}).",
    "boolean": "'{column}' holds yes/no values: true and yes are 1, the rest 0.",
    "dropped_missing": "Left out {count} rows with missing or non-finite values ({columns}; "
                       "rows {rows}).",
    "imputed": "Filled missing or non-finite cells with the column's mean (numbers) or most "
               "frequent value (text): {filled}.",
    "singletons_dropped": "Left out {count} classes with a single row ({names}): one row cannot "
                          "be both learned from and tested.",
    "singletons_kept": "Classes with a single row ({names}) cannot be split stratified, so the "
                       "split into train and test is a plain random one.",
    "sampled": "Kept a random sample of {kept:,} of the {total:,} usable rows for training (the "
               "studio trains live, for a whole class on one server).",
}
# Every refusal of this module: code -> English text with {placeholders} (csv_reader.ERRORS has
# the reader's). ui/locales holds the same texts as "your_data.error_<code>" in each language.
ERRORS = {
    "one_column": "The table has only one column ({columns}), so there is nothing to learn "
                  "from. A table needs feature columns and a target column.",
    "no_column": "There is no column named '{name}'. The columns are {columns}.",
    "no_feature_for_target": "No column can serve as a feature for the target '{target}'. "
                             "{notes} A feature must hold numbers, yes/no values, or text with "
                             "at most {limit} categories.",
    "too_many_features": "The chosen features become {width:,} columns after encoding (each "
                         "text column becomes one column per category); the limit is {limit:,}. "
                         "Choose fewer features, or fewer text features.",
    "too_many_cells": "The chosen features make {cells:,} values ({rows:,} rows of {width:,} "
                      "columns after encoding); the limit is {limit:,}. Choose fewer features, "
                      "or upload fewer rows.",
    "no_features": "No feature columns are chosen. Choose at least one feature column.",
    "target_as_feature": "'{name}' is the target, so it cannot also be a feature. Remove it from "
                         "the features.",
    **{f"feature_{code}": f"Column {why}. Remove it from the features."
       for code, why in UNUSABLE.items()},
    "empty_target": "The target column '{target}' has no values. Choose another target.",
    "continuous_target": "The target '{target}' looks continuous: it has {distinct:,} distinct "
                         "numbers with fractions (e.g. {examples}), too many to be classes. "
                         "Predict it as a number instead (regression), or choose a target with "
                         "a few classes.",
    "regression_target": "The target '{target}' holds {kind} values, not numbers: a regression "
                         "predicts a number. Choose a numeric target, or classification.",
    "constant_target": "The target '{target}' has the same value ({value}) in every usable row: "
                       "there is nothing to predict. Choose another target.",
    "too_many_classes": "The target '{target}' has {distinct:,} distinct values; at most {limit} "
                        "classes can be learned here. Choose a target column with fewer classes.",
    "policy": "{name} must be one of {allowed}, got {value!r}.",
    "one_row": "The table has only 1 data row. Training needs rows of at least two classes: add "
               "more rows.",
    "no_rows_left": "Every row has a missing or non-finite value in the chosen features, so no "
                    "row is left. Choose 'impute' for missing values, or other features.",
    "one_class": "The target '{target}' has only one class ('{name}') in the usable rows; a "
                 "classifier needs at least two. Choose another target, or add rows of other "
                 "classes.",
    "no_class": "The target '{target}' has only one class in the usable rows; a classifier "
                "needs at least two. Choose another target, or add rows of other classes.",
    "split_rows": "At least 2 rows are needed to split into train and test, got {n}.",
    "max_rows": "max_rows must be an integer >= 2, got {value!r}.",
}


def _error(code: str, **values) -> DataError:
    return DataError.of(ERRORS, code, **values)


def _note(code: str, **values) -> Note:
    return Note.of(NOTES, code, **values)


@dataclass(frozen=True)
class ColumnCode:
    """How one source column becomes feature values: kind "number", "boolean" or "onehot"."""

    column: str
    kind: str
    fill: float | str | bool | None = None  # the imputed value; None drops rows missing it
    categories: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        if self.kind == "onehot":
            return tuple(f"{self.column}={c}" for c in self.categories)
        return (self.column,)


@dataclass(frozen=True, eq=False)
class TabularData:
    """A prepared table. X : (n, d) float32; y : (n,) int64 indices into classes, or for task
    "regression" float64 values with classes the target's name alone.

    rows : (n,) the frame's row numbers (from 1) kept in X; codes turn any frame rows into
    features the same way (for predictions on every uploaded row).
    """

    X: np.ndarray
    y: np.ndarray
    classes: tuple[str, ...]
    features: tuple[str, ...]
    notes: tuple[Note, ...]
    parsed: ParsedTable
    target: str
    columns: tuple[str, ...]
    rows: np.ndarray
    codes: tuple[ColumnCode, ...]
    missing: str = "drop"
    task: str = "classification"  # one of TASKS

    @property
    def frame(self) -> pd.DataFrame:
        """The parsed table, every uploaded row, numbered from 1."""
        return self.parsed.frame

    @property
    def report(self) -> pd.DataFrame:
        """Per column: "column", "type", "distinct", "missing"."""
        return self.parsed.report


def _quote(names) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _bad_numbers(values: np.ndarray) -> np.ndarray:
    """Missing, infinite or beyond float32's range (1e300 would become inf in X)."""
    with np.errstate(invalid="ignore"):
        return ~(np.abs(values) <= FLOAT32_MAX)


def _is_true(values: pd.Series) -> np.ndarray:
    if values.dtype == bool:
        return values.to_numpy(dtype=np.float64)
    return values.astype(str).str.lower().isin(TRUE_WORDS).to_numpy(dtype=np.float64)


def _number_text(value: float, kind: str) -> str:
    """A numeric class label: 2.0 is written "2"."""
    return str(int(value)) if kind == "integer" else str(float(value))


def _unusable(name: str, kind: str, column: pd.Series, n_rows: int) -> tuple[str, dict] | None:
    """Why a column cannot be a feature: a key of UNUSABLE and its values (None when it can)."""
    if kind == "empty":
        return "empty", {"name": name}
    if kind == "text":
        distinct = column.nunique()
        if distinct == n_rows and n_rows > MAX_CATEGORIES:
            return "id_text", {"name": name}
        if distinct > MAX_CATEGORIES:
            return "categories", {"name": name, "distinct": distinct, "limit": MAX_CATEGORIES}
    return None


def _left_out_by_default(name: str, kind: str, column: pd.Series, n_rows: int) -> str:
    """Why a usable column is not offered as a default feature: a note's code ("" when it is)."""
    if kind in ("integer", "number"):
        values = column.to_numpy(dtype=np.float64)
        low, high = np.nanmin(values), np.nanmax(values)
        if low == high:
            return "left_out_constant"
        named_like_id = re.search(r"(^|[^a-z])(id|index|no|nr)$", name.lower())
        counts_rows = n_rows >= ID_MIN_ROWS and high - low == n_rows - 1
        if kind == "integer" and n_rows > 2 and (named_like_id or counts_rows) \
                and column.nunique() == n_rows:
            return "left_out_row_id"
        return ""
    if column.nunique() <= 1:
        return "left_out_constant"
    return ""


def _width(kind: str, column: pd.Series) -> int:
    """Feature columns a usable column becomes: one per category for text, else one."""
    return column.nunique() if kind == "text" else 1


def usable_features(parsed: ParsedTable, target: str) -> tuple[list[str], Notes]:
    """The default features for `target` and the notes on the columns left out.

    Columns are taken in order while their encoded width stays within MAX_FEATURES and, for a
    long table, within MAX_CELLS: the defaults are never refused for their size.
    """
    frame, chosen, notes, too_wide, width = parsed.frame, [], [], [], 0
    limit = min(MAX_FEATURES, MAX_CELLS // max(len(frame), 1))
    for name in frame.columns:
        if name == target:
            continue
        kind, column = parsed.kinds[name], frame[name]
        unusable = _unusable(name, kind, column, len(frame))
        if unusable:
            notes.append(_note(f"left_out_{unusable[0]}", **unusable[1]))
        elif code := _left_out_by_default(name, kind, column, len(frame)):
            notes.append(_note(code, name=name))
        elif width + _width(kind, column) > limit:
            too_wide.append(name)
        else:
            width += _width(kind, column)
            chosen.append(name)
    if too_wide:
        notes.append(_note("left_out_too_wide", count=len(too_wide), limit=limit,
                           names=listing(f"'{n}'" for n in too_wide)))
    return chosen, Notes(notes)


def _label_strength(parsed: ParsedTable, name: str) -> int:
    """How much a column looks like class labels: 2 named classes, 1 a few numbers, 0 not.

    Labels repeat: a column holds 2 or more values and fewer values than filled cells. Named
    classes are text (at most MAX_CLASSES values) or yes/no values; a few numbers are at most
    MAX_FRACTIONAL_CLASSES distinct values that do not number the rows.
    """
    kind, column = parsed.kinds[name], parsed.frame[name]
    distinct, filled = column.nunique(), int(column.notna().sum())
    if not 2 <= distinct < filled:
        return 0
    if kind == "boolean" or (kind == "text" and distinct <= MAX_CLASSES):
        return 2
    if kind in ("integer", "number") and distinct <= MAX_FRACTIONAL_CLASSES \
            and _left_out_by_default(name, kind, column, len(parsed.frame)) != "left_out_row_id":
        return 1
    return 0


def guess_target(parsed: ParsedTable) -> str:
    """The column most likely to hold the class labels: the default target of a new table.

    The last column when it looks like labels (tables usually end with the label); otherwise the
    rightmost column with named classes, then the rightmost with a few numbers; otherwise the
    last column, whose refusal then says why it cannot be a target.
    """
    columns = list(parsed.frame.columns)
    strength = {name: _label_strength(parsed, name) for name in columns}
    if strength[columns[-1]]:
        return columns[-1]
    return max(reversed(columns), key=lambda name: strength[name])


def _check_target(parsed: ParsedTable, target: str | None) -> str:
    columns = list(parsed.frame.columns)
    if len(columns) < 2:
        raise _error("one_column", columns=_quote(columns))
    if target is None:
        return columns[-1]
    if target not in columns:
        raise _error("no_column", name=target, columns=_quote(columns))
    return target


def _check_features(parsed: ParsedTable, target: str, features) -> tuple[list[str], list[str]]:
    if features is None:
        chosen, notes = usable_features(parsed, target)
        if not chosen:
            raise _error("no_feature_for_target", target=target, notes=notes,
                         limit=MAX_CATEGORIES)
        return chosen, list(notes)
    features = list(dict.fromkeys(features))
    if not features:
        raise _error("no_features")
    for name in features:
        if name not in parsed.frame.columns:
            raise _error("no_column", name=name, columns=_quote(parsed.frame.columns))
        if name == target:
            raise _error("target_as_feature", name=name)
        unusable = _unusable(name, parsed.kinds[name], parsed.frame[name], len(parsed.frame))
        if unusable:
            raise _error(f"feature_{unusable[0]}", **unusable[1])
    return features, []


def _target_codes(parsed: ParsedTable, target: str):
    """has_label : (n_rows,) bool, codes : (n_labelled,) indices into classes, classes, notes.

    Numbers are ordered numerically, text alphabetically; all in numpy, since a target may
    have 200,000 rows.
    """
    kind, raw = parsed.kinds[target], parsed.frame[target]
    if kind == "empty":
        raise _error("empty_target", target=target)
    numeric = kind in ("integer", "number")
    bad = _bad_numbers(raw.to_numpy(dtype=np.float64)) if numeric else raw.isna().to_numpy()
    notes = []
    if bad.any():
        notes.append(_note("no_target", count=int(bad.sum()), rows=listing(raw.index[bad])))
    if numeric:
        values, codes = np.unique(raw.to_numpy(dtype=np.float64)[~bad], return_inverse=True)
    else:
        text = raw[~bad].astype(str)
        if kind == "boolean" and raw.dtype != bool:
            text = text.str.lower()  # "Yes" and "yes" are one class
        values, codes = np.unique(text.to_numpy(dtype=object), return_inverse=True)
    if kind == "number" and len(values) > MAX_FRACTIONAL_CLASSES:
        examples = ", ".join(f"{v:g}" for v in raw[~bad].iloc[:3])
        raise _error("continuous_target", target=target, distinct=len(values),
                     examples=examples)
    if len(values) > MAX_CLASSES:
        raise _error("too_many_classes", target=target, distinct=len(values), limit=MAX_CLASSES)
    classes = [_number_text(v, kind) for v in values] if numeric else [str(v) for v in values]
    return ~bad, codes.astype(np.int64), classes, notes


def _mode(column: pd.Series):
    counts = column.dropna().astype(str).value_counts()
    return str(counts.index[0]) if len(counts) else None


def _codes(parsed: ParsedTable, features, kept: np.ndarray, missing: str) -> list[ColumnCode]:
    """How each feature column is encoded, learned from the `kept` rows : (n_rows,) bool."""
    frame, impute = parsed.frame, missing == "impute"
    numeric = [n for n in features if parsed.kinds[n] in ("integer", "number")]
    means = {}
    if impute and numeric:
        values = frame[numeric].to_numpy(dtype=np.float64)[kept]
        values[_bad_numbers(values)] = np.nan
        with np.errstate(invalid="ignore"):
            counted = (~np.isnan(values)).sum(axis=0)
            totals = np.nansum(values, axis=0)
        means = {n: float(t / c) if c else 0.0
                 for n, t, c in zip(numeric, totals, counted, strict=True)}
    codes = []
    for name in features:
        kind = parsed.kinds[name]
        if kind in ("integer", "number"):
            codes.append(ColumnCode(name, "number", means.get(name)))
            continue
        column = frame[name][kept]
        fill = _mode(column) if impute else None
        if kind == "boolean":
            codes.append(ColumnCode(name, "boolean", fill))
        else:
            categories = tuple(sorted(column.dropna().astype(str).unique()))
            codes.append(ColumnCode(name, "onehot", fill, categories))
    return codes


def encode(frame: pd.DataFrame, codes: Sequence[ColumnCode]):
    """Features of every frame row, X : (n, d) float32, and missing : (n, n_codes) bool.

    A number beyond float32's range (1e300) counts as missing, like NaN and inf.
    """
    widths = [len(code.names) for code in codes]
    starts = np.concatenate([[0], np.cumsum(widths)[:-1]]).astype(int)
    missing = np.zeros((len(frame), len(codes)), dtype=bool)
    numeric = [k for k, code in enumerate(codes) if code.kind == "number"]
    values = None
    if numeric:
        # One block cast for every numeric feature; overflow to inf is how 1e300 is caught.
        with np.errstate(over="ignore", invalid="ignore"):
            values = frame[[codes[k].column for k in numeric]].to_numpy(dtype=np.float32)
        bad = ~np.isfinite(values)
        if bad.any():
            values = values.copy() if not values.flags.writeable else values
            for j, k in enumerate(numeric):
                missing[:, k] = bad[:, j]
                fill = codes[k].fill
                values[bad[:, j], j] = fill if fill is not None else 0.0
        if len(numeric) == len(codes):
            return values, missing  # all numeric, in order: no second copy
    X = np.empty((len(frame), sum(widths)), dtype=np.float32)
    if numeric:
        X[:, starts[numeric]] = values
    for k, code in enumerate(codes):
        if code.kind == "number":
            continue
        column = frame[code.column]
        missing[:, k] = bad = column.isna().to_numpy()
        default = code.fill if code.fill is not None else ""
        filled = column.astype(object).where(~bad, default)
        if code.kind == "boolean":
            X[:, starts[k]] = _is_true(filled)
        else:
            text = filled.astype(str).to_numpy(dtype=object)
            X[:, starts[k]:starts[k] + widths[k]] = np.equal.outer(
                text, np.array(code.categories, dtype=object))
    return X, missing


def usable_rows(codes: Sequence[ColumnCode], missing: np.ndarray) -> np.ndarray:
    """ok : (n,) rows with no missing value, or whose missing values are all imputed."""
    dropping = np.array([c.fill is None for c in codes], dtype=bool)
    return ~(missing[:, dropping].any(axis=1)) if dropping.any() else np.ones(len(missing), bool)


def _missing_note(codes, missing: np.ndarray, ok: np.ndarray, rows: np.ndarray, policy: str):
    counts = missing.sum(axis=0)
    if not counts.any():
        return []
    if policy == "drop":
        where = "; ".join(f"'{c.column}': {n}" for c, n in zip(codes, counts, strict=True) if n)
        return [_note("dropped_missing", count=int((~ok).sum()), columns=where,
                      rows=listing(rows[~ok]))]
    filled = []
    for code, n in zip(codes, counts, strict=True):
        if n:
            value = f"{code.fill:.4g}" if isinstance(code.fill, float) else f"'{code.fill}'"
            filled.append(f"'{code.column}': {n} → {value}")
    return [_note("imputed", filled="; ".join(filled))]


def _encoding_notes(codes) -> list[Note]:
    notes = []
    for code in codes:
        if code.kind == "onehot":
            notes.append(_note("onehot", column=code.column, count=len(code.categories),
                               categories=listing(f"'{c}'" for c in code.categories)))
        elif code.kind == "boolean":
            notes.append(_note("boolean", column=code.column))
    return notes


def _check_size(codes: Sequence[ColumnCode], n_rows: int) -> None:
    """Refuse features whose encoding would pass MAX_FEATURES or MAX_CELLS, before building X."""
    width = sum(len(code.categories) if code.kind == "onehot" else 1 for code in codes)
    if width > MAX_FEATURES:
        raise _error("too_many_features", width=width, limit=MAX_FEATURES)
    if width * n_rows > MAX_CELLS:
        raise _error("too_many_cells", cells=width * n_rows, rows=n_rows, width=width,
                     limit=MAX_CELLS)


def _check_policy(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise _error("policy", name=name, allowed=list(allowed), value=value)


def prepare(
    parsed: ParsedTable,
    target: str | None = None,
    features: Sequence[str] | None = None,
    missing: str = "drop",
    singletons: str = "drop",
    task: str = "classification",
) -> TabularData:
    """Choose target and features, handle missing cells, encode: ParsedTable -> TabularData.

    task "regression": the target is a number to predict (singletons does not apply).
    """
    _check_policy("missing", missing, MISSING_POLICIES)
    _check_policy("singletons", singletons, SINGLETON_POLICIES)
    _check_policy("task", task, TASKS)
    target = _check_target(parsed, target)
    if len(parsed.frame) < 2:
        raise _error("one_row")
    if task == "regression":
        return _prepare_regression(parsed, target, features, missing)
    has_label, codes_y, all_classes, notes = _target_codes(parsed, target)
    features, codes, X_all, missing_cells, notes = _encoded(parsed, target, features, has_label,
                                                            missing, notes)
    rows = parsed.frame.index.to_numpy()
    if not has_label.all():  # indexing copies, so skip it when every row is kept
        X_all, missing_cells, rows = X_all[has_label], missing_cells[has_label], rows[has_label]
    ok = usable_rows(codes, missing_cells)
    notes += _missing_note(codes, missing_cells, ok, rows, missing)
    if not ok.all():
        X_all, codes_y, rows = X_all[ok], codes_y[ok], rows[ok]
    if len(rows) == 0:
        raise _error("no_rows_left")
    counts = np.bincount(codes_y, minlength=len(all_classes))
    lonely = [all_classes[c] for c in np.flatnonzero(counts == 1)]
    if lonely and singletons == "drop" and (counts >= 2).sum() >= 2:
        keep = counts[codes_y] >= 2
        X_all, codes_y, rows = X_all[keep], codes_y[keep], rows[keep]
        counts[counts == 1] = 0
        notes.append(_note("singletons_dropped", count=len(lonely), names=_quote(lonely[:5])))
    elif lonely:
        notes.append(_note("singletons_kept", names=_quote(lonely[:5])))
    present = np.flatnonzero(counts > 0)
    classes = [all_classes[c] for c in present]
    if len(classes) == 1:
        raise _error("one_class", target=target, name=classes[0])
    if not classes:
        raise _error("no_class", target=target)
    # Classes absent from the usable rows are dropped, so renumber 0 .. len(classes) - 1.
    renumber = np.full(len(all_classes), -1, dtype=np.int64)
    renumber[present] = np.arange(len(present))
    return TabularData(
        X=X_all, y=renumber[codes_y], classes=tuple(classes),
        features=tuple(n for code in codes for n in code.names), notes=tuple(notes),
        parsed=parsed, target=target, columns=tuple(features), rows=rows, codes=tuple(codes),
        missing=missing,
    )


def _encoded(parsed: ParsedTable, target: str, features, has_label: np.ndarray, missing: str,
             notes: list[Note]):
    """The chosen features encoded for every row: features, codes, X_all : (n_rows, d),
    missing_cells : (n_rows, n_columns), and the notes so far (the table's first)."""
    features, feature_notes = _check_features(parsed, target, features)
    notes = list(parsed.notes) + notes + feature_notes
    codes = _codes(parsed, features, has_label, missing)
    _check_size(codes, int(has_label.sum()))
    notes += _encoding_notes(codes)
    X_all, missing_cells = encode(parsed.frame, codes)
    return features, codes, X_all, missing_cells, notes


def _prepare_regression(parsed: ParsedTable, target: str, features,
                        missing: str) -> TabularData:
    """prepare() for a number to predict: the target's values as they are, rows without one
    left out (with a note)."""
    kind, raw = parsed.kinds[target], parsed.frame[target]
    if kind == "empty":
        raise _error("empty_target", target=target)
    if kind not in ("integer", "number"):
        raise _error("regression_target", target=target, kind=kind)
    y_all = raw.to_numpy(dtype=np.float64)
    bad = _bad_numbers(y_all)
    notes = [_note("no_target", count=int(bad.sum()), rows=listing(raw.index[bad]))] \
        if bad.any() else []
    features, codes, X_all, missing_cells, notes = _encoded(parsed, target, features, ~bad,
                                                            missing, notes)
    ok = ~bad
    ok[ok] = usable_rows(codes, missing_cells[ok])
    notes += _missing_note(codes, missing_cells[~bad], ok[~bad], parsed.frame.index[~bad],
                           missing)
    if not ok.any():
        raise _error("no_rows_left")
    y = y_all[ok]
    if np.ptp(y) == 0:
        raise _error("constant_target", target=target, value=_number_text(y[0], kind))
    return TabularData(
        X=X_all[ok], y=y, classes=(target,),
        features=tuple(n for code in codes for n in code.names), notes=tuple(notes),
        parsed=parsed, target=target, columns=tuple(features),
        rows=parsed.frame.index.to_numpy()[ok], codes=tuple(codes), missing=missing,
        task="regression",
    )


def load_csv(
    source,
    target: str | None = None,
    features: Sequence[str] | None = None,
    missing: str = "drop",
    singletons: str = "drop",
    task: str = "classification",
) -> TabularData:
    """Bytes, a str path or os.PathLike -> TabularData; raises DataError for unusable input."""
    return prepare(parse_csv(source), target, features, missing, singletons, task)


def to_dataset(data: TabularData, test_size: float = 0.3, seed: int = 0,
               name: str = "Your data") -> Dataset:
    """Split (stratified when every class has 2 rows) and standardise with train statistics.

    The description names no column: pages may show it as Markdown, and names are user text.
    """
    if len(data.y) < 2:
        raise _error("split_rows", n=len(data.y))
    learns = "a number to predict" if data.task == "regression" else f"{len(data.classes)} classes"
    return split_and_scale(
        data.X, data.y, data.features, data.classes, test_size=test_size, seed=seed, name=name,
        description=f"An uploaded table: {len(data.y)} rows, {len(data.features)} features, "
                    f"{learns}.", task=data.task,
    )


def subsample(data: TabularData, max_rows: int, seed: int = 0) -> TabularData:
    """At most `max_rows` rows of X and y, drawn at random without replacement, with a note."""
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 2:
        raise _error("max_rows", value=max_rows)
    n = len(data.y)
    if n <= max_rows:
        return data
    keep = np.sort(np.random.default_rng(seed).choice(n, size=max_rows, replace=False))
    note = _note("sampled", kept=max_rows, total=n)
    return replace(data, X=data.X[keep], y=data.y[keep], rows=data.rows[keep],
                   notes=(*data.notes, note))


def escape_cell(value) -> str:
    """A cell as text, a leading quote added where a spreadsheet would run it as a formula."""
    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def predictions_csv(
    data: TabularData,
    predict_proba: Callable[[np.ndarray], np.ndarray],
    scaler=None,
    target_values: Callable[[np.ndarray], np.ndarray] | None = None,
) -> str:
    """Every uploaded row with its predicted class and class probabilities, as CSV text.

    predict_proba : (n, d) float32 -> (n, n_classes); scaler (the Dataset's) is applied first.
    For a regression (data.task), predict_proba is the model's predict, (n, d) -> (n,) values,
    and target_values (the Dataset's) turns them into the target's units: one column
    "predicted <target>". Rows a model cannot read (a missing feature when missing="drop") get
    an empty prediction.
    """
    frame = data.frame
    X, missing = encode(frame, data.codes)
    ok = usable_rows(data.codes, missing)
    width = 1 if data.task == "regression" else len(data.classes)
    proba = np.full((len(frame), width), np.nan)
    if ok.any():
        inputs = X[ok] if scaler is None else scaler.transform(X[ok])
        out = np.asarray(predict_proba(np.asarray(inputs, dtype=np.float32)), dtype=float)
        proba[ok] = out.reshape(-1, width) if target_values is None \
            else target_values(out).reshape(-1, 1)
    columns = _row_columns(frame)
    if data.task == "regression":
        columns.append((f"predicted {data.target}",
                        np.where(ok, np.char.mod("%.6g", proba[:, 0]), "")))
        return _csv(columns)
    predicted = np.where(ok, np.array(data.classes, dtype=object)[proba.argmax(axis=1)], "")
    columns.append(("predicted class",
                    _escape_text(pd.Series(predicted, dtype=object)).to_numpy()))
    for j, name in enumerate(data.classes):
        columns.append((f"probability of {name}",
                        np.where(ok, np.char.mod("%.6f", proba[:, j]), "")))
    return _csv(columns)


def _row_columns(frame: pd.DataFrame) -> list[tuple[str, np.ndarray]]:
    """The row number, then every uploaded column, text cells made safe for a spreadsheet."""
    columns = [("row", frame.index.to_numpy())]  # pairs: a user's column named "row" stays
    for name in frame.columns:
        column = frame[name]
        # Numbers cannot be formulas; only text cells need the check (vectorised: 200,000 rows).
        text = column.dtype.kind not in "biuf"
        columns.append((name, (_escape_text(column) if text else column).to_numpy()))
    return columns


def _csv(columns: list[tuple[str, np.ndarray]]) -> str:
    out = pd.DataFrame({j: values for j, (_, values) in enumerate(columns)})
    out.columns = [escape_cell(name) for name, _ in columns]
    # RFC 4180 line ends: a lone \r inside a cell gets quoted too.
    return out.to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


def _escape_text(column: pd.Series) -> pd.Series:
    """escape_cell on a whole text column : (n,) -> (n,) str, missing cells empty."""
    text = column.astype(object).where(column.notna(), "").astype(str)
    risky = text.str.startswith(FORMULA_START) & ~text.str.fullmatch(PLAIN_NUMBER.pattern)
    return text.where(~risky, "'" + text)
