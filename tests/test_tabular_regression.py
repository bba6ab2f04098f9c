"""An uploaded table whose target is a number: prepared as a regression, its target scaled for
training and read back in its units, its predictions downloaded in those units."""

import csv
import io

import numpy as np
import pytest

from mlp_core.tabular import DataError, load_csv, predictions_csv, to_dataset
from mlp_core.training import TrainConfig, fit
from tests.test_tabular import rows

# A price that grows with the size, in the hundreds: too many fractions to be classes. (Sizes
# repeat: a column of all-different whole numbers looks like an id and is left out.)
PRICES = rows(["size", "rooms", "price"],
              *[[20 + i // 2, i % 4, round(120.5 + 3.25 * (20 + i // 2) + (i % 7) * 0.75, 2)]
                for i in range(60)])


def test_a_continuous_target_is_refused_as_classes_and_offered_as_a_number():
    with pytest.raises(DataError) as refused:
        load_csv(PRICES)
    assert refused.value.code == "continuous_target"
    data = load_csv(PRICES, task="regression")
    assert data.task == "regression" and data.classes == ("price",)
    assert data.features == ("size", "rooms") and len(data.y) == 60
    np.testing.assert_allclose(data.y[:3], [185.5, 186.25, 190.25])


def test_the_dataset_scales_the_target_and_reads_it_back_in_its_units():
    ds = to_dataset(load_csv(PRICES, task="regression"), seed=1)
    assert ds.regression and ds.split.kind == "continuous" and ds.n_classes == 1
    assert ds.y_train.mean() == pytest.approx(0, abs=1e-5)
    raw = np.sort(np.concatenate([ds.target_values(ds.y_train), ds.target_values(ds.y_test)]))
    expected = np.sort(load_csv(PRICES, task="regression").y)
    np.testing.assert_allclose(raw, expected, rtol=1e-5)
    assert "a number to predict" in ds.description


def test_a_regression_trains_on_an_upload_and_downloads_its_predictions_in_its_units():
    data = load_csv(PRICES, task="regression")
    ds = to_dataset(data, seed=0)
    trainer = fit(TrainConfig(hidden=(), optimizer="adam", lr=0.05, batch_size=None,
                              epochs=300, loss="mse"), ds.X_train, ds.y_train, ds.X_test, ds.y_test)
    assert trainer.history.test_acc[-1] > 0.95  # the price is nearly a line in the size
    text = predictions_csv(data, trainer.predict, scaler=ds.scaler,
                           target_values=ds.target_values)
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0]) == ["row", "size", "rooms", "price", "predicted price"]
    predicted = np.array([float(r["predicted price"]) for r in table])
    expected = ds.target_values(trainer.predict(ds.scaler.transform(data.X).astype(np.float32)))
    np.testing.assert_allclose(predicted, expected, rtol=1e-5)
    assert np.abs(predicted - data.y).mean() < 3  # in dollars, not in standard deviations


@pytest.mark.parametrize("table, code", [
    (rows(["x", "colour"], *[[i, "red" if i % 2 else "blue"] for i in range(10)]),
     "regression_target"),
    (rows(["x", "y"], *[[i, 2.5] for i in range(10)]), "constant_target"),
])
def test_a_target_that_is_not_a_number_to_predict_is_refused(table, code):
    with pytest.raises(DataError) as refused:
        load_csv(table, task="regression")
    assert refused.value.code == code


def test_rows_without_a_target_value_are_left_out_with_a_note():
    table = rows(["x", "y"], *[[i, "" if i in (3, 7) else i * 1.5] for i in range(12)])
    data = load_csv(table, task="regression")
    assert len(data.y) == 10 and 4 not in data.rows and 8 not in data.rows
    assert [n.code for n in data.notes].count("no_target") == 1
