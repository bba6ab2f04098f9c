"""The results' tables: built once for what they show, and what they show is the run's."""

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from mlp_core.metrics import confusion_matrix as counts_of
from mlp_core.metrics import row_normalize
from ui import i18n
from ui.figures.live_charts import confusion_chart
from ui.studio import results

NAMES = ("setosa", "versicolor", "virginica")
Y = np.array([0, 0, 1, 1, 2, 2, 2, 2, 1])
PREDICTED = np.array([0, 1, 1, 1, 2, 0, 2, 2, 2])


def test_the_same_matrix_is_one_table_for_every_session():
    counts = counts_of(Y, PREDICTED, 3)
    table = results.matrix_table(counts, NAMES, normalized=False)
    # Another session's run with the same matrix (its own arrays) draws the same table.
    assert results.matrix_table(counts.copy(), list(NAMES), normalized=False) is table
    np.testing.assert_array_equal(table.values.to_numpy(), confusion_matrix(Y, PREDICTED))
    shares = results.matrix_table(counts, NAMES, normalized=True)
    assert shares is not table
    np.testing.assert_allclose(shares.values.to_numpy(),
                               confusion_matrix(Y, PREDICTED, normalize="true"), rtol=1e-12)
    other = counts_of(Y, np.roll(PREDICTED, 1), 3)
    assert not np.array_equal(other, counts)
    np.testing.assert_array_equal(results.matrix_table(other, NAMES, False).values.to_numpy(),
                                  other)


def test_the_report_is_the_runs_whichever_session_built_it():
    counts = counts_of(Y, PREDICTED, 3)
    report = results.report_of(counts, Y, PREDICTED, NAMES)
    # The same matrix from other rows in another order: the same scores, so the same table.
    order = np.random.default_rng(0).permutation(len(Y))
    assert results.report_of(counts_of(Y[order], PREDICTED[order], 3), Y[order],
                             PREDICTED[order], NAMES) is report
    precision, recall, f1, support = precision_recall_fscore_support(Y, PREDICTED,
                                                                     zero_division=0)
    values = report.values
    np.testing.assert_allclose(values.iloc[:, 1:4].to_numpy(),
                               np.column_stack([precision, recall, f1]), rtol=1e-12)
    np.testing.assert_array_equal(values.iloc[:, 4], support)


def test_a_table_in_another_language_is_its_own(monkeypatch):
    counts = np.array([[3, 1], [0, 4]])
    english = results.matrix_table(counts, ("a", "b"), False)
    for module in (i18n, results):  # t() and the tables' key read the session's language
        monkeypatch.setattr(module, "language", lambda: "vi")
    vietnamese = results.matrix_table(counts, ("a", "b"), False)
    assert vietnamese is not english
    assert vietnamese.values.index.name == i18n.catalogue("vi")["studio.fig.true_predicted"]
    assert english.values.index.name == i18n.catalogue("en")["studio.fig.true_predicted"]
    np.testing.assert_array_equal(vietnamese.values.to_numpy(), english.values.to_numpy())


def test_a_playback_frames_chart_is_built_once_and_is_the_matrices():
    train, test = counts_of(Y, PREDICTED, 3), counts_of(Y[:5], PREDICTED[:5], 3)
    matrices = [("train at 3", train), ("test at 3", test)]
    chart = results.frame_chart(matrices, NAMES, normalized=True)
    again = [("train at 3", train.copy()), ("test at 3", test.copy())]  # another session's
    assert results.frame_chart(again, NAMES, normalized=True) is chart
    assert chart == confusion_chart([("train at 3", row_normalize(train)),
                                     ("test at 3", row_normalize(test))], NAMES, True)
    # Another epoch's title, or counts instead of shares, is another chart.
    assert results.frame_chart([("train at 4", train), ("test at 4", test)], NAMES, True) \
        is not chart
    counts = results.frame_chart(matrices, NAMES, normalized=False)
    cells = {tuple(cell["value"][:2]): cell["value"][2] for cell in counts["series"][0]["data"]}
    assert cells == {(j, i): int(train[i, j]) for i in range(3) for j in range(3)}
