"""A styled table's element carries what st.table(styler) sends for the same text and shading."""

import re

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix
from streamlit import dataframe_util
from streamlit.elements.table import marshall_table
from streamlit.proto.Table_pb2 import Table as TableProto

from mlp_core.metrics import per_class_report
from ui.figures.training import confusion_table
from ui.studio.results import report_table
from ui.styled_table import element


def _styler_element(styler, uuid: str) -> TableProto:
    """What Streamlit itself marshals for the Styler (the reference)."""
    proto = TableProto()
    marshall_table(proto.arrow_data, styler.set_uuid(uuid), uuid)
    return proto


def _frame(data: bytes) -> pd.DataFrame:
    return dataframe_util.convert_arrow_bytes_to_pandas_df(data)


def _cell_css(styles: str) -> dict[str, str]:
    """Each cell id's declarations, whatever rule (alone or grouped) carries them."""
    cells = {}
    for selectors, declarations in re.findall(r"([^{}]+)\{([^}]*)\}", styles):
        for selector in selectors.split(","):
            cells[selector.strip()] = " ".join(declarations.split()).rstrip(";")
    return cells


def _assert_same(ours: TableProto, reference: TableProto) -> None:
    mine, theirs = ours.arrow_data, reference.arrow_data
    pd.testing.assert_frame_equal(_frame(mine.data), _frame(theirs.data))
    pd.testing.assert_frame_equal(_frame(mine.styler.display_values),
                                  _frame(theirs.styler.display_values))
    assert mine.styler.uuid == theirs.styler.uuid
    assert _cell_css(mine.styler.styles) == _cell_css(theirs.styler.styles)


def test_a_confusion_matrix_is_written_and_shaded_as_its_styler_was():
    cm = confusion_matrix([0, 0, 1, 1, 2, 2, 2, 2], [0, 1, 1, 1, 2, 0, 2, 2])
    for shown, write in ((cm, "{:d}"), (cm / cm.sum(axis=1, keepdims=True), "{:.2f}")):
        table = confusion_table(shown, ["setosa", "versicolor", "virginica"],
                                normalized=write != "{:d}")
        css = pd.DataFrame(table.css, index=table.values.index, columns=table.values.columns)
        styler = table.values.style.apply(lambda _, css=css: css, axis=None).format(write)
        ours = element(table, "-123")
        _assert_same(ours, _styler_element(styler, "-123"))
        assert len(_cell_css(ours.arrow_data.styler.styles)) == 9  # every cell shaded
        np.testing.assert_array_equal(_frame(ours.arrow_data.data).to_numpy(), shown)


def test_a_report_keeps_its_exact_scores_and_shows_four_decimals():
    report = per_class_report([0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 2], ["a", "b", "c"])
    ours = element(report_table(report), "7", hide_index=True)
    styler = report.style.hide(axis="index").format({c: "{:.4f}" for c in ("precision", "recall",
                                                                           "f1")})
    _assert_same(ours, _styler_element(styler, "7"))
    assert _frame(ours.arrow_data.styler.display_values)["recall"].tolist() == [
        "0.5000", "1.0000", "0.6667"]
    assert ours.hide_index and not ours.arrow_data.styler.styles



def test_a_tables_arrow_is_converted_once_for_every_place_it_is_drawn():
    table = confusion_table(np.array([[1, 1], [0, 2]]), ["a", "b"])
    a = element(table, "1")
    assert "arrow" in table.__dict__  # kept on the table
    b = element(table, "2")  # another place on a page (or another session)
    assert b.arrow_data.data is table.arrow[0] or b.arrow_data.data == a.arrow_data.data
    assert (a.arrow_data.styler.uuid, b.arrow_data.styler.uuid) == ("1", "2")
    assert b.arrow_data.styler.styles.startswith("#T_2_row0_col0")
    np.testing.assert_array_equal(_frame(b.arrow_data.data).to_numpy(), [[1, 1], [0, 2]])
    assert _frame(b.arrow_data.styler.display_values).to_numpy().tolist() == [["1", "1"],
                                                                            ["0", "2"]]
