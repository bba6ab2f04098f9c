"""AppTest: in Vietnamese, no page shows an English word that the catalogues do not put there.

Every page is rendered with ?lang=vi (the studio trained, with its network view and replay; Your
own data with an uploaded CSV), and every text a person can see is read: text elements, widget
labels, options, help, placeholders, table headers and cells, metrics, progress texts and the
words inside charts. None may hold a word from ENGLISH, which tests/vietnamese_words.py builds
from the English catalogue's words that the Vietnamese catalogue never spells the same way.
"""

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from mlp_core.network import build_mlp, summary_table
from tests.vietnamese_words import chart_texts, english_words_in, strings_under

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.stem for p in (ROOT / "app_pages").glob("*.py"))
# A CSV a student might bring: a yes/no column, a text label with few values, a missing cell.
UPLOAD = (b"alcohol,grade,smoker,price,quality\n"
          b"12.1,a,yes,3.5,good\n13.0,b,no,4.1,bad\n11.8,a,yes,,good\n12.9,c,no,5.0,bad\n"
          b"13.3,b,yes,4.4,good\n12.2,a,no,3.9,bad\n12.7,c,yes,4.8,good\n13.1,b,no,4.0,bad\n")

# Proto fields a person reads; the rest (ids, enums, formats, CSS) is not text.
SHOWN_FIELDS = {"label", "help", "placeholder", "body", "text", "options", "caption",
                "formattedOptions", "value", "defaultValue"}
# Program text (the PyTorch script, torch's print of a model) is code, the same in any language;
# so is torchinfo's summary table, shown as the lecture prints it.
NOT_TEXT_ELEMENTS = {"code", "html", "flex_container", "column"}
TORCHINFO_COLUMNS = list(summary_table(build_mlp(2, [2], "sigmoid", 1), 2).rows.columns)


def _element_texts(node) -> list[str]:
    proto = node.proto
    if node.type in ("echarts_chart", "plotly_chart"):
        return chart_texts(json.loads(proto.spec))
    found = list(strings_under(MessageToDict(proto), SHOWN_FIELDS))
    if node.type in ("dataframe", "table", "arrow_data_frame"):
        frame = node.value
        if isinstance(frame, pd.DataFrame):
            if list(frame.columns) == TORCHINFO_COLUMNS:
                return []
            found += [str(c) for c in frame.columns] + [str(i) for i in frame.index]
            found += [v for v in frame.to_numpy().ravel() if isinstance(v, str)]
    return found


def shown_texts(node) -> list[tuple[str, str]]:
    """(element type, text) for everything a person can read on the page."""
    if isinstance(node, Block):
        found = []
        if getattr(node, "proto", None) is not None:
            found += [(node.type, s)
                      for s in strings_under(MessageToDict(node.proto), SHOWN_FIELDS)]
        for child in node.children.values():
            found += shown_texts(child)
        return found
    if node.type in NOT_TEXT_ELEMENTS or not hasattr(node.proto, "DESCRIPTOR"):
        return []
    return [(node.type, s) for s in _element_texts(node)]


def english_on(at, data: bytes = b"") -> list[tuple[str, str, list[str]]]:
    """English on the page, less the words of `data`: an uploaded file's headers and cells are
    the student's, shown as they are."""
    theirs = set(re.findall(r"[A-Za-z]+", data.decode()))
    found = []
    for kind, text in shown_texts(at._tree):
        if words := [w for w in english_words_in(text) if w not in theirs]:
            found.append((kind, text[:120], words))
    return found


def in_vietnamese(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "vi"
    at.run()
    if page != "home":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_vietnamese_shows_no_english(page):
    at = in_vietnamese(page)
    assert at.session_state["app.lang"] == "vi"
    assert english_on(at) == []


def test_the_trained_studio_with_its_network_and_replay_shows_no_english():
    at = in_vietnamese("training_studio")
    at.select_slider(key="studio.pace").set_value("instant").run()  # the end, in Train's rerun
    at.toggle(key="studio.network").set_value(True).run()
    at.button(key="studio.train").click().run()
    assert not at.exception
    assert english_on(at) == []
    replay = at.select_slider(key="studio.replay_epoch")
    replay.set_value(replay.options[len(replay.options) // 2]).run()
    assert not at.exception
    assert english_on(at) == []


def test_your_data_with_an_upload_then_the_studio_show_no_english():
    at = in_vietnamese("your_data")
    at.file_uploader(key="your_data.upload").set_value(("wines.csv", UPLOAD, "text/csv")).run()
    assert not at.exception and not at.error
    assert english_on(at, UPLOAD) == []
    at.button(key="your_data.train").click().run()
    assert not at.exception
    assert english_on(at, UPLOAD) == []
    at.button(key="studio.train").click().run()
    assert english_on(at, UPLOAD) == []


def test_the_check_finds_english_where_there_is_some():
    # The words a Vietnamese page showed before they were translated (issue #21).
    for leak in ("Columns are separated by a comma.", "Seed", "Epoch 20 / 20", "precision",
                 "Script PyTorch", "Cross-entropy L"):
        assert english_words_in(leak), leak
    for vietnamese in ("Các cột được phân cách bằng dấu phẩy.", "Đã chạy 20 / 20 epoch",
                       "Hàm mất mát cross-entropy L", "độ phủ (recall)", "petal length (cm)"):
        assert english_words_in(vietnamese) == [], vietnamese
