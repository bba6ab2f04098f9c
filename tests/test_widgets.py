"""matrix_editor: shows the stored matrix, returns numbers, names bad cells, resets."""

import numpy as np
from streamlit.testing.v1 import AppTest


def _editor_app():
    import streamlit as st

    from ui import widgets

    st.session_state.setdefault("demo.W", [[0.1, 0.2], [0.3, 0.4]])
    if st.session_state.get("commit"):  # what the grid's on_change does after a browser edit
        st.session_state["fake_edits"] = {"edited_rows": {0: {"c1": 7.0}}}
        widgets._commit_edits("demo.W", "fake_edits", ["c0", "c1"])
        st.session_state["commit"] = False
    columns = [f"c{j}" for j in range(len(st.session_state["demo.W"][0]))]
    value = widgets.matrix_editor("θ", "demo.W", ["bias", "hours"], columns,
                                  note="lecture layout: row 0 = biases")
    st.text("None" if value is None else repr(value.tolist()))
    st.button("reset", key="reset", on_click=widgets.set_matrix,
              args=("demo.W", [[0.1, 0.2], [0.3, 0.4]]))
    st.button("widen", key="widen", on_click=widgets.resize_matrix_columns, args=("demo.W", 3, 0.5))


def _run():
    return AppTest.from_function(_editor_app, default_timeout=30).run()


def _edit(at, edits):
    """Seed the grid's edit state, as a browser edit would (AppTest cannot type into a grid)."""
    version = at.session_state.get("demo.W.version", 0)
    at.session_state[f"demo.W.editor.{version}"] = {"edited_rows": edits, "added_rows": [],
                                                    "deleted_rows": []}
    return at.run()


def test_the_grid_shows_the_stored_matrix_with_its_labels_and_layout_note():
    at = _run()
    grid = at.data_editor[0].value
    assert list(grid.index) == ["bias", "hours"] and list(grid.columns) == ["c0", "c1"]
    np.testing.assert_array_equal(grid.to_numpy(), [[0.1, 0.2], [0.3, 0.4]])
    assert at.caption[0].value == "lecture layout: row 0 = biases"
    assert at.text[0].value == "[[0.1, 0.2], [0.3, 0.4]]"


def test_an_edited_cell_comes_back_as_a_number():
    at = _edit(_run(), {1: {"c0": 2.5}})
    assert at.text[0].value == "[[0.1, 0.2], [2.5, 0.4]]"
    assert not at.error


def test_an_empty_or_non_numeric_cell_is_named_and_nothing_is_returned():
    at = _edit(_run(), {0: {"c1": None}, 1: {"c0": "abc"}})
    assert at.text[0].value == "None"
    assert at.error[0].value == (
        "θ: type a number in row 'bias', column 'c1'; row 'hours', column 'c0'.")


def test_reset_drops_pending_edits():
    at = _edit(_run(), {0: {"c0": None}})
    assert at.error
    at.button(key="reset").click().run()
    assert not at.error
    assert at.text[0].value == "[[0.1, 0.2], [0.3, 0.4]]"


def test_resize_keeps_the_columns_and_pads_new_ones():
    at = _run()
    at.button(key="widen").click().run()
    assert not at.exception
    assert at.session_state["demo.W"] == [[0.1, 0.2, 0.5], [0.3, 0.4, 0.5]]
    assert at.text[0].value == "[[0.1, 0.2, 0.5], [0.3, 0.4, 0.5]]"


def test_committed_edits_are_stored_and_the_grid_is_rebuilt():
    at = _run()
    at.session_state["commit"] = True
    at.run()
    assert at.session_state["demo.W"] == [[0.1, 7.0], [0.3, 0.4]]
    assert at.session_state["demo.W.version"] == 1  # a fresh grid, no edits replayed on top
    assert at.text[0].value == "[[0.1, 7.0], [0.3, 0.4]]"


def test_a_matrix_link_writes_an_empty_cell_as_nan_and_refreshes_the_grid_it_sets():
    from ui import widgets

    param = widgets.matrix_param("W", "demo.W", [(2, 2)])
    assert param.show([[0.1, None], ["abc", 0.4]]) == "0.1,nan;nan,0.4"
    assert param.parse("0.1,-2;1e-05,0.4") == [[0.1, -2.0], [1e-05, 0.4]]
    assert param.store is widgets.set_matrix  # a link's matrix rebuilds the grid
