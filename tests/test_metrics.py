"""Metrics against hand-computed cases and sklearn.metrics."""

import re
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as sk_metrics

from mlp_core.metrics import (
    REPORT_COLUMNS,
    accuracy,
    confusion_matrix,
    misclassified,
    normalized_confusion_matrix,
    per_class_report,
    row_normalize,
)

# A small case worked by hand: 6 samples, 4 classes, class 3 never appears.
Y_TRUE = [0, 0, 1, 2, 2, 2]
Y_PRED = [0, 1, 1, 2, 0, 2]
CM = [[1, 1, 0, 0], [0, 1, 0, 0], [1, 0, 2, 0], [0, 0, 0, 0]]


def _raises(message: str):
    return pytest.raises(ValueError, match=re.escape(message))


def test_accuracy_by_hand():
    assert accuracy(Y_TRUE, Y_PRED) == pytest.approx(4 / 6)
    assert accuracy([1, 1], [1, 1]) == 1.0
    assert isinstance(accuracy([0], [1]), float)


def test_accuracy_of_the_lecture_iris_evaluation():
    # 45 test flowers, one wrong: the lecture prints tensor(0.9778).
    y_true = np.zeros(45, dtype=int)
    y_pred = y_true.copy()
    y_pred[7] = 2
    assert accuracy(y_true, y_pred) == pytest.approx(44 / 45)
    assert round(accuracy(y_true, y_pred), 4) == 0.9778


def test_confusion_matrix_by_hand_keeps_absent_class():
    cm = confusion_matrix(Y_TRUE, Y_PRED, n_classes=4)
    np.testing.assert_array_equal(cm, CM)
    assert cm.dtype == np.int64 and cm.shape == (4, 4)


def test_confusion_matrix_of_one_class_is_the_count():
    np.testing.assert_array_equal(confusion_matrix([0, 0, 0], [0, 0, 0], 1), [[3]])


def test_row_normalize_by_hand_has_no_nan():
    expected = [[0.5, 0.5, 0, 0], [0, 1, 0, 0], [1 / 3, 0, 2 / 3, 0], [0, 0, 0, 0]]
    np.testing.assert_allclose(row_normalize(CM), expected)
    np.testing.assert_allclose(normalized_confusion_matrix(Y_TRUE, Y_PRED, 4), expected)
    assert not np.isnan(row_normalize(np.zeros((3, 3)))).any()


def test_normalized_matches_sklearn_normalize_true():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 4, 50), rng.integers(0, 5, 50)
    ours = normalized_confusion_matrix(y_true, y_pred, 5)
    theirs = sk_metrics.confusion_matrix(y_true, y_pred, labels=range(5), normalize="true")
    np.testing.assert_allclose(ours, theirs)
    np.testing.assert_array_equal(ours[4], 0)  # class 4 is never a true label


def test_per_class_report_by_hand():
    report = per_class_report(Y_TRUE, Y_PRED, ["a", "b", "c", "d"])
    assert tuple(report.columns) == REPORT_COLUMNS
    assert report["class"].tolist() == ["a", "b", "c", "d"]
    np.testing.assert_allclose(report["precision"], [0.5, 0.5, 1.0, 0.0])
    np.testing.assert_allclose(report["recall"], [0.5, 1.0, 2 / 3, 0.0])
    np.testing.assert_allclose(report["f1"], [0.5, 2 / 3, 0.8, 0.0])
    assert report["support"].tolist() == [2, 1, 3, 0]


def test_per_class_report_matches_sklearn_classification_report():
    rng = np.random.default_rng(1)
    y_true, y_pred = rng.integers(0, 3, 80), rng.integers(0, 3, 80)
    names = ["setosa", "versicolor", "virginica"]
    report = per_class_report(y_true, y_pred, names)
    theirs = sk_metrics.classification_report(
        y_true, y_pred, labels=range(3), target_names=names, output_dict=True, zero_division=0
    )
    for row in report.itertuples():
        ref = theirs[row[1]]
        assert row.precision == pytest.approx(ref["precision"])
        assert row.recall == pytest.approx(ref["recall"])
        assert row.f1 == pytest.approx(ref["f1-score"])
        assert row.support == ref["support"]


@pytest.mark.parametrize("seed", range(6))
def test_per_class_report_gives_sklearns_numbers_exactly(seed):
    # Counted from the confusion matrix: the same divisions as sklearn's, bit for bit, classes
    # never predicted or never present (a zero division) included.
    rng = np.random.default_rng(seed)
    n_classes = int(rng.integers(2, 6))
    y_true = rng.integers(0, n_classes - 1, 40)  # the last class never appears
    y_pred = rng.integers(0, n_classes, 40)
    y_pred[y_pred == 0] = 1  # nor is class 0 ever predicted
    report = per_class_report(y_true, y_pred, [f"c{k}" for k in range(n_classes)])
    theirs = sk_metrics.precision_recall_fscore_support(y_true, y_pred,
                                                        labels=range(n_classes), zero_division=0)
    for column, expected in zip(("precision", "recall", "f1", "support"), theirs, strict=True):
        np.testing.assert_array_equal(report[column].to_numpy(), expected)


def test_misclassified_by_hand():
    wrong = misclassified(Y_TRUE, Y_PRED)
    np.testing.assert_array_equal(wrong, [1, 4])
    assert wrong.dtype == np.int64
    assert misclassified([2, 2], [2, 2]).shape == (0,)


def test_accepts_torch_tensors():
    y_true, y_pred = torch.tensor(Y_TRUE), torch.tensor(Y_PRED)
    assert accuracy(y_true, y_pred) == pytest.approx(4 / 6)
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred, 4), CM)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: accuracy([0, 1], [0]), "y_pred must have shape (2,), got (1,)."),
        (lambda: accuracy([[0, 1]], [[0, 1]]), "y_true must have shape (n,), got (1, 2)."),
        (lambda: accuracy([], []), "y_true must hold at least 1 label, got 0."),
        (
            lambda: confusion_matrix([0, 3], [0, 1], 3),
            "y_true must hold class indices in [0, 3), got 3.",
        ),
        (
            lambda: confusion_matrix([0, 1], [0, -1], 3),
            "y_pred must hold class indices in [0, 3), got -1.",
        ),
        (lambda: confusion_matrix([0], [0], 0), "n_classes must be an integer >= 1, got 0."),
        (lambda: confusion_matrix([0], [0], 2.0), "n_classes must be an integer >= 1, got 2.0."),
        (
            lambda: row_normalize([[1, 2, 3]]),
            "cm must be a square matrix (n_classes, n_classes), got (1, 3).",
        ),
        (
            lambda: per_class_report([0, 2], [0, 1], ["a", "b"]),
            "y_true must hold class indices in [0, 2), got 2.",
        ),
        (lambda: per_class_report([0], [0], []), "class_names must name at least 1 class, got 0."),
        (lambda: misclassified([0, 1, 2], [0, 1]), "y_pred must have shape (3,), got (2,)."),
    ],
)
def test_validation_messages(call, message):
    with _raises(message):
        call()


labels = st.integers(1, 6).flatmap(
    lambda c: st.integers(1, 60).flatmap(
        lambda n: st.tuples(
            st.just(c),
            st.lists(st.integers(0, c - 1), min_size=n, max_size=n),
            st.lists(st.integers(0, c - 1), min_size=n, max_size=n),
        )
    )
)


@settings(max_examples=60, deadline=None)
@given(labels)
def test_properties_agree_with_sklearn(case):
    n_classes, y_true, y_pred = case
    cm = confusion_matrix(y_true, y_pred, n_classes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn's own note on a (1, 1) matrix
        reference = sk_metrics.confusion_matrix(y_true, y_pred, labels=range(n_classes))
    np.testing.assert_array_equal(cm, reference)
    assert cm.sum() == len(y_true)
    np.testing.assert_array_equal(cm.sum(axis=1), np.bincount(y_true, minlength=n_classes))
    assert accuracy(y_true, y_pred) == pytest.approx(np.trace(cm) / len(y_true))
    assert accuracy(y_true, y_pred) == pytest.approx(sk_metrics.accuracy_score(y_true, y_pred))
    assert len(misclassified(y_true, y_pred)) == len(y_true) - np.trace(cm)
    sums = row_normalize(cm).sum(axis=1)
    np.testing.assert_allclose(sums, np.where(cm.sum(axis=1) > 0, 1.0, 0.0))
