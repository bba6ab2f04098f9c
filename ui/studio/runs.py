"""Pinned runs to compare, and the downloads of the current one."""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import partial

import streamlit as st

from mlp_core.datasets import UPLOADED, Dataset, DataSpec
from mlp_core.export import (
    MAX_DATA_VALUES,
    data_csv,
    data_values,
    dataset_csv,
    history_csv,
    state_dict_bytes,
    weights_json,
)
from mlp_core.script import DATA_FILE, embeds_data, generate_script
from mlp_core.training import Snapshot, TrainConfig, Trainer
from mlp_core.weights_io import MAX_BYTES, WeightsError, read_weights
from ui.figures.training import MAX_PINNED
from ui.format import one_line, plain, plain_name
from ui.i18n import t
from ui.studio import challenge, data, edits, multiples, session, settings
from ui.studio.run import StudioRun
from ui.your_data import uploader_words

PINNED = "studio.pinned"
WEIGHTS_UPLOAD = "studio.weights_upload"
# The last refused file: (the run it was refused for, its name, the WeightsError).
WEIGHTS_REFUSED = "studio.weights_refused"


def run_label(config: TrainConfig, ds: Dataset, source: str) -> str:
    """The settings of a run in one legend line: data, architecture, optimizer, lr, batch, L2
    (and L1 and the lr's schedule when they are on)."""
    arch = "-".join(map(str, (ds.n_features, *config.hidden, ds.n_classes)))
    batch = settings.batch_label("full" if config.batch_size is None else config.batch_size)
    lr = f"{config.lr:g}"
    if config.schedule != "constant":
        lr += f" ({t(f'studio.controls.sched_{config.schedule}')})"
    label = t("studio.runs.label", data=data.name_and_description(source, ds)[0], arch=arch,
              activation=config.activation, optimizer=t(f"studio.controls.opt_{config.optimizer}"),
              lr=lr, batch=batch, l2=f"{config.l2:g}", seed=config.seed)
    return label + (t("studio.runs.label_l1", l1=f"{config.l1:g}") if config.l1 else "")


@dataclass(frozen=True)
class Pin:
    """A pinned run as it was: its weights and history (a Snapshot), its legend label, and the
    data it was trained on (the session run's key for it: pins on other data are not drawn over
    this one)."""

    label: str
    run: Snapshot
    data: Hashable


def pin(run: Trainer, ds: Dataset) -> None:
    """Keep this run; the oldest pin goes once there are MAX_PINNED. A run that diverged says so
    first in its legend (its curve ends where its loss stopped being finite)."""
    pinned = st.session_state[PINNED]
    studio = session.current()
    label = run_label(run.config, ds, studio.spec.source)
    if run.stopped is not None and run.stopped.non_finite:
        label = t("studio.runs.diverged", epoch=run.stopped.epoch) + label
    # A copy of the model: training on (after a settings change) moves the run's own in place.
    kept = Snapshot(run.epoch, copy.deepcopy(run.model), run.history.upto(run.epoch), run.config,
                    run.n_features)
    pinned.append(Pin(label, kept, studio.key[0]))
    del pinned[:-MAX_PINNED]


def unpin_all() -> None:
    st.session_state[PINNED] = []


def pinned_block(run: Trainer, ds: Dataset) -> None:
    """Pin and clear; the pins' curves, their final numbers, and their regions side by side."""
    finished = run.epoch > 0 and not session.running()
    left, right = st.columns(2)
    left.button(t("studio.runs.pin"), key="studio.pin", on_click=pin, args=(run, ds),
                disabled=not finished, help=t("studio.runs.pin_help", n=MAX_PINNED))
    right.button(t("studio.runs.unpin"), key="studio.unpin", on_click=unpin_all,
                 disabled=not st.session_state[PINNED])
    pins: list[Pin] = st.session_state[PINNED]
    if not pins:
        return
    numbered = [(f"#{k}", p) for k, p in enumerate(pins, start=1)]
    multiples.curves([(p.label, p.run) for p in pins], "studio.pinned_chart",
                     t("studio.fig.title_pinned"), run.history.metric)
    multiples.table([f"{k} {p.label}" for k, p in numbered], [p.run for p in pins],
                    key="studio.pinned_table")
    here = session.current().key[0]
    elsewhere = [k for k, p in numbered if p.data != here]
    if elsewhere:  # their regions over this data would be nonsense
        st.caption(t("studio.compare.other_data", runs=", ".join(elsewhere)))
    same = [(k, p.run) for k, p in numbered if p.data == here]
    if same:
        multiples.regions_grid(same, ds, "studio.pinned_regions")


def downloads_block(run: Trainer, ds: Dataset, spec: DataSpec) -> None:
    """state_dict, JSON weights, history CSV, the data as a table (any source, as trained on:
    hand-made points too) and a standalone script that reproduces the run; the script's data CSV
    too when the script reads its data from one.

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
    too_large = data_values(ds) > MAX_DATA_VALUES
    columns = iter(st.columns(4 + (not too_large) + (reads_file and not too_large)))

    def offer(name: str, build: Callable, file_name: str, mime: str | None = None,
              help: str | None = None) -> None:
        # "ignore": a click only fetches the file; rerunning the run view for it would cost more.
        next(columns).download_button(t(f"studio.runs.dl_{name}"), build, file_name=file_name,
                                      mime=mime, key=f"studio.dl_{name}", on_click="ignore",
                                      help=help)

    offer("state", locked(state_dict_bytes, run.model), "mlp_state_dict.pt")
    offer("json", locked(weights_json, run.model), "mlp_weights.json", "application/json")
    offer("csv", locked(history_csv, run.history), "mlp_history.csv", "text/csv")
    if not too_large:  # the Dataset is never changed: no lock
        offer("table", partial(dataset_csv, ds), "mlp_dataset.csv", "text/csv",
              t("studio.runs.dl_table_help"))
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
