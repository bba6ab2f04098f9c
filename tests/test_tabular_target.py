"""tabular.guess_target: a new table's default target is the column most likely to hold classes."""

from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from sklearn.datasets import load_wine

from mlp_core.tabular import MAX_CLASSES, parse_csv, prepare
from mlp_core.tabular import guess_target as guess

ROOT = Path(__file__).resolve().parents[1]


def table(frame: pd.DataFrame):
    return parse_csv(frame.to_csv(index=False).encode())


def wine_with_price() -> pd.DataFrame:
    """scikit-learn's wine with its cultivar as text in front and a continuous price last."""
    bunch = load_wine(as_frame=True)
    frame = bunch.data.copy()
    frame.insert(0, "cultivar", [str(bunch.target_names[k]) for k in bunch.target])
    frame["price"] = np.random.default_rng(0).uniform(5, 60, len(frame)).round(2)
    return frame


def test_a_continuous_last_column_gives_way_to_a_text_column_with_few_values():
    parsed = table(wine_with_price())
    assert parsed.kinds["price"] == "number" and parsed.kinds["cultivar"] == "text"
    assert guess(parsed) == "cultivar"
    data = prepare(parsed, guess(parsed))  # and it is a target prepare accepts
    assert list(data.classes) == ["class_0", "class_1", "class_2"]
    assert len(data.features) == 14  # the 13 measurements and the price


def test_every_sample_file_keeps_its_last_column():
    # The shipped samples end with their label, as most tables do: text, 0/1 and 0/1/2.
    for path in sorted((ROOT / "data").glob("*.csv")):
        parsed = parse_csv(path)
        assert guess(parsed) == parsed.frame.columns[-1], path.name


def test_a_last_column_of_labels_stays_even_when_text_columns_come_before_it():
    frame = pd.DataFrame({"sex": ["f", "m"] * 10, "port": ["a", "b", "c", "a"] * 5,
                          "fare": np.linspace(5, 80, 20), "survived": [0, 1, 1, 0] * 5})
    assert guess(table(frame)) == "survived"


def test_without_text_a_few_distinct_numbers_are_the_next_best_labels():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"row": np.arange(1, 41), "grade": rng.integers(1, 4, 40),
                          "x": rng.normal(size=40), "y": rng.normal(size=40)})
    # row numbers 1..40 are distinct integers: an ID, never a label
    assert guess(table(frame)) == "grade"
    assert guess(table(frame.drop(columns="grade"))) == "y"  # nothing like labels: the last


def test_a_text_column_of_names_is_not_taken_for_labels():
    frame = pd.DataFrame({"name": [f"n{k}" for k in range(30)],
                          "x": np.linspace(0, 1, 30), "y": np.linspace(1, 2, 30) ** 2})
    assert guess(table(frame)) == "y"


@given(st.integers(2, 6), st.integers(0, 5), st.integers(2, 8), st.integers(20, 60),
       st.integers(0, 2**32 - 1))
def test_a_guess_other_than_the_last_column_is_a_target_prepare_accepts(
        n_numbers, at, n_classes, n_rows, seed):
    # Continuous measurements, one text column of classes anywhere, a continuous column last.
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({f"m{j}": rng.normal(size=n_rows).round(3) + 0.001
                          for j in range(n_numbers)})
    labels = [f"c{k}" for k in rng.integers(0, n_classes, n_rows)]
    frame.insert(min(at, n_numbers), "label", labels)
    frame["last"] = rng.uniform(0, 1, n_rows).round(4) + 0.0001
    parsed = table(frame)
    target = guess(parsed)
    assert target == ("label" if len(set(labels)) >= 2 else "last")
    if target != "last":
        data = prepare(parsed, target, missing="drop", singletons="keep")
        assert 2 <= len(data.classes) <= MAX_CLASSES
