"""Write the sample CSVs shipped in data/ (run once: PYTHONPATH=. python data/make_samples.py)."""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn import datasets as sk_datasets

from mlp_core.datasets import hours_pass_frame, hours_score_frame

HERE = Path(__file__).resolve().parent


def iris() -> pd.DataFrame:
    """Iris with readable column names and the species as text, as a student would find it."""
    bunch = sk_datasets.load_iris()
    frame = pd.DataFrame(bunch.data, columns=["sepal_length", "sepal_width", "petal_length",
                                              "petal_width"])
    frame["species"] = np.asarray(bunch.target_names)[bunch.target]
    return frame


def moons(n_samples: int = 200, noise: float = 0.15, seed: int = 0) -> pd.DataFrame:
    X, y = sk_datasets.make_moons(n_samples, noise=noise, random_state=seed)
    return pd.DataFrame({"x1": X[:, 0].round(4), "x2": X[:, 1].round(4), "moon": y})


def main() -> None:
    samples = {"iris.csv": iris(), "hours_pass.csv": hours_pass_frame(),
               "hours_score.csv": hours_score_frame(), "moons.csv": moons()}
    for name, frame in samples.items():
        frame.to_csv(HERE / name, index=False)
        print(name, frame.shape, (HERE / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
