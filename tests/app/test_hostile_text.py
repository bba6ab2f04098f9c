"""What the server sends when names and links are hostile (issue 22): Markdown reads them escaped.

Every text that Streamlit renders as Markdown (bodies, captions, alerts, headings, widget labels
and help, radio options, st.table's index, headers and cells, expander and tab labels) must hold
a hostile name only escaped: the start of each name, as written, is never found in one. Figures
get names without tags (plotly reads <a>, <b>) and on one line. tests/browser/test_hostile_text.py
proves in Chromium that nothing is rendered from them.
"""

import dataclasses
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from mlp_core.csv_reader import parse_csv
from mlp_core.tabular import prepare, to_dataset
from tests.hostile_text import (
    CLASSES,
    EVIL,
    FILE_NAME,
    LINE_BREAKS,
    LINK_VALUES,
    LINKED_PAGES,
    LONG,
    MARKER,
    NAMES,
    fragment,
    hostile_csv,
    tampered_links,
)
from ui import state
from ui import your_data as yd

PAGES = Path(__file__).resolve().parents[2] / "app_pages"
# What Streamlit's Markdown turns into more even once escaped: a bare URL or an e-mail address
# (a link), ":name:" (an icon or an emoji). Looked for in the text a reader sees.
ACTIVE_TEXT = re.compile(r"(?i)https?://|www\.|[\w.+-]@[\w-]+\.\w|:[\w/+-]+:")
# Options shown as Markdown (st.selectbox and st.multiselect show theirs as they are).
MARKDOWN_OPTIONS = ("radio", "pills", "segmented_control")


def seen(markdown: str) -> str:
    """What a reader sees of escaped Markdown: no backslashes, no invisible word joiners."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def _nodes(node):
    for child in node.children.values():
        yield child
        if isinstance(child, Block):
            yield from _nodes(child)


def _table_texts(frame: pd.DataFrame) -> list[str]:
    return [str(v) for v in (*frame.index, *frame.columns, *frame.to_numpy().ravel())]


def markdown_texts(at) -> list[str]:
    """Every text of the page that the browser renders as Markdown."""
    texts = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        fields = {f.name for f in proto.DESCRIPTOR.fields}
        if isinstance(node, Block):
            for part in ("expandable", "tab"):
                if part in fields and proto.HasField(part):
                    texts.append(getattr(proto, part).label)
            continue
        if node.type in ("text", "code", "exception", "dataframe"):
            continue  # shown as it is
        if node.type == "table":
            texts += _table_texts(node.value)
        for name in ("body", "label", "help"):
            if name in fields:
                texts.append(str(getattr(proto, name)))
        if node.type in MARKDOWN_OPTIONS:
            texts += list(proto.options)
    return texts


def assert_escaped(at, values) -> None:
    """No Markdown text of the page holds the start of a hostile value as written, unescaped."""
    assert not at.exception
    for text in markdown_texts(at):
        for value in values:
            if re.fullmatch(r"[\w ]+", fragment(value)):
                continue  # nothing to escape in it (a long name: cut, checked below)
            assert not re.search(r"(?<!\\)" + re.escape(fragment(value)), text), (value, text)
        assert "long" * 20 not in text  # a long name is cut
        assert "\u202e" not in text
        read = re.sub(r"\\(.)", r"\1", text)  # the escapes gone, the word joiners kept
        if MARKER in read or EVIL in read:
            assert not ACTIVE_TEXT.search(read), text


def hostile_dataset():
    data = prepare(parse_csv(hostile_csv()), "label", None, "drop", "drop")
    return to_dataset(data, test_size=0.3, seed=0, name=yd.safe_name(FILE_NAME))


@pytest.fixture(scope="module")
def studio():
    """The studio on the hostile upload, after one epoch."""
    at = AppTest.from_file(str(PAGES / "training_studio.py"), default_timeout=60)
    at.session_state[state.SHARED_DATASET] = hostile_dataset()
    at.run()
    at.selectbox(key="studio.source").set_value("uploaded").run()
    at.button(key="studio.step").click().run()
    assert not at.exception
    assert [m for m in at.markdown if "at epoch 1)" in m.value]  # the matrices' titles
    return at


def _chart(at, kind: str, key: str) -> dict:
    (element,) = [e for e in at.get(kind) if e.proto.id.endswith(f"-{key}")]
    return json.loads(element.proto.spec)


def test_the_confusion_matrices_and_scores_show_the_class_names_escaped(studio):
    assert_escaped(studio, NAMES)
    matrix, _, scores = studio.table  # train, test, per-class scores of the test set
    # Shown as written: every class name, escaped.
    for names in (matrix.value.index, matrix.value.columns, scores.value["class"]):
        assert sorted(seen(name) for name in names) == sorted(CLASSES)


def test_the_regions_name_classes_and_features_on_one_line(studio):
    # Over the features named with line breaks and at length (their selectboxes, one line each).
    studio.selectbox(key="studio.feature_x").set_value(NAMES.index(LINE_BREAKS)).run()
    studio.selectbox(key="studio.feature_y").set_value(NAMES.index(LONG)).run()
    for key in ("studio.feature_x", "studio.feature_y"):
        assert not [o for o in studio.selectbox(key=key).options if "\n" in o or len(o) > 60]
    option = _chart(studio, "echarts_chart", "studio.regions_chart")
    names = [s["name"] for s in option["series"][1:]]  # after the picture
    axes = [option["xAxis"][1]["name"], option["yAxis"][1]["name"]]
    for text in names + axes:
        assert "\n" not in text and "\u202e" not in text and "long" * 20 not in text
    assert len(set(option["legend"]["data"])) == len(option["legend"]["data"])
    assert not [axis for axis in axes if "scaled" in axis or "standardized" in axis]


@pytest.mark.parametrize("tab", ["Misclassified samples", "Predict one sample"])
def test_the_other_result_tabs_show_the_names_escaped(studio, tab):
    studio.session_state["studio.results_tab"] = tab
    studio.run()
    assert_escaped(studio, NAMES)
    if tab == "Predict one sample":
        labels = [w.label for w in studio.number_input if w.key.startswith("studio.sample.")]
        shown = {seen(label) for label in labels}
        assert len(shown) == len(NAMES) and all(len(label) <= 60 for label in shown)
        assert shown >= {name for name in NAMES if len(name) <= 60 and name.isprintable()}
        bars = _chart(studio, "plotly_chart", "studio.proba_chart")["data"][0]
        assert not [x for x in bars["x"] if "<" in x or "\n" in x]
        assert set(bars["x"]) >= {"&lt;img src=x onerror=window.pwned=1&gt;ZQX"}
    else:
        table = studio.dataframe[-1].value
        assert not [c for c in table.columns if "\n" in c or "\u202e" in c]
    studio.session_state["studio.results_tab"] = "Confusion matrices"


def test_a_pinned_runs_legend_has_no_tags():
    at = AppTest.from_file(str(PAGES / "training_studio.py"), default_timeout=60)
    dataset = hostile_dataset()
    at.session_state[state.SHARED_DATASET] = dataclasses.replace(
        dataset, name=f"<a href='https://{EVIL}'>{MARKER}</a>.csv")
    at.run()
    at.selectbox(key="studio.source").set_value("uploaded").run()
    at.button(key="studio.step").click().run()
    at.button(key="studio.pin").click().run()
    figure = _chart(at, "plotly_chart", "studio.pinned_chart")
    assert figure["data"] and not [t for t in figure["data"] if "<a" in t["name"]]
    assert_escaped(at, [at.session_state[state.SHARED_DATASET].name])


def test_your_data_shows_an_upload_of_hostile_names_escaped():
    at = AppTest.from_file(str(PAGES / "your_data.py"), default_timeout=60).run()
    at.file_uploader(key="your_data.upload").set_value(
        (FILE_NAME, hostile_csv(), "text/csv")).run()
    assert_escaped(at, NAMES)
    assert at.selectbox(key="your_data.target").value == "label"
    # Options are shown as they are, so they are not escaped: one line each, no bidi marks.
    shown = at.selectbox(key="your_data.target").options  # as format_func wrote them
    assert "\u202e" not in "".join(shown) and not [s for s in shown if "\n" in s]


@pytest.mark.parametrize("page", sorted(LINKED_PAGES))
def test_a_tampered_link_is_named_in_plain_text(page):
    script, params = LINKED_PAGES[page]
    for query in tampered_links(params):
        at = AppTest.from_file(str(PAGES / f"{script}.py"), default_timeout=60)
        for name, value in query.items():
            at.query_params[name] = value
        at.run()
        assert_escaped(at, LINK_VALUES)
        notice = [w.value for w in at.warning if "could not be used" in w.value]
        assert notice, page
        # One item a line: no value starts a paragraph or a line of its own.
        assert all(line.startswith("- ") for line in notice[0].split("\n")[1:]), notice[0]
