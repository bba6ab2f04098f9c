"""The catalogues: every key in both languages, the same placeholders, every key the code uses."""

import ast
import re
from pathlib import Path

import pytest

from mlp_core import errors
from mlp_core.csv_reader import DataError
from mlp_core.softmax_regression import sgd_step
from ui import i18n

ROOT = Path(__file__).resolve().parents[1]
CODE = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")),
        *sorted((ROOT / "ui").rglob("*.py"))]
EN, VI = i18n.catalogue("en"), i18n.catalogue("vi")
VIETNAMESE_LETTERS = re.compile(
    r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)


def keys_asked_for() -> set[str]:
    """Every t("literal key") in the app's code."""
    found = set()
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "t" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def test_both_languages_have_the_same_keys():
    assert sorted(EN.keys() - VI.keys()) == []
    assert sorted(VI.keys() - EN.keys()) == []


def test_both_languages_ask_for_the_same_values():
    differ = {key: (i18n.placeholders(EN[key]), i18n.placeholders(VI[key]))
              for key in EN if key in VI
              and i18n.placeholders(EN[key]) != i18n.placeholders(VI[key])}
    assert differ == {}


def test_every_key_the_code_asks_for_is_in_the_catalogues():
    asked = keys_asked_for()
    assert len(asked) > 20  # the scan itself works
    assert sorted(asked - EN.keys()) == []


# Texts that Vietnamese courses write exactly as English ones do: terms kept in English.
SAME_IN_BOTH = {"app.page_softmax", "anatomy.preset_two_linear"}


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", re.sub(r"\{[^}]*\}", "", text))


def test_the_vietnamese_catalogue_is_translated():
    # A sentence (three words or more) reads differently in Vietnamese and uses its letters.
    sentences = [key for key, text in EN.items()
                 if len(words(text)) >= 3 and key not in SAME_IN_BOTH]
    assert len(sentences) > 10
    untranslated = [key for key in sentences
                    if VI[key] == EN[key] or not VIETNAMESE_LETTERS.search(VI[key])]
    assert untranslated == []


def test_texts_fill_their_placeholders_in_both_languages():
    for catalogue in (EN, VI):
        for text in catalogue.values():
            try:  # numbers first: a text may format them ({n:,}, {share:.0%})
                text.format(**dict.fromkeys(i18n.placeholders(text), 1))
            except ValueError:
                text.format(**dict.fromkeys(i18n.placeholders(text), "1"))


def test_outside_a_streamlit_run_the_language_is_english():
    assert i18n.language() == "en"
    assert i18n.t("app.page_home") == "Home"
    assert i18n.t("links.out_of_range", lo="1", hi="2") == "outside 1 to 2."


def _language_in_a_run():
    """A script that asks for the language before and after the session's choice changes (as
    links.sync applies ?lang= after app.py's first texts), and with a choice no catalogue has."""
    import streamlit as st

    from ui import i18n

    seen = [i18n.language()]  # nothing chosen yet
    st.session_state[i18n.LANG_KEY] = "vi"
    seen += [i18n.language(), i18n.t("app.page_home")]
    st.session_state[i18n.LANG_KEY] = "fr"
    seen.append(i18n.language())
    st.session_state[i18n.LANG_KEY] = "en"
    seen += [i18n.language(), i18n.t("app.page_home")]
    st.write(repr(seen))


def test_in_a_run_the_language_follows_the_sessions_choice_as_it_changes():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_language_in_a_run).run()
    assert not at.exception
    assert at.markdown[0].value == repr(["en", "vi", i18n.catalogue("vi")["app.page_home"], "en",
                                         "en", "Home"])


def test_a_missing_key_fails_loudly_under_tests(monkeypatch):
    monkeypatch.setattr(i18n, "STRICT", True)
    with pytest.raises(KeyError, match=r"no\.such_key"):
        i18n.t("no.such_key")


def test_a_missing_key_shows_its_name_to_a_user_never_a_traceback(monkeypatch):
    monkeypatch.setattr(i18n, "STRICT", False)
    assert i18n.t("no.such_key") == "no.such_key"


def codes_refused() -> set[str]:
    """Every refuse("literal code") in mlp_core; a raise through refuse() with no literal fails."""
    found = set()
    for path in sorted((ROOT / "mlp_core").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "refuse"):
                assert isinstance(node.args[0], ast.Constant), f"{path.name}: a computed code"
                found.add(node.args[0].value)
    return found


def test_every_lesson_refusal_is_in_both_languages_word_for_word_in_english():
    codes = errors.INPUT_ERRORS
    assert codes_refused() == set(codes)  # every code raised somewhere, none unknown
    for code, english in codes.items():
        assert EN[f"errors.{code}"] == english, code  # byte-identical to mlp_core's message
        assert i18n.placeholders(VI[f"errors.{code}"]) == i18n.placeholders(english), code
    assert {key for key in EN if key.startswith("errors.")} == {f"errors.{c}" for c in codes}


def test_a_refusal_says_its_code_and_values_and_reads_as_its_english_message():
    with pytest.raises(errors.InputError) as caught:
        sgd_step([[0.1, 0.2], [0.3, 0.4]], [1.0], 5, 0.1)
    error = caught.value
    assert (error.code, error.values) == ("class_index", {"n_classes": 2, "y": 5})
    assert str(error) == "y must be a class index in [0, 2), got 5."
    assert i18n.error_text(error) == str(error)  # English outside a run
    assert i18n.error_text(ValueError("from elsewhere")) == "from elsewhere"
    assert issubclass(DataError, errors.InputError)  # uploads refuse the same way
