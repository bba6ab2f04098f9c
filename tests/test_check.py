"""Check yourself: reading typed answers and grading them within the tolerance."""

import numpy as np
import pytest

from ui.check import TOLERANCE, grade
from ui.numbers import parse_matrix


@pytest.mark.parametrize(("text", "expected"), [
    ("0.25, 0.4", [0.25, 0.4]),
    ("[0.25 0.4]", [0.25, 0.4]),
    ("-1e-3", [-0.001]),
    (".5", [0.5]),
    ("0.1, 0.2; 0.3, 0.4", [[0.1, 0.2], [0.3, 0.4]]),
    ("0.1 0.2\n0.3 0.4", [[0.1, 0.2], [0.3, 0.4]]),
    ("[[0.1, 0.2], [0.3, 0.4]]", [0.1, 0.2, 0.3, 0.4]),
])
def test_parse_matrix_reads_vectors_and_matrices(text, expected):
    np.testing.assert_array_equal(parse_matrix(text), expected)


@pytest.mark.parametrize(("text", "message"), [
    ("", "at least one number"), ("abc", "got 'abc'"), ("0.1, x", "got 'x'"),
    ("1; 2 3", "rows of equal length, got rows of 1, 2 numbers"), ("1..2", "got '1..2'"),
    ("nan", "finite numbers, got 'nan'"),
])
def test_parse_matrix_refuses_what_is_not_numbers(text, message):
    with pytest.raises(ValueError, match=message):
        parse_matrix(text)


def test_the_lecture_update_typed_to_four_or_three_decimals_is_right():
    expected = np.array([[0.15374298, 0.14625702], [0.32687149, 0.37312851]])
    assert grade("0.1537, 0.1463; 0.3269, 0.3731", expected).right is True
    assert grade("0.154 0.146 0.327 0.373", expected).right is True  # flat, row by row


def test_the_slide_printed_update_is_wrong_at_eta_one_tenth():
    expected = np.array([[0.15374298, 0.14625702], [0.32687149, 0.37312851]])
    verdict = grade("0.105, 0.194; 0.302, 0.397", expected)
    assert verdict.right is False
    assert "4 of 4 entries" in verdict.message


def test_tolerance_is_absolute_and_inclusive_of_rounding():
    assert TOLERANCE == 5e-4
    assert grade("0.7714", 0.7709570).right is True
    assert grade("0.7716", 0.7709570).right is False
    assert grade("0.7716", 0.7709570).message.startswith("Not quite: it is off")


def test_wrong_shape_says_what_was_expected():
    verdict = grade("0.25", [0.25, 0.4])
    assert verdict.right is False
    assert verdict.message == "Expected 2 numbers, got 1."
    verdict = grade("1, 2; 3, 4; 5, 6", np.zeros((2, 2)))
    assert "a 2 × 2 matrix" in verdict.message


def test_empty_and_unreadable_answers_are_not_graded():
    assert grade("  ", [1.0]).right is None
    unreadable = grade("zero point two", [0.2])
    assert unreadable.right is None
    assert "zero" not in unreadable.message  # typed text is never echoed into markdown


def test_verdicts_follow_the_language(monkeypatch):
    from ui import i18n

    monkeypatch.setattr(i18n, "language", lambda: "vi")
    assert grade("0.25", [0.25]).message == "Đúng (sai số không quá 0.0005)."
    assert grade("0.25", [0.25, 0.4]).message == "Cần 2 số, nhận được 1."
    assert grade("1, 1", [0.25, 0.4]).message.startswith("Chưa đúng: 2 trong 2 phần tử")
