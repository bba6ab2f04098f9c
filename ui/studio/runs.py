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
from ui import presenter
from ui.figures.training import MAX_PINNED, pinned_figure
from ui.i18n import t
from ui.studio import data, session, settings

PINNED = "studio.pinned"


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
    st.caption(note)
