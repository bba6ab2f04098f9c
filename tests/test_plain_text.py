"""ui.format's plain text: user-given names and values shown as what they say, nothing more."""

import html
import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tests.hostile_text import LINK_VALUES, NAMES
from ui.format import distinct, figure_text, one_line, plain, plain_name

# Characters a hostile text is made of: Markdown's and HTML's marks, URLs, line breaks, controls,
# bidi overrides, and letters.
HOSTILE_ALPHABET = st.sampled_from([*"\\`*_{}[]()#+-.!|<>~$:=&\"'@/ \n\t\r\x00\x1b\x85ab Z9",
                                    "\u202e", "\u2066", "\u200f", "\u2028", "www.", "http://",
                                    ":smile:", "é", "ệ"])
hostile_text = st.lists(HOSTILE_ALPHABET, max_size=40).map("".join) | st.sampled_from(
    [*NAMES, *LINK_VALUES])
BIDI = {"\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)),
        *map(chr, range(0x2066, 0x206A))}
# What Streamlit's Markdown makes more of even once escaped: links and :shortcodes:.
ACTIVE_TEXT = re.compile(r"(?i)https?://|www\.|[\w.+-]@[\w-]+\.\w|:[\w/+-]+:")
SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:=&\"'")


def visible(text: str) -> bool:
    return not any(unicodedata.category(c) == "Cc" or c in BIDI for c in text)


@given(hostile_text, st.integers(2, 80))
def test_one_line_is_one_visible_line_within_the_limit(text, limit):
    line = one_line(text, limit)
    assert visible(line) and "\u2028" not in line and len(line) <= limit
    assert line == line.strip() and "  " not in line
    assert one_line(line, limit) == line


def test_one_line_keeps_what_the_text_says():
    assert one_line("petal length (cm)") == "petal length (cm)"
    assert one_line("a\n\nb\tc") == "a b c"
    assert one_line("ZQX\u202egnp.exe") == "ZQXgnp.exe"
    assert one_line("x" * 100, 10) == "x" * 9 + "…"
    assert one_line("Tiếng Việt 👩‍🔬") == "Tiếng Việt 👩‍🔬"  # letters and the joiner of an emoji


@given(st.lists(hostile_text, max_size=12), st.integers(8, 60))
def test_distinct_names_stay_one_each(names, limit):
    shown = distinct(names, limit)
    assert len(shown) == len(names) == len(set(shown))
    assert all(one_line(name, limit) == name for name in shown)


def test_plain_keeps_line_breaks_but_starts_no_paragraph():
    assert plain("a\n\n\nb") == "a  \nb"
    assert plain("x\n \n# Session expired") == "x  \n\\# Session expired"


def test_distinct_tells_apart_names_that_became_the_same():
    assert distinct(["x", "x\u202e", "x (2)", "y"]) == ["x", "x (2)", "x (2) (2)", "y"]
    cut = distinct(["a" * 70, "a" * 69 + "b"])
    assert cut == ["a" * 59 + "…", "a" * 55 + "… (2)"]


def read(markdown: str) -> str:
    """What a reader sees of Markdown that has only escapes and line breaks."""
    return re.sub(r"\\(.)", r"\1", markdown.replace("  \n", "\n")).replace("\u2060", "")


@given(hostile_text)
def test_plain_shows_the_text_as_written_and_nothing_more(text):
    markdown = plain(text)
    kept = "".join(c for c in text if c == "\n" or visible(c))
    kept = "\n".join(line for line in kept.split("\n") if line.strip())  # no blank line
    assert read(markdown) == kept
    unescaped = re.sub(r"\\(.)", "", markdown)  # every mark that means something is escaped
    assert not SPECIAL & set(unescaped)
    assert not ACTIVE_TEXT.search(re.sub(r"\\(.)", r"\1", markdown))
    assert visible(markdown.replace("\n", ""))


@given(hostile_text)
def test_a_name_for_markdown_is_one_line_and_plain(text):
    markdown = plain_name(text)
    assert "\n" not in markdown and read(markdown) == one_line(text)


@given(hostile_text)
def test_figure_text_has_no_tags(text):
    shown = figure_text(text)
    assert "<" not in shown and ">" not in shown and html.unescape(shown) == one_line(text)
