"""The data download: any source's Dataset as a CSV a person reads, checked by reading it back."""

import io

import numpy as np
import pandas as pd
import pytest
from sklearn import datasets as sk_datasets

from mlp_core.datasets import (
    DataSpec,
    hours_score_values,
    load_diabetes,
    load_iris,
    split_and_scale,
    toy_points,
)
from mlp_core.export import MAX_DATA_VALUES, dataset_csv
from mlp_core.points import Points


def read(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text))


def sorted_rows(rows: np.ndarray) -> np.ndarray:
    return rows[np.lexsort(rows.T[::-1])]


def test_iris_reads_back_as_the_lecture_table_with_its_split():
    ds = load_iris()
    frame = read(dataset_csv(ds))
    assert list(frame.columns) == ["split", *ds.feature_names, "class"]
    assert (frame["split"] == "train").sum() == 105 and (frame["split"] == "test").sum() == 45
    assert list(frame["split"]) == ["train"] * 105 + ["test"] * 45  # train rows, then test rows
    X = frame[list(ds.feature_names)].to_numpy()
    np.testing.assert_allclose(X, ds.scaler.inverse_transform(ds.X_all.astype(float)), rtol=1e-8)
    # In centimetres again: the very rows scikit-learn ships, up to float32's rounding.
    raw = sk_datasets.load_iris()
    np.testing.assert_allclose(sorted_rows(X), sorted_rows(raw.data), atol=2e-6)
    assert list(frame["class"]) == [raw.target_names[c] for c in ds.y_all]
    assert frame["class"].value_counts().to_dict() == {"setosa": 50, "versicolor": 50,
                                                       "virginica": 50}


def test_a_regression_has_its_target_last_in_its_own_units():
    ds = load_diabetes(seed=4)
    frame = read(dataset_csv(ds))
    assert list(frame.columns) == ["split", *ds.feature_names, "progression"]
    raw = sk_datasets.load_diabetes()
    np.testing.assert_allclose(np.sort(frame["progression"]), np.sort(raw.target), rtol=1e-6)
    np.testing.assert_allclose(frame["progression"], ds.target_values(ds.y_all), rtol=1e-7)


def test_the_lecture_hours_table_is_all_train_and_unscaled():
    frame = read(dataset_csv(hours_score_values()))
    assert list(frame.columns) == ["split", "Hours", "Score"]
    assert set(frame["split"]) == {"train"}
    assert frame["Hours"].tolist() == [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0]
    assert frame["Score"].tolist() == [0, 0, 1, 1, 2, 2, 3, 3]


def test_points_edited_by_hand_are_the_points_downloaded():
    X, y = toy_points("moons", n_samples=40, seed=5)
    points = Points.of(X, y).added((2.5, -1.25), 0).without(0)
    frame = read(dataset_csv(DataSpec("moons", n_samples=40, seed=5, points=points).load()))
    assert len(frame) == 40 and list(frame.columns) == ["split", "x1", "x2", "class"]
    got = frame[["x1", "x2", "class"]].to_numpy(dtype=np.float64)
    want = np.column_stack(points.arrays())
    np.testing.assert_allclose(sorted_rows(got), sorted_rows(want), atol=1e-6)


def test_names_a_spreadsheet_would_run_are_written_as_text():
    ds = split_and_scale(np.arange(20.0).reshape(10, 2), [0, 1] * 5, ["=SUM(A1)", "+cmd"],
                         ["@evil", "plain"], seed=1)
    text = dataset_csv(ds)
    frame = read(text)
    assert list(frame.columns) == ["split", "'=SUM(A1)", "'+cmd", "class"]
    assert set(frame["class"]) == {"'@evil", "plain"}


def test_too_large_a_dataset_is_refused_with_its_size():
    n = MAX_DATA_VALUES // 12 + 1  # 10 features + split + class
    ds = split_and_scale(np.zeros((n, 10)), np.arange(n) % 2, [f"f{i}" for i in range(10)],
                         ["a", "b"], scale=False)
    with pytest.raises(ValueError, match=rf"at most {MAX_DATA_VALUES} numbers to be written as "
                                         rf"CSV, got {n * 12}\."):
        dataset_csv(ds)
    with pytest.raises(ValueError, match=r"dataset must be a Dataset, got str\."):
        dataset_csv("iris")
