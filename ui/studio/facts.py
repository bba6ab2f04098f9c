"""What mlp_core reports about a studio run, said in the session's language.

mlp_core hands up facts, not sentences: how the data was split (datasets.Split), why training
stopped (training.StopReason) and whether it is learning (progress.Stall). Each kind has one
catalogue text, its fields as {placeholders}.
"""

from __future__ import annotations

import math
from dataclasses import asdict

from mlp_core.datasets import Split
from mlp_core.progress import Stall
from mlp_core.training import StopReason
from ui.format import fmt, plain
from ui.i18n import t


def split_text(split: Split | None) -> str:
    """How the dataset was split; "" for rows that came already split, how unknown."""
    if split is None:
        return ""
    # A class name may come from an uploaded file: Markdown must show it as it is.
    values = asdict(split) | {"rare_class": plain(split.rare_class)}
    return t(f"studio.data.split_{split.kind}", **values)


def stall_text(stall: Stall) -> str:
    """Why a run looks stuck, its numbers as the page writes numbers, and what usually causes it."""
    values = {name: fmt(value) if isinstance(value, float) else value
              for name, value in asdict(stall).items()}
    return t(f"studio.stall.{stall.kind}", **values) + t("studio.stall.why")


def stop_text(reason: StopReason) -> str:
    """Why training stopped, with its numbers; after a non-finite value, also what is shown.

    The value that stopped it (inf or nan) is said in words a student knows, its name beside.
    An early stop says its best epoch, the patience that ran out after it (the epochs between)
    and which weights the model holds.
    """
    values = asdict(reason)
    if reason.kind == "early":
        values |= {"value": fmt(reason.value), "patience": reason.epoch - reason.best}
        kept = "studio.stop.early_restored" if reason.restored else "studio.stop.early_kept"
        return t("studio.stop.early", **values) + t(kept, **values)
    if reason.value is not None:
        values["value"] = t("studio.stop.value_nan" if math.isnan(reason.value)
                            else "studio.stop.value_inf")
    text = t(f"studio.stop.{reason.kind}", **values)
    return t("studio.stop.non_finite", what=text) if reason.non_finite else text


def end_text(reason: StopReason) -> str:
    """A finite run's end, and what to change in the sidebar to train further."""
    further = "studio.raise_patience" if reason.kind == "early" else "studio.raise_budget"
    return stop_text(reason) + t(further)
