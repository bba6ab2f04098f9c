"""Pinned runs to compare, and the downloads of the current one."""

from __future__ import annotations

import streamlit as st

from mlp_core.datasets import Dataset
from mlp_core.export import history_csv, state_dict_bytes, weights_json
from mlp_core.optimizers import OPTIMIZERS
from mlp_core.script import DataSpec, generate_script
from mlp_core.training import TrainConfig, Trainer
from ui.figures.training import MAX_PINNED, pinned_figure
from ui.studio import session

PINNED = "studio.pinned"


def run_label(config: TrainConfig, ds: Dataset) -> str:
    """The settings of a run in one legend line: data, architecture, optimizer, lr, batch, L2."""
    arch = "-".join(map(str, (ds.n_features, *config.hidden, ds.n_classes)))
    batch = "full" if config.batch_size is None else config.batch_size
    return (f"{ds.name} {arch} {config.activation}, {OPTIMIZERS[config.optimizer].label} "
            f"lr {config.lr:g}, batch {batch}, L2 {config.l2:g}, seed {config.seed}")


def pin(t: Trainer, ds: Dataset) -> None:
    """Keep this run's loss curves; the oldest pin goes once there are MAX_PINNED."""
    h = t.history
    pinned = st.session_state[PINNED]
    pinned.append((run_label(t.config, ds), list(h.train_loss), list(h.test_loss)))
    del pinned[:-MAX_PINNED]


def unpin_all() -> None:
    st.session_state[PINNED] = []


def pinned_block(t: Trainer, ds: Dataset) -> None:
    finished = t.epoch > 0 and not st.session_state[session.RUNNING]
    left, right = st.columns(2)
    left.button("Pin this run", key="studio.pin", on_click=pin, args=(t, ds),
                disabled=not finished, help=f"Compare up to {MAX_PINNED} runs' loss curves.")
    right.button("Clear pins", key="studio.unpin", on_click=unpin_all,
                 disabled=not st.session_state[PINNED])
    if st.session_state[PINNED]:
        st.plotly_chart(pinned_figure(st.session_state[PINNED]), key="studio.pinned_chart")


def downloads_block(t: Trainer, ds: Dataset, spec: DataSpec) -> None:
    """state_dict, JSON weights, history CSV and a standalone script that reproduces the run."""
    columns = st.columns(4)
    columns[0].download_button("Weights (state_dict)", state_dict_bytes(t.model),
                               file_name="mlp_state_dict.pt", key="studio.dl_state")
    columns[1].download_button("Weights (JSON)", weights_json(t.model),
                               file_name="mlp_weights.json", mime="application/json",
                               key="studio.dl_json")
    columns[2].download_button("History (CSV)", history_csv(t.history),
                               file_name="mlp_history.csv", mime="text/csv", key="studio.dl_csv")
    columns[3].download_button("PyTorch script", generate_script(t.config, spec, ds),
                               file_name="mlp_run.py", mime="text/x-python",
                               key="studio.dl_script")
    note = ("The script trains the current settings from the start with torch.optim and "
            "autograd, and prints the same losses as this run.")
    if st.session_state[session.CHANGED]:
        note += (" Settings were changed during this run, so the script's run (all epochs "
                 "under the current settings) differs from it.")
    st.caption(note)
