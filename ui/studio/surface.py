"""A regression's view of the plane: the predicted value as a shaded surface, with the samples
coloured by their target, both in the target's own units (live.py draws it where a
classification's decision regions go, over the same plane)."""

from __future__ import annotations

import numpy as np

from mlp_core.datasets import Dataset
from mlp_core.regions import Plane, value_grid
from mlp_core.training import Snapshot, Trainer
from ui.figures.live_charts import REGION_HEIGHT
from ui.figures.regression_charts import line_chart, surface_chart


def surface_view(t: Trainer | Snapshot, ds: Dataset, features: tuple[int, int], resolution: int,
                 plane: Plane | None, axes: tuple[str, str], height: int = REGION_HEIGHT) -> dict:
    """The chart of t's predictions over two features (or `plane`, PC1 x PC2), to scale.

    The colour scale spans the targets' range, so a surface that overshoots it shows at full
    strength and one that has learned nothing yet stays pale.
    """
    if plane is not None:
        xs, ys, values = value_grid(lambda points: t.predict(plane.lift(points)),
                                    plane.project(ds.X_all), resolution=resolution, square=True)
        place = plane.project
    else:
        xs, ys, values = value_grid(t.predict, ds.X_all, features=features,
                                    resolution=resolution, square=True, made=ds.made)

        def place(rows):
            return rows[:, features]

    parts = [("train", place(ds.X_train), ds.target_values(ds.y_train))]
    if ds.n_test:
        parts.append(("test", place(ds.X_test), ds.target_values(ds.y_test)))
    targets = np.concatenate([target for *_, target in parts])
    shown = ds.target_values(values.ravel()).reshape(values.shape)
    return surface_chart(xs, ys, shown, parts, axes, (float(targets.min()), float(targets.max())),
                         untrained=t.epoch == 0, height=height)


LINE_POINTS = 200  # along the one feature: a smooth line for any network the studio builds
MARGIN = 0.5  # beyond the data on either side, as the regions' grid


def line_view(t: Trainer | Snapshot, ds: Dataset, axis: str) -> dict:
    """The chart of t's prediction along a dataset's one feature, with the samples."""
    X = ds.X_all[:, 0]
    xs = np.linspace(X.min() - MARGIN, X.max() + MARGIN, LINE_POINTS, dtype=np.float32)
    predicted = ds.target_values(t.predict(xs[:, None]))
    parts = [("train", ds.X_train[:, 0], ds.target_values(ds.y_train))]
    if ds.n_test:
        parts.append(("test", ds.X_test[:, 0], ds.target_values(ds.y_test)))
    return line_chart(xs, predicted, parts, axis, ds.class_names[0], untrained=t.epoch == 0)
