"""An st.table whose cells are written and shaded as a pandas Styler would, without the Styler.

st.table(styler) runs pandas' Styler machinery on every rerun (computing, translating and
rewriting every cell through pandas indexing): ~3 ms of server CPU for a 3 x 3 confusion matrix,
five times the table itself, and the studio shows three such tables in every results rerun of
every student. The element sent is the one st.table sends for a Styler: the values as data (what
a reader of the table gets, exact), each cell's text as display values, each cell's CSS under the
table's id (tests/test_styled_table.py compares it with Streamlit's own for the Styler).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import streamlit as st
from streamlit import dataframe_util
from streamlit.elements.lib.layout_utils import create_layout_config
from streamlit.proto.Table_pb2 import Table as TableProto


@dataclass(frozen=True)
class StyledTable:
    """values: the table's numbers, index and headers; text: each body cell as shown (rows of
    strings, values' shape); css: each body cell's CSS declarations ("" for none), or None."""

    values: pd.DataFrame
    text: Sequence[Sequence[str]]
    css: Sequence[Sequence[str]] | None = None

    @cached_property
    def arrow(self) -> tuple[bytes, bytes]:
        """The values and the shown text as Arrow bytes, converted once for every time the table
        is drawn (pandas -> Arrow is most of what drawing it costs)."""
        shown = pd.DataFrame([list(row) for row in self.text], index=self.values.index,
                             columns=self.values.columns, dtype=str)
        return (dataframe_util.convert_pandas_df_to_arrow_bytes(self.values),
                dataframe_util.convert_pandas_df_to_arrow_bytes(shown))


def cell_styles(css: Sequence[Sequence[str]], uuid: str) -> str:
    """One CSS rule per styled body cell, under the ids the browser gives a Styler's cells."""
    return "\n".join(f"#T_{uuid}_row{r}_col{c} {{ {declarations} }}"
                     for r, row in enumerate(css) for c, declarations in enumerate(row)
                     if declarations)


def element(table: StyledTable, uuid: str, hide_index: bool = False) -> TableProto:
    """st.table's element for the table, as st.table(styler) makes it for a Styler with this uuid
    (borders, full width, its own height)."""
    proto = TableProto()
    arrow = proto.arrow_data
    arrow.data, arrow.styler.display_values = table.arrow
    arrow.styler.uuid = uuid
    if table.css is not None:
        arrow.styler.styles = cell_styles(table.css, uuid)
    proto.border_mode = TableProto.BorderMode.ALL
    proto.hide_index = hide_index
    proto.hide_header = False
    return proto


def show(table: StyledTable, *, hide_index: bool = False) -> None:
    """Draw the table where st.table would: st's main DeltaGenerator writes into the current
    container (a `with` block, a fragment), as st.table does."""
    dg = st._main  # st.table is st._main.table
    uuid = str(hash(dg._get_delta_path_str()))  # as st.table names a Styler without a uuid
    dg._enqueue("table", element(table, uuid, hide_index), layout_config=create_layout_config(
        width="stretch", height="content", allow_content_width=True, allow_content_height=True))

