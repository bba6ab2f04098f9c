"""The English words a page in Vietnamese must not show, and a check of a text against them.

ENGLISH is built from the catalogues: every word of the English one that the Vietnamese one never
spells the same (case counts: Vietnamese keeps terms such as "epoch" or "seed" inside its own
sentences, in lower case, but a label that starts "Epoch" or "Seed" is the English one). The
names in the data (scikit-learn's feature and class names, the sample CSVs' headers) are the
data's, shown as they are. KNOWN adds the words that a Vietnamese page once showed in English
(issue #21), so they stay caught even if they crept into the Vietnamese catalogue.

An English term glossed in parentheses, "độ phủ (recall)", is Vietnamese writing: the text in
parentheses is not checked.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

from mlp_core import datasets
from ui.i18n import catalogue

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"[A-Za-z]+")
PLACEHOLDER = re.compile(r"\{[^}]*\}")
GLOSS = re.compile(r"\([^()]*\)")
# Not words a person reads: LaTeX commands (\begin, \text), a chart's {placeholders} and tags,
# `code` in Markdown.
MARKUP = re.compile(r"\\[A-Za-z]+|%\{[^}]*\}|<[^>]*>|`[^`]*`")
# Keys of an ECharts option or a plotly figure whose strings are drawn on the chart.
CHART_TEXT_KEYS = {"text", "name", "title", "formatter", "hovertemplate", "texttemplate",
                   "subtext", "ticktext", "data"}
KNOWN = frozenset({"Seed", "Epoch", "Script", "Cross", "precision", "recall", "support", "hours",
                   "Hours", "Columns", "separated", "Browse", "Drag", "drop", "Limit", "per"})


def _words(text: str) -> set[str]:
    return set(WORD.findall(PLACEHOLDER.sub("", text)))


def _data_words() -> set[str]:
    names = []
    for name in datasets.BUILTINS:
        data = datasets.load_builtin(name)
        names += [*data.feature_names, *data.class_names]
    for path in sorted((ROOT / "data").glob("*.csv")):
        with path.open(newline="") as f:
            rows = list(csv.reader(f))
        names += rows[0] + [row[-1] for row in rows[1:]]
    return set().union(*map(_words, names))


@functools.cache
def english() -> frozenset[str]:
    """The words that mark a text as English on a Vietnamese page (three letters or more)."""
    en = set().union(*map(_words, catalogue("en").values()))
    vi = set().union(*map(_words, catalogue("vi").values()))
    found = {w for w in en - vi - _data_words() if len(w) >= 3}
    return frozenset(found | KNOWN)


def english_words_in(text: str) -> list[str]:
    """The words of ENGLISH in `text`, outside parentheses and markup."""
    bare = MARKUP.sub(" ", text)
    bare = GLOSS.sub(" ", GLOSS.sub(" ", bare))  # twice: one level of nesting, "(a (b) c)"
    return [w for w in WORD.findall(bare) if w in english()]


def strings_under(obj, keys: set[str] | None, take: bool = True):
    """Every string of a nested dict / list that sits under one of `keys` (all when None)."""
    if isinstance(obj, str):
        if take:
            yield obj
    elif isinstance(obj, dict):
        hidden = obj.get("showlegend") is False and obj.get("hoverinfo") != "name"
        for key, value in obj.items():
            if not (hidden and key == "name"):  # a plotly trace's name that is never drawn
                yield from strings_under(value, keys, keys is None or key in keys)
    elif isinstance(obj, list):
        for value in obj:
            yield from strings_under(value, keys, take)


def chart_texts(option: dict) -> list[str]:
    """The words drawn on an ECharts or plotly chart (titles, axis names, legends, tooltips)."""
    return list(strings_under(option, CHART_TEXT_KEYS))
