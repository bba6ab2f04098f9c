"""Helpers of the "Your own data" page: where the table comes from and where it goes.

Everything a person uploaded is user text: it is shown with st.text / st.dataframe, or escaped
with ui.format.plain() before any Markdown element (st.error renders Markdown).
"""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from mlp_core.csv_reader import MAX_BYTES, MAX_COLUMNS, MAX_ROWS, DataError, parse_csv
from mlp_core.datasets import Dataset
from mlp_core.tabular import (
    TabularData,
    predictions_csv,
    subsample,
    to_dataset,
    usable_features,
)
from ui import state
from ui.studio.data import MAX_UPLOADED_ROWS, UPLOADED

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
SAMPLES = {"Iris": "iris.csv", "Hours → Pass": "hours_pass.csv",
           "Hours → Score": "hours_score.csv", "Moons": "moons.csv"}
DEFAULT_SAMPLE = "Iris"  # the lecture's dataset
MAX_UPLOAD_MB = MAX_BYTES // 2**20
PREVIEW_ROWS = 20
LIMITS = (f"Limits: {MAX_UPLOAD_MB} MB per file, {MAX_ROWS:,} rows, {MAX_COLUMNS:,} columns, "
          f"50 classes. The studio trains on at most {MAX_UPLOADED_ROWS:,} rows: a larger table "
          "is sampled at random.")
MISSING_LABELS = {"drop": "Leave out rows with a missing value",
                  "impute": "Fill in: mean of the column, or its most frequent value"}
SINGLETON_LABELS = {"drop": "Leave out classes with a single row",
                    "keep": "Keep them (plain random split instead of a stratified one)"}
# The studio's own keys, written once when the data is handed over (see ui/state.py STUDIO).
STUDIO_SOURCE, STUDIO_TRAINER, STUDIO_DATASET = "studio.source", "studio.trainer", "studio.dataset"

K = {key.split(".", 1)[1]: key for key in state.YOUR_DATA}  # "parsed" -> "your_data.parsed"


def safe_name(file_name: str) -> str:
    """A file name reduced to letters, digits, spaces and . _ - so no page can misrender it."""
    return re.sub(r"[^\w .-]", "_", file_name)[:60] or "uploaded"


def show_table(parsed, name: str) -> None:
    """Put a freshly parsed table on show, with its default target and features."""
    ss = st.session_state
    target = parsed.frame.columns[-1]
    ss[K["parsed"]], ss[K["name"]], ss[K["error"]] = parsed, name, ""
    ss[K["target"]] = target
    ss[K["features"]] = usable_features(parsed, target)[0]


def load_sample(label: str) -> None:
    """on_click: one of the shipped sample files."""
    show_table(parse_csv(DATA_DIR / SAMPLES[label]), SAMPLES[label])


def ensure_table() -> None:
    """The lecture's Iris on show when nothing else is."""
    if st.session_state[K["parsed"]] is None:
        load_sample(DEFAULT_SAMPLE)


def reset() -> None:
    """on_click: back to Iris; the file still in the uploader is not read again."""
    file_id = st.session_state[K["file_id"]]
    state.reset(state.YOUR_DATA)
    st.session_state[K["file_id"]] = file_id
    load_sample(DEFAULT_SAMPLE)


def take_upload(uploaded) -> None:
    """Read a new upload once; a refusal keeps the table already on show."""
    ss = st.session_state
    if uploaded is None or uploaded.file_id == ss[K["file_id"]]:
        return
    ss[K["file_id"]] = uploaded.file_id
    try:
        parsed = parse_csv(uploaded.getvalue())
    except DataError as error:
        ss[K["error"]] = f"{uploaded.name}: {error}"
        return
    show_table(parsed, uploaded.name)


def default_features() -> None:
    """on_change of the target: the usable other columns become the features."""
    ss = st.session_state
    ss[K["features"]] = usable_features(ss[K["parsed"]], ss[K["target"]])[0]


def hand_to_studio(data: TabularData, test_size: float, seed: int) -> Dataset:
    """Split and scale, then share with the studio (the studio reads state.SHARED_DATASET)."""
    ss = st.session_state
    sample = subsample(data, MAX_UPLOADED_ROWS, seed)
    dataset = to_dataset(sample, test_size=test_size, seed=seed, name=safe_name(ss[K["name"]]))
    ss[state.SHARED_DATASET] = dataset
    ss[K["prepared"]], ss[K["dataset"]] = sample, dataset
    ss[STUDIO_SOURCE] = UPLOADED  # so the studio opens on this data
    return dataset


def trained_on_this_data():
    """The studio's Trainer when it trained on the dataset handed over from here, else None."""
    ss = st.session_state
    trainer, ours = ss.get(STUDIO_TRAINER), ss.get(K["dataset"])
    if trainer is None or ours is None or ss.get(STUDIO_DATASET) is not ours:
        return None
    return trainer if trainer.epoch > 0 else None


def predictions_block() -> None:
    """A download of every uploaded row with its predicted class, once a model is trained."""
    trainer = trained_on_this_data()
    if trainer is None:
        st.info("Train a model on this data in the studio first; then come back here to download "
                "its predictions for every uploaded row.")
        return
    data, dataset = st.session_state[K["prepared"]], st.session_state[K["dataset"]]
    st.text(f"A model trained for {trainer.epoch} epochs on {dataset.name} is ready.")
    st.download_button(
        "Download predictions (CSV)", key="your_data.download",
        data=lambda: predictions_csv(data, trainer.predict_proba, scaler=dataset.scaler),
        file_name="predictions.csv", mime="text/csv",
        help="Every uploaded row, its predicted class and the probability of each class. Cells "
             "that a spreadsheet would run as a formula begin with a quote.",
    )
