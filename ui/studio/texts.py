"""The sentences mlp_core writes in English (split notes, why training stopped), in the catalogue.

mlp_core never imports ui, so it speaks English. Each of its sentences has an English catalogue
entry with the same words and {placeholders} where its numbers go; relabel() reads the numbers
back out of mlp_core's sentence and says it again in the session's language.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Sequence

from ui.i18n import catalogue, t

SPLIT_NOTES = ("studio.data.split_stratified", "studio.data.split_plain_off",
               "studio.data.split_plain_rare", "studio.data.split_plain_small")
STOP_REASONS = ("studio.stop.loss_became", "studio.stop.loss_overflow",
                "studio.stop.test_loss_became", "studio.stop.weights")


@functools.cache
def _pattern(key: str) -> re.Pattern:
    """The English text of `key` as a regex: its literal words, and a group per placeholder."""
    parts = string.Formatter().parse(catalogue("en")[key])
    return re.compile("".join(re.escape(literal) + (f"(?P<{name}>.+?)" if name else "")
                              for literal, name, _, _ in parts), re.S)


def relabel(message: str, keys: Sequence[str]) -> str:
    """mlp_core's English `message` in the session's language; as it is when no key reads it."""
    for key in keys:
        match = _pattern(key).fullmatch(message)
        if match:
            return t(key, **match.groupdict())
    return message


def split_note(note: str) -> str:
    """How a dataset was split (Dataset.split_note)."""
    return relabel(note, SPLIT_NOTES)


def stop_message(stopped: str | None, message: str, epochs: int) -> str:
    """Why training stopped (Trainer.stop_message), for stopped "budget" or "non-finite loss"."""
    if stopped == "budget":
        return t("studio.stop.budget", epochs=epochs)
    match = _pattern("studio.stop.non_finite").fullmatch(message)
    if stopped != "non-finite loss" or match is None:
        return message
    return t("studio.stop.non_finite", what=relabel(match["what"], STOP_REASONS))
