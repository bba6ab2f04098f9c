"""Real tables through the whole path: sklearn's data as a CSV, load_csv, to_dataset, fit.

The trained MLP's test accuracy must be within 0.03 of scikit-learn's MLPClassifier with the same
hidden layer, optimizer, learning rate and epochs, on the same split of the same prepared table.
"""

import warnings

import numpy as np
import pytest
from sklearn import datasets as sk_datasets
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from mlp_core.tabular import load_csv, to_dataset
from mlp_core.training import TrainConfig, fit

HIDDEN, LR, EPOCHS, SEED = (16,), 0.01, 300, 0
# name -> (rows, classes, columns left out because they are constant)
TABLES = {"wine": (178, 3, 0), "breast_cancer": (569, 2, 0), "digits": (1797, 10, 3)}


def exported_csv(name: str) -> bytes:
    """The dataset as a person would download it: feature columns and a 'target' column."""
    frame = getattr(sk_datasets, f"load_{name}")(as_frame=True).frame
    return frame.to_csv(index=False).encode()


@pytest.mark.parametrize("name", list(TABLES))
def test_accuracy_matches_scikit_learn(name):
    n_rows, n_classes, n_constant = TABLES[name]
    data = load_csv(exported_csv(name), target="target")
    assert data.X.shape[0] == n_rows and len(data.classes) == n_classes
    assert sum(note.code == "left_out_constant" for note in data.notes) == n_constant
    dataset = to_dataset(data, test_size=0.3, seed=SEED)
    assert dataset.split.stratified

    config = TrainConfig(hidden=HIDDEN, activation="relu", optimizer="adam", lr=LR,
                         batch_size=None, epochs=EPOCHS, seed=SEED)
    trainer = fit(config, dataset.X_train, dataset.y_train, dataset.X_test, dataset.y_test)
    ours = float(np.mean(trainer.predict(dataset.X_test) == dataset.y_test))

    reference = MLPClassifier(
        hidden_layer_sizes=HIDDEN, activation="relu", solver="adam", learning_rate_init=LR,
        batch_size=dataset.n_train, max_iter=EPOCHS, alpha=0.0, shuffle=False, tol=0.0,
        n_iter_no_change=EPOCHS + 1, random_state=SEED,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reference.fit(dataset.X_train, dataset.y_train)
    theirs = reference.score(dataset.X_test, dataset.y_test)
    assert ours >= 0.9
    assert abs(ours - theirs) <= 0.03, (ours, theirs)
