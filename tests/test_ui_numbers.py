"""Reading typed lists of numbers."""

import numpy as np
import pytest

from ui.numbers import parse_matrix, parse_numbers


@pytest.mark.parametrize("text",
                         ["0.18, -0.18", "[0.18 -0.18]", " 0.18;-0.18 ", "(0.18,  -1.8e-1)"])
def test_accepts_common_spellings(text):
    np.testing.assert_array_equal(parse_numbers(text), [0.18, -0.18])


@pytest.mark.parametrize(("text", "message"), [
    ("", r"Inputs must hold at least one number, got nothing\."),
    ("  ,  ", r"Inputs must hold at least one number, got nothing\."),
    ("1, abc, 2", r"Inputs must be numbers separated by commas, got 'abc'\."),
    ("1, nan", r"Inputs must hold finite numbers, got 'nan'\."),
    ("inf", r"Inputs must hold finite numbers, got 'inf'\."),
    (", ".join(["1"] * 51), r"Inputs must hold at most 50 numbers, got 51\."),
])
def test_bad_input_messages(text, message):
    with pytest.raises(ValueError, match=message):
        parse_numbers(text, "Inputs")


def test_matrices_use_the_same_convention_as_lists():
    np.testing.assert_array_equal(parse_matrix("0.1, 0.2; 0.3, 0.4"), [[0.1, 0.2], [0.3, 0.4]])
    np.testing.assert_array_equal(parse_numbers("0.1, 0.2; 0.3, 0.4"), [0.1, 0.2, 0.3, 0.4])
    with pytest.raises(ValueError, match=r"Answer must hold finite numbers, got 'inf'\."):
        parse_matrix("1, inf", "Answer")


def test_messages_follow_the_language_with_the_same_values(monkeypatch):
    from ui import i18n

    monkeypatch.setattr(i18n, "language", lambda: "vi")
    with pytest.raises(ValueError, match=r"^Inputs phải là các số cách nhau bởi dấu phẩy, "
                                         r"nhận được 'abc'\.$"):
        parse_numbers("1, abc", "Inputs")
    with pytest.raises(ValueError, match=r"^Answer phải có các hàng dài bằng nhau, nhận được "
                                         r"các hàng có 1, 2 số\.$"):
        parse_matrix("1; 2 3", "Answer")
