"""Interface text in English and Vietnamese: t("page.key", **values) looks it up in the catalogue.

Every sentence the app shows lives in one catalogue per language, ui/locales/<lang>.toml, one
table per page, so a translator works through one file beside the other. The language is a
per-session choice ("app.lang", set in the sidebar or by ?lang=vi in a link). Numbers, symbols
and formulas are not text: they stay in the code and read the same in both languages.
"""

from __future__ import annotations

import functools
import os
import string
import tomllib
from pathlib import Path

from streamlit.runtime.scriptrunner import get_script_run_ctx

LOCALES = Path(__file__).with_name("locales")
LANGUAGES = {"en": "English", "vi": "Tiếng Việt"}
DEFAULT = "en"
LANG_KEY = "app.lang"
# Tests set this so a key missing from a catalogue fails loudly instead of falling back.
STRICT = os.environ.get("MLP_I18N_STRICT") == "1"


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """Every text of one language, flattened to "table.key" -> text."""
    with (LOCALES / f"{lang}.toml").open("rb") as f:
        return dict(_flatten(tomllib.load(f)))


def _flatten(table: dict, prefix: str = ""):
    for name, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{name}.")
        else:
            yield prefix + name, str(value)


def language() -> str:
    """The session's language; English outside a Streamlit run (figure tests, scripts)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return DEFAULT
    # The run's own session state, read as st.session_state reads it (the same value, ?lang=
    # applied mid-run included) without the proxy's second context lookup and key checks: t()
    # asks ~850 times in one Train.
    try:
        lang = ctx.session_state[LANG_KEY]
    except KeyError:
        return DEFAULT
    return lang if lang in LANGUAGES else DEFAULT


def t(key: str, **values) -> str:
    """The text for `key` in the session's language, with {placeholders} filled from `values`.

    A key missing from one language falls back to English, then to the key itself: a student
    sees a slightly wrong word, never a traceback. tests/test_i18n.py keeps both catalogues
    complete, so neither fallback happens in a release.
    """
    text = catalogue(language()).get(key)
    if text is None:
        if STRICT:
            raise KeyError(f"{key!r} is missing from ui/locales/{language()}.toml")
        text = catalogue(DEFAULT).get(key, key)
    return text.format(**values) if values else text


def error_text(error: Exception, prefix: str = "errors.") -> str:
    """A refusal from mlp_core in the session's language: the catalogue's text for its code.

    mlp_core's InputError and DataError carry a code and the values of their message; the text is
    looked up as prefix + code. An error without a known code (a ValueError from elsewhere, a code
    newer than the catalogue) is shown as its English message rather than not at all.
    """
    code = getattr(error, "code", None)
    if code and prefix + code in catalogue(DEFAULT):
        return t(prefix + code, **error.values)
    return str(error)


def placeholders(text: str) -> set[str]:
    """The {names} a text expects, so tests can check both languages ask for the same values."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
