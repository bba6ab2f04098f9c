"""Pinned runs to compare, and the downloads of the current one."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from mlp_core.datasets import UPLOADED, Dataset, DataSpec
from mlp_core.export import (
    MAX_DATA_VALUES,
    data_csv,
    data_values,
    history_csv,
    state_dict_bytes,
    weights_json,
)
from mlp_core.script import DATA_FILE, embeds_data, generate_script
from mlp_core.training import TrainConfig, Trainer
from mlp_core.weights_io import MAX_BYTES, WeightsError, read_weights
from ui import presenter
from ui.figures.training import MAX_PINNED, pinned_figure
from ui.format import one_line, plain, plain_name
from ui.i18n import t
from ui.studio import challenge, data, edits, session, settings
from ui.studio.run import StudioRun
from ui.your_data import uploader_words

PINNED = "studio.pinned"
WEIGHTS_UPLOAD = "studio.weights_upload"
# The last refused file: (the run it was refused for, its name, the WeightsError).
WEIGHTS_REFUSED = "studio.weights_refused"


def run_label(config: TrainConfig, ds: Dataset, source: str) -> str:
    """The settings of a run in one legend line: data, architecture, optimizer, lr, batch, L2."""
    arch = "-".join(map(str, (ds.n_features, *config.hidden, ds.n_classes)))
    batch = settings.batch_label("full" if config.batch_size is None else config.batch_size)
    return t("studio.runs.label", data=data.name_and_description(source, ds)[0], arch=arch,
             activation=config.activation, optimizer=t(f"studio.controls.opt_{config.optimizer}"),
             lr=f"{config.lr:g}", batch=batch, l2=f"{config.l2:g}", seed=config.seed)


def pin(run: Trainer, ds: Dataset) -> None:
    """Keep this run's loss curves; the oldest pin goes once there are MAX_PINNED. A run that
    diverged says so first in its legend (its curve ends where its loss stopped being finite)."""
    h = run.history
    pinned = st.session_state[PINNED]
    label = run_label(run.config, ds, session.current().spec.source)
    if run.stopped is not None and run.stopped.non_finite:
        label = t("studio.runs.diverged", epoch=run.stopped.epoch) + label
    pinned.append((label, list(h.train_loss), list(h.test_loss)))
    del pinned[:-MAX_PINNED]


def unpin_all() -> None:
    st.session_state[PINNED] = []


def pinned_block(run: Trainer, ds: Dataset) -> None:
    finished = run.epoch > 0 and not session.running()
    left, right = st.columns(2)
    left.button(t("studio.runs.pin"), key="studio.pin", on_click=pin, args=(run, ds),
                disabled=not finished, help=t("studio.runs.pin_help", n=MAX_PINNED))
    right.button(t("studio.runs.unpin"), key="studio.unpin", on_click=unpin_all,
                 disabled=not st.session_state[PINNED])
    if st.session_state[PINNED]:
        presenter.chart(pinned_figure(st.session_state[PINNED]), key="studio.pinned_chart")


def downloads_block(run: Trainer, ds: Dataset, spec: DataSpec) -> None:
    """state_dict, JSON weights, history CSV and a standalone script that reproduces the run; the
    data CSV too when the script reads its data from one.

    Every file is built when its button is clicked (Streamlit calls the function then, in a thread
    of its own), never on a rerun: the script of a large upload alone is seconds of the server's
    CPU, and the run view reruns on every button.
    """
    lock = session.current().lock

    def locked(build, *args) -> Callable[[], str | bytes]:
        def file():
            with lock:  # a live tick may be changing the weights and the history right now
                return build(*args)
        return file

    reads_file = spec.source == UPLOADED and not embeds_data(ds)
    too_large = reads_file and data_values(ds) > MAX_DATA_VALUES
    columns = iter(st.columns(5 if reads_file and not too_large else 4))

    def offer(name: str, build: Callable, file_name: str, mime: str | None = None) -> None:
        # "ignore": a click only fetches the file; rerunning the run view for it would cost more.
        next(columns).download_button(t(f"studio.runs.dl_{name}"), build, file_name=file_name,
                                      mime=mime, key=f"studio.dl_{name}", on_click="ignore")

    offer("state", locked(state_dict_bytes, run.model), "mlp_state_dict.pt")
    offer("json", locked(weights_json, run.model), "mlp_weights.json", "application/json")
    offer("csv", locked(history_csv, run.history), "mlp_history.csv", "text/csv")
    if too_large:
        st.caption(t("studio.runs.data_too_large", n=data_values(ds), max=MAX_DATA_VALUES))
        return
    offer("script", partial(generate_script, run.config, spec, ds), "mlp_run.py", "text/x-python")
    note = t("studio.runs.script_note")
    if reads_file:
        offer("data", partial(data_csv, ds), DATA_FILE, "text/csv")
        note += t("studio.runs.script_reads_data", file=DATA_FILE)
    if session.current().changed:
        note += t("studio.runs.script_changed")
    if session.current().loaded:
        note += t("studio.runs.script_loaded")
    st.caption(note)


def weights_refusal(file_name: str, error: WeightsError) -> str:
    """"file: what does not fit. What would." in the session's language, as plain text."""
    # Names from the file on one line each (mlp_core cut each to weights_io.NAME_CHARS).
    values = {k: one_line(v, limit=2000) if isinstance(v, str) else v
              for k, v in error.values.items()}
    if "part" in values:  # "weight" or "bias", said in the session's language
        values["part"] = t(f"studio.weights.part_{values['part']}")
    text = t(f"studio.weights.errors.{error.code}", **values)
    if error.hint:
        text += " " + t(f"studio.weights.hints.{error.hint}", **values)
    return plain(f"{one_line(file_name)}: {text}")


def _take_weights() -> None:
    """The uploader's callback: a file that fits becomes the run's epoch 0; one that does not is
    refused beside the uploader, and the run stays as it was."""
    uploaded, run = st.session_state.get(WEIGHTS_UPLOAD), session.current()
    if uploaded is None or run is None:  # the file was removed from the uploader: nothing to do
        return
    try:
        # Its size first: a file past the cap is refused before anything reads it.
        if uploaded.size > MAX_BYTES:
            raise WeightsError("too_large", size=uploaded.size, max=MAX_BYTES)
        # Only the model's names and shapes are read, which training never changes: no lock.
        params = read_weights(uploaded.getvalue(), uploaded.name, run.trainer.model,
                              run.config.activation)
    except WeightsError as error:
        st.session_state[WEIGHTS_REFUSED] = (run, uploaded.name, error)
        return
    st.session_state[WEIGHTS_REFUSED] = None
    st.session_state.pop(edits.TRAINED_KEY, None)  # the edits' "way back" is to other weights
    session.load_weights(params, uploaded.name)


def weights_upload_block(studio: StudioRun) -> None:
    """Continue from weights downloaded earlier (.pt state_dict or JSON) for this network."""
    ds = studio.dataset
    arch = "-".join(map(str, (ds.n_features, *studio.config.hidden, ds.n_classes)))
    mb = MAX_BYTES // 10**6
    # A challenge's goal is judged on the run: weights trained elsewhere would skip the task.
    st.file_uploader(t("studio.weights.upload", arch=arch), key=WEIGHTS_UPLOAD,
                     on_change=_take_weights, disabled=challenge.active() is not None,
                     max_upload_size=mb, help=t("studio.weights.upload_help", mb=mb) + "\n\n"
                     + t("studio.weights.what_continues"))
    uploader_words(WEIGHTS_UPLOAD, mb, "PT, JSON")
    refused = st.session_state.get(WEIGHTS_REFUSED)
    if refused is not None and refused[0] is studio:  # a new run (new settings) is another fit
        st.error(weights_refusal(*refused[1:]) + "  \n" + t("studio.weights.kept"),
                 icon=":material/error:")
    # A box, not a caption: it says what the run is, where the captions above note the downloads.
    if studio.loaded:
        st.info(t("studio.weights.started_from", file=plain_name(studio.loaded)),
                icon=":material/upload_file:")
