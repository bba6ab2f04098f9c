"""Helpers of the "Your own data" page: where the table comes from and where it goes.

Everything a person uploaded is user text: it is shown with st.text / st.dataframe, or escaped
with ui.format.plain() before any Markdown element (st.error renders Markdown). mlp_core refuses
a table with a DataError in English and a code; error_text() says it in the session's language.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import streamlit as st

from mlp_core.csv_reader import MAX_BYTES, MAX_COLUMNS, MAX_ROWS, DataError, parse_csv
from mlp_core.datasets import Dataset
from mlp_core.tabular import (
    MAX_CLASSES,
    MAX_FEATURES,
    MAX_FILE_CELLS,
    MB,
    Note,
    Notes,
    TabularData,
    guess_target,
    predictions_csv,
    prepare,
    subsample,
    to_dataset,
    usable_features,
)
from ui import i18n, state
from ui.format import one_line
from ui.i18n import t
from ui.studio import session as studio
from ui.studio.data import MAX_UPLOADED_ROWS

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
# Sample -> its file; the button's label is "your_data.sample_<sample>" in the catalogue.
SAMPLES = {"iris": "iris.csv", "hours_pass": "hours_pass.csv",
           "hours_score": "hours_score.csv", "moons": "moons.csv"}
DEFAULT_SAMPLE = "iris"  # the lecture's dataset
MAX_UPLOAD_MB = MAX_BYTES // MB  # in the file chooser's megabytes, as every message states it
PREVIEW_ROWS = 20
REPORT_COLUMNS = ("column", "type", "distinct", "missing")  # ParsedTable.report's columns

K = {key.split(".", 1)[1]: key for key in state.YOUR_DATA}  # "parsed" -> "your_data.parsed"


def limits() -> str:
    """The size limits of an upload, one caption."""
    return t("your_data.limits", mb=MAX_UPLOAD_MB, rows=MAX_ROWS, columns=MAX_COLUMNS,
             cells=MAX_FILE_CELLS, classes=MAX_CLASSES, features=MAX_FEATURES,
             studio_rows=MAX_UPLOADED_ROWS)


# Streamlit writes its file chooser's button, limit and drop hint (the box without a test id,
# shown while a file is dragged over) in English, with no parameter to change them: the page's
# words are laid over them (the catalogue's text, no user text in this CSS). Once a file is
# chosen, its chip sits in a box without a test id too: that one keeps its own words.
UPLOADER = ".st-key-{key} [data-testid='stFileUploaderDropzone']"
DROP_HINT = "> div:not([data-testid]):not(:has([data-testid='stFileChips'])) span"
UPLOADER_WORDS = """<style>
{box} button p, {box} [data-testid='stFileUploaderDropzoneInstructions'] span,
{box} {drop_hint} {{ font-size: 0; }}
{box} button p::after {{ content: "{button}"; font-size: 0.875rem; }}
{box} {drop_hint}::after {{ content: "{drop}"; font-size: 1rem; }}
{box} [data-testid='stFileUploaderDropzoneInstructions'] span::after {{
  content: "{limit}"; font-size: 0.875rem;
}}
</style>"""


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def uploader_words(key: str = "your_data.upload", mb: int = MAX_UPLOAD_MB,
                   types: str = "CSV, TSV, TXT") -> None:
    """The file chooser's button, size limit and drop hint in the session's language, over the
    st.file_uploader of `key` (the studio's weights upload has one too)."""
    limit = t("your_data.uploader_limit", mb=mb, types=types)
    box = UPLOADER.format(key=key.replace(".", "-"))
    st.html(UPLOADER_WORDS.format(box=box, drop_hint=DROP_HINT,
                                  button=_css_string(t("your_data.uploader_button")),
                                  limit=_css_string(limit),
                                  drop=_css_string(t("your_data.uploader_drop"))))


def sample_label(sample: str) -> str:
    return t(f"your_data.sample_{sample}")


def missing_label(policy: str) -> str:
    """format_func of the missing-values radio (MISSING_POLICIES)."""
    return t(f"your_data.missing_{policy}")


def singleton_label(policy: str) -> str:
    """format_func of the single-row classes radio (SINGLETON_POLICIES)."""
    return t(f"your_data.singletons_{policy}")


def note_text(note: Note) -> str:
    """A note on the table in the session's language (the catalogue's your_data.note_<code>)."""
    return t(f"your_data.note_{note.code}", **note.values)


def error_text(error: Exception) -> str:
    """A refusal of an upload in the session's language (the catalogue's your_data.error_<code>).

    Notes inside a refusal (why each column was left out) are worded in the same language.
    """
    values = getattr(error, "values", {})
    notes = {name: " ".join(note_text(note) for note in value)
             for name, value in values.items() if isinstance(value, Notes)}
    if notes:
        error = DataError(str(error), error.code, {**values, **notes})
    return i18n.error_text(error, "your_data.error_")


def refusal() -> str:
    """The last refused upload, "name: why", or "" when the last one was read."""
    refused = st.session_state[K["error"]]
    if not refused:
        return ""
    name, error = refused
    return f"{one_line(name)}: {error_text(error)}"


def report_view(report: pd.DataFrame) -> pd.DataFrame:
    """The column report with its headers and detected types in the session's language."""
    shown = report.assign(type=report["type"].map(lambda kind: t(f"your_data.kind_{kind}")))
    return shown.rename(columns={c: t(f"your_data.report_{c}") for c in REPORT_COLUMNS})


def safe_name(file_name: str) -> str:
    """A file name reduced to letters, digits, spaces and . _ - so no page can misrender it."""
    return re.sub(r"[^\w .-]", "_", file_name)[:60] or "uploaded"


def show_table(parsed, name: str) -> None:
    """Put a freshly parsed table on show, with its default target and features."""
    ss = st.session_state
    target = guess_target(parsed)
    ss[K["parsed"]], ss[K["name"]], ss[K["error"]] = parsed, name, ""
    ss[K["target"]] = target
    ss[K["features"]] = usable_features(parsed, target)[0]


def load_sample(sample: str) -> None:
    """on_click: one of the shipped sample files."""
    show_table(parse_csv(DATA_DIR / SAMPLES[sample]), SAMPLES[sample])


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
        # Kept as the error, not its text: a change of language re-words it on the next run.
        ss[K["error"]] = (uploaded.name, error)
        return
    show_table(parsed, uploaded.name)


# The last preparation: (the ParsedTable, the choices, TabularData or DataError). Only the last
# is kept: it is the one on show, and a big table's preparation is seconds and hundreds of MB.
PREPARED = "your_data.prepared_for"


def prepared(parsed, target: str, features: list[str], missing: str, singletons: str,
             task: str = "classification") -> tuple[TabularData | None, DataError | None]:
    """prepare() once per table on show and choices: (data, None) or (None, the refusal).

    Reruns that change nothing here (the split, the seed, a language, another widget) reuse it.
    """
    choices = (target, tuple(features), missing, singletons, task)
    last = st.session_state.get(PREPARED)
    if last is None or last[0] is not parsed or last[1] != choices:
        try:
            # The default features as None: prepare then says why each other column was left out
            # (and, with nothing usable, refuses saying so).
            chosen = None if features == usable_features(parsed, target)[0] else features
            result = prepare(parsed, target, chosen, missing, singletons, task)
        except DataError as error:
            result = error
        last = st.session_state[PREPARED] = (parsed, choices, result)
    result = last[2]
    return (None, result) if isinstance(result, DataError) else (result, None)


def default_features() -> None:
    """on_change of the target: the usable other columns become the features."""
    ss = st.session_state
    ss[K["features"]] = usable_features(ss[K["parsed"]], ss[K["target"]])[0]


def hand_to_studio(data: TabularData, test_size: float, seed: int) -> Dataset:
    """Split and scale, then hand over to the studio, which opens on this data."""
    ss = st.session_state
    sample = subsample(data, MAX_UPLOADED_ROWS, seed)
    dataset = to_dataset(sample, test_size=test_size, seed=seed, name=safe_name(ss[K["name"]]))
    ss[K["prepared"]], ss[K["dataset"]] = sample, dataset
    studio.hand_over(dataset)
    return dataset


def trained_on_this_data():
    """The studio's Trainer when it trained on the dataset handed over from here, else None."""
    return studio.trained_on(st.session_state.get(K["dataset"]))


def _predictor(trainer, dataset: Dataset) -> tuple:
    """predictions_csv's model arguments: class probabilities, or a regression's values and the
    way back to the target's units."""
    if dataset.regression:
        return trainer.predict, dataset.target_values
    return trainer.predict_proba, None


def as_regression() -> None:
    """on_click of the offer beside a continuous target's refusal."""
    st.session_state[K["task"]] = "regression"


def predictions_block() -> None:
    """A download of every uploaded row with its predicted class, once a model is trained."""
    trainer = trained_on_this_data()
    if trainer is None:
        st.info(t("your_data.train_first"))
        return
    data, dataset = st.session_state[K["prepared"]], st.session_state[K["dataset"]]
    st.text(t("your_data.model_ready", epochs=trainer.epoch, name=dataset.name))
    st.download_button(
        t("your_data.download"), key="your_data.download",
        data=lambda: predictions_csv(data, *_predictor(trainer, dataset), scaler=dataset.scaler),
        file_name="predictions.csv", mime="text/csv", help=t("your_data.download_help"),
    )
