"""Where the studio's data comes from: a built-in set, a toy 2-D shape, or the uploaded table."""

from __future__ import annotations

import streamlit as st

from mlp_core.datasets import LABELS, TOYS, Dataset
from mlp_core.script import DataSpec
from ui import state

UPLOADED = "uploaded"
BUILTIN_SOURCES = ("iris", "wine", "breast_cancer", "digits")
# A class shares one server: toy sets stay small enough that an epoch of batch size 1 is quick.
MAX_TOY_SAMPLES = 1000
MAX_UPLOADED_ROWS = 5000


def shared_dataset() -> Dataset | None:
    """The dataset prepared on "Your own data", when there is one."""
    data = st.session_state.get(state.SHARED_DATASET)
    return data if isinstance(data, Dataset) else None


def sources() -> list[str]:
    """Source names in menu order; the uploaded data only once it exists."""
    names = [*BUILTIN_SOURCES, *TOYS]
    return [*names, UPLOADED] if shared_dataset() is not None else names


def source_label(name: str) -> str:
    if name == UPLOADED:
        return "Your own data"  # its own name is in the caption under the title
    return LABELS[name] + (" (the lecture)" if name == "iris" else "")


def is_toy(name: str) -> bool:
    return name in TOYS


def load(spec: DataSpec) -> Dataset:
    """The Dataset a spec names; the uploaded one comes from the session, already split."""
    if spec.source == UPLOADED:
        data = shared_dataset()
        if data is None:
            raise ValueError("No uploaded dataset: prepare one on the \"Your own data\" page.")
        if data.n_train + data.n_test > MAX_UPLOADED_ROWS:
            raise ValueError(
                f"The uploaded dataset must have at most {MAX_UPLOADED_ROWS} rows here, "
                f"got {data.n_train + data.n_test}."
            )
        return data
    return _load_cached(spec)


@st.cache_data(max_entries=32, show_spinner=False)
def _load_cached(spec: DataSpec) -> Dataset:
    # Deterministic and the same for every session, so one cached copy serves the class.
    return spec.load()
