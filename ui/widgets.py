"""Controls shared by several pages."""

import math

import numpy as np
import pandas as pd
import streamlit as st

from ui import links, state
from ui.i18n import t
from ui.settings import Setting


def number_slider(
    label: str,
    key: str,
    min_value: float,
    max_value: float,
    step: float,
    help: str | None = None,
    box_min: float | None = None,
    box_max: float | None = None,
) -> float:
    """A slider and a number box showing one value; moving either moves the other.

    The value lives in st.session_state[key]. The slider covers [min_value, max_value]; the box
    accepts [box_min, box_max] (default: the slider's range), so a precise or larger value can be
    typed, and the slider then reaches out to it: the two always show the same value.
    """
    slider_key, box_key = f"{key}.slider", f"{key}.box"
    value = float(st.session_state[key])
    # Both widgets are seeded from the one stored value before they are drawn: they never disagree.
    min_value, max_value = min(min_value, value), max(max_value, value)
    st.session_state[slider_key] = value
    st.session_state[box_key] = value

    def copy_from(widget_key: str) -> None:
        st.session_state[key] = float(st.session_state[widget_key])

    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.slider(label, min_value, max_value, step=step, key=slider_key, help=help,
                on_change=copy_from, args=(slider_key,))
    right.number_input(label, min_value=box_min if box_min is not None else min_value,
                       max_value=box_max if box_max is not None else max_value, step=step,
                       key=box_key, format="%.4f", label_visibility="collapsed",
                       on_change=copy_from, args=(box_key,))
    return float(st.session_state[key])


def setting_slider(s: Setting, label: str = "", help: str | None = None) -> float:
    """number_slider for a declared setting: the slider over s.slider, the box over s.lo to s.hi."""
    return number_slider(label or t(s.label), s.key, *s.slider, s.step, help=help, box_min=s.lo,
                         box_max=s.hi)


def setting_number(s: Setting, label: str = "", where=None, **kwargs):
    """A number box over a declared setting's range and step (kwargs: disabled, on_change...)."""
    where = st if where is None else where
    return where.number_input(label or t(s.label), s.lo, s.hi, step=s.step, key=s.key, **kwargs)


# --- matrix editor ------------------------------------------------------------------------------
# The matrix lives in st.session_state[key] (a list of rows). The grid's own key carries a version
# number: every committed edit and every reset bumps it, so the grid is rebuilt from the stored
# matrix and never replays stale edits over a reset.


def _editor_version_key(key: str) -> str:
    return f"{key}.version"


def matrix_editor_key(key: str) -> str:
    """The key of the st.data_editor currently showing the matrix stored under `key`."""
    return f"{key}.editor.{st.session_state.get(_editor_version_key(key), 0)}"


def set_matrix(key: str, value) -> None:
    """Store a new matrix under `key` and rebuild its grid (callback-safe: use from on_click)."""
    st.session_state[key] = [list(row) for row in np.asarray(value, dtype=object)]
    refresh_matrix_editor(key)


def refresh_matrix_editor(key: str) -> None:
    """Drop the grid's pending edits so it shows st.session_state[key] again (after a reset)."""
    version_key = _editor_version_key(key)
    st.session_state[version_key] = st.session_state.get(version_key, 0) + 1


def _commit_edits(key: str, editor_key: str, col_labels: list[str]) -> None:
    """Copy the grid's cell edits into the stored matrix (the grid's on_change)."""
    rows = [list(row) for row in st.session_state[key]]
    for row, changes in st.session_state[editor_key].get("edited_rows", {}).items():
        for col, value in changes.items():
            # Edits name their column by label; the stored rows are positional.
            rows[int(row)][col_labels.index(col)] = value
    st.session_state[key] = rows
    refresh_matrix_editor(key)


def _is_number(value) -> bool:
    """Whether a grid cell holds a finite number (a number, or text that reads as one)."""
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def matrix_cells_problems(frame: pd.DataFrame) -> list[str]:
    """The cells of `frame` that are empty or not a number, named by row and column label."""
    cells = frame.to_numpy(dtype=object)
    return [t("common.widgets.cell", row=row, col=col)
            for i, row in enumerate(frame.index) for j, col in enumerate(frame.columns)
            if not _is_number(cells[i, j])]


def _as_float(value) -> float:
    """A stored cell as a float: NaN when it is empty or not a number (the grid names it)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def matrix_editor(
    label: str,
    key: str,
    row_labels: list[str],
    col_labels: list[str],
    note: str | None = None,
) -> np.ndarray | None:
    """An editable grid for the matrix in st.session_state[key]; returns it as floats or None.

    None (with an st.error beside the grid naming the cells) when a cell is empty or not a number.
    `note` says the layout, e.g. "lecture layout: row 0 = biases".
    """
    # Built from a float array: pandas' per-column numeric conversion cost more than the grid.
    cells = [[_as_float(v) for v in row] for row in st.session_state[key]]
    frame = pd.DataFrame(np.array(cells, dtype=float).reshape(len(row_labels), len(col_labels)),
                         index=row_labels, columns=col_labels)
    editor_key = matrix_editor_key(key)
    st.markdown(f"**{label}**")
    edited = st.data_editor(
        frame, key=editor_key, num_rows="fixed", width="stretch",
        column_config={c: st.column_config.NumberColumn(c, format="%.4f") for c in col_labels},
        on_change=_commit_edits, args=(key, editor_key, list(col_labels)),
    )
    if note:  # below the grid: the grid's toolbar floats over the line above it
        st.caption(note)
    problems = matrix_cells_problems(edited)
    if problems:
        st.error(t("common.widgets.cells_not_numbers", label=label, cells="; ".join(problems)))
        return None
    return edited.to_numpy(dtype=float)


def matrix_param(name: str, key: str, shapes, lo: float = -1e6, hi: float = 1e6) -> links.Param:
    """A link for the matrix under `key` whose grid is rebuilt when a link sets it."""
    return links.matrix(name, key, shapes, lo, hi, store=set_matrix)


def reset_with_matrices(defaults: dict, matrix_keys: list[str]) -> None:
    """state.reset(defaults), then rebuild these matrix grids (use as a Reset button's on_click)."""
    state.reset(defaults)
    for key in matrix_keys:
        refresh_matrix_editor(key)


def resize_matrix_columns(key: str, n_cols: int, fill: float) -> None:
    """Keep the stored matrix's first n_cols columns, padding new ones with `fill` (a callback)."""
    rows = [list(row)[:n_cols] + [fill] * max(0, n_cols - len(row))
            for row in st.session_state[key]]
    set_matrix(key, rows)
