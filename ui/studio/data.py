"""Where the studio's data comes from: a built-in set, a toy 2-D shape, or the uploaded table."""

from __future__ import annotations

import streamlit as st

from mlp_core.datasets import UPLOADED, Dataset, DataSpec
from ui import state
from ui.i18n import t
from ui.studio.settings import SOURCE

MAX_UPLOADED_ROWS = 5000
LOADED = "studio.loaded_data"  # (spec, Dataset): the session's last one loaded


def shared_dataset() -> Dataset | None:
    """The dataset prepared on "Your own data", when there is one."""
    data = st.session_state.get(state.SHARED_DATASET)
    return data if isinstance(data, Dataset) else None


def sources() -> list[str]:
    """Source names in menu order; the uploaded data only once it exists."""
    names = list(SOURCE.options)
    return [*names, UPLOADED] if shared_dataset() is not None else names


def source_label(name: str) -> str:
    if name == UPLOADED:
        return t("studio.data.uploaded")  # its own name is in the caption under the title
    label = t(f"studio.data.name_{name}")
    return t("studio.data.the_lecture", name=label) if name == "iris" else label


def name_and_description(source: str, ds: Dataset) -> tuple[str, str]:
    """The dataset's name and description in the session's language (an upload keeps its name)."""
    if source == UPLOADED:
        return ds.name, t("studio.data.desc_uploaded", rows=ds.n_train + ds.n_test,
                          features=ds.n_features, classes=ds.n_classes)
    return t(f"studio.data.name_{source}"), t(f"studio.data.desc_{source}")


def input_names(ds: Dataset) -> tuple[str, ...]:
    """The model's inputs as shown: the data's own columns, then the hand-made features in words
    (x1², sin(x1))."""
    made = tuple(t(f"studio.data.feature_{code}") for code in ds.made)
    return (*ds.feature_names[:ds.n_base_features], *made)


def made_note(ds: Dataset) -> str:
    """What the caption adds about the hand-made features (how they were made), or ""."""
    if not ds.made:
        return ""
    return " " + t("studio.made_from_standardized",
                   features=", ".join(input_names(ds)[ds.n_base_features:]))


def load(spec: DataSpec) -> Dataset:
    """The Dataset a spec names; the uploaded one comes from the session, already split."""
    if spec.source == UPLOADED:
        data = shared_dataset()
        if data is None:
            raise ValueError(t("studio.data.no_upload"))
        if data.n_train + data.n_test > MAX_UPLOADED_ROWS:
            raise ValueError(t("studio.data.too_many_rows", max=MAX_UPLOADED_ROWS,
                               n=data.n_train + data.n_test))
        return data
    # A full rerun asks three times (the controls' notes, the budget, the run): the session's
    # last dataset serves them while its spec stays the same, rather than the cache's unpickled
    # copy each time (or the hand-made points loaded again). The run holds that dataset anyway.
    kept = st.session_state.get(LOADED)
    if kept is not None and kept[0] == spec:
        return kept[1]
    # One session's own points are not for the class's shared cache.
    ds = spec.load() if spec.points is not None else _load_cached(spec)
    st.session_state[LOADED] = (spec, ds)
    return ds


@st.cache_data(max_entries=32, show_spinner=False)
def _load_cached(spec: DataSpec) -> Dataset:
    # Deterministic and the same for every session, so one cached copy serves the class.
    return spec.load()
