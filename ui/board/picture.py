"""The small regions picture a submission carries: the finished model's decision regions."""

from __future__ import annotations

import io

from PIL import Image

from mlp_core.datasets import Dataset
from mlp_core.regions import decision_grid, separating_pair
from mlp_core.training import Trainer
from ui.board import limits
from ui.figures.live_charts import region_colors


def regions_png(trainer: Trainer, ds: Dataset) -> bytes:
    """limits.PICTURE_PIXELS square, over the two features that separate the classes best (the
    studio's default view), coloured as the studio colours its regions; PNG bytes."""
    features = (0, 1) if ds.n_base_features == 2 else separating_pair(ds.X_train, ds.y_train)
    grid = decision_grid(trainer.predict_proba, ds.X_all, features=features,
                         resolution=limits.PICTURE_PIXELS, square=True, made=ds.made)
    buffer = io.BytesIO()
    # The grid's row 0 is its bottom row; a picture's is its top.
    Image.fromarray(region_colors(grid.proba)[::-1], "RGB").save(buffer, format="PNG",
                                                                  optimize=True)
    return buffer.getvalue()
