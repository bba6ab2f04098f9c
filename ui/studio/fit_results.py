"""What a regression run got right and wrong: its scores in the target's units, predicted
against true values, the residuals, and one prediction (in place of a classification's
confusion matrices, mistakes and class probabilities)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from mlp_core.datasets import Dataset
from mlp_core.metrics import regression_scores
from mlp_core.training import Trainer
from ui import presenter
from ui.figures.regression_charts import FIT_HEIGHT, fit_chart, residuals_chart
from ui.format import fmt, plain
from ui.i18n import t
from ui.studio.results import sample_input

TABS = ("tab_fit", "tab_residuals", "tab_predict")  # studio.results.<tab>


def parts(run: Trainer, ds: Dataset) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """("train" | "test", true : (n,), predicted : (n,)) in the target's own units."""
    found = [("train", ds.X_train, ds.y_train)]
    if ds.n_test:
        found.append(("test", ds.X_test, ds.y_test))
    return [(part, ds.target_values(y), ds.target_values(run.predict(X)))
            for part, X, y in found]


def fit_block(run: Trainer, ds: Dataset) -> None:
    """R^2, MAE and RMSE of each part, and the predicted-against-true chart."""
    shown = parts(run, ds)
    for part, true, predicted in shown:
        scores = regression_scores(true, predicted)
        st.markdown(t("studio.results.scores", part=t(f"studio.results.{part}"), n=len(true),
                      epoch=run.model_epoch, r2=fmt(scores.r2), mae=fmt(scores.mae),
                      rmse=fmt(scores.rmse)))
    target = plain(ds.class_names[0])
    if ds.target_scaler is not None:
        st.caption(t("studio.results.units_note", target=target))
    presenter.echart(fit_chart(shown, ds.class_names[0]), key="studio.fit_chart",
                     height=FIT_HEIGHT)


def residuals_block(run: Trainer, ds: Dataset) -> None:
    st.caption(t("studio.results.residuals_note"))
    presenter.echart(residuals_chart(parts(run, ds), ds.class_names[0]),
                     key="studio.residuals_chart", height=FIT_HEIGHT)


def predict_block(run: Trainer, ds: Dataset) -> None:
    """Type a sample (or pick one) and see the value the network predicts for it."""
    x, label = sample_input(ds)
    value, label = ds.target_values(run.predict(x)), ds.target_values([label])
    st.markdown(t("studio.results.predicted_value", target=plain(ds.class_names[0]),
                  value=fmt(value[0]), label=fmt(label[0])))


BLOCKS = (fit_block, residuals_block, predict_block)
