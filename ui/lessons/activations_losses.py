"""The activations-and-losses lesson as shown: its settings, labels, tables, presets over
mlp_core's numbers."""

from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
from streamlit import dataframe_util

from mlp_core.activations_losses import loss_report, torch_beside
from mlp_core.functions import ACTIVATIONS, LOSSES
from ui import links
from ui.format import fmt_list, plain
from ui.i18n import error_text, t
from ui.labels import activation_label
from ui.numbers import parse_numbers
from ui.settings import Schema, Setting

CMP_Z_BOX = 30.0  # the comparison's z: the slider covers [-8, 8], the box [-30, 30]


def loss_rule(name: str) -> links.Rule:
    """The link's z or y, numbers alone, that do not go together under its loss (one class index
    for cross-entropy, one target per z, a BCE label in [0, 1]): y is refused first, then z if
    the pair still does not fit, so the page opens on numbers the loss can take."""

    def why(ss) -> str | None:
        try:
            z, y = parse_numbers(ss["activations.z"], "z"), parse_numbers(ss["activations.y"], "y")
        except ValueError:
            return None  # not numbers at all: said under its box, as when typed
        try:
            loss_report(ss["activations.loss"], z, y)
        except ValueError as err:
            return plain(error_text(err))
        return None

    return links.Rule(name, why)


# Every lesson input: the activation and its numbers, the loss with z and y, the binary case.
SCHEMA = Schema([
    Setting("activations.name", "sigmoid", "activations.pick", widget="select",
            options=tuple(ACTIVATIONS), url="act"),
    # The lecture's act(torch.tensor([0.18, -0.18])).
    Setting("activations.input", "0.18, -0.18", "activations.input", "activations.input_help",
            widget="text", url="x"),
    # The lecture's BCELoss case: z = 0.18 -> p = sigma(z) = 0.5449, y = 0 -> 0.7872.
    Setting("activations.loss", "bce", "activations.loss", widget="radio",
            options=tuple(LOSSES), url="loss"),
    Setting("activations.z", "0.18", "activations.z", widget="text", url="z"),
    Setting("activations.y", "0", "activations.y", widget="text", url="y"),
    # The side-by-side binary comparison starts on the same case.
    Setting("activations.cmp_z", 0.18, "activations.cmp_z", widget="slider", lo=-CMP_Z_BOX,
            hi=CMP_Z_BOX, step=0.01, slider=(-8.0, 8.0), url="cz"),
    Setting("activations.cmp_y", 0, "activations.cmp_y", widget="radio", options=(0, 1),
            url="cy"),
], rules=[loss_rule("y"), loss_rule("z")])

# Loss presets: catalogue key of the button label -> (loss name, z text, y text). The lecture's
# BCE case feeds nn.BCELoss the probability 0.5449 = sigma(0.18); here the logit 0.18 goes in and
# sigma is applied inside.
LOSS_PRESETS = {
    "bce": ("activations.preset_bce", "bce", "0.18", "0"),
    "cross_entropy": ("activations.preset_cross_entropy", "cross_entropy", "0.0580, 0.4275", "0"),
}

def activation_table(x) -> pd.DataFrame:
    """One row per activation: f(x) and f'(x) for x : (n,), four decimals, as the lecture prints."""
    head = (t("activations.col_activation"), t("activations.col_f"), t("activations.col_df"))
    rows = [dict(zip(head, (activation_label(k), fmt_list(a.f(x)), fmt_list(a.df(x))),
                     strict=True)) for k, a in ACTIVATIONS.items()]
    return pd.DataFrame(rows, columns=list(head))


def exact_values(x) -> pd.DataFrame:
    """Every activation's f(x) unrounded, beside PyTorch's module on the same input (float64)."""
    head = (t("activations.col_activation"), t("activations.col_f"),
            t("activations.col_torch_module"), t("activations.col_torch_output"))
    rows = [dict(zip(head, (activation_label(k), repr(v.ours.tolist()), v.module,
                            repr(v.torch.tolist())), strict=True))
            for k, v in torch_beside(x).items()]
    return pd.DataFrame(rows, columns=list(head))


@lru_cache(maxsize=128)
def _tables(x: bytes, language: str) -> tuple[pa.Table, pa.Table]:
    values = np.frombuffer(x)
    return tuple(dataframe_util.convert_pandas_df_to_arrow_table(frame)
                 for frame in (activation_table(values), exact_values(values)))


def activation_tables(x, language: str) -> tuple[pa.Table, pa.Table]:
    """activation_table(x) and exact_values(x) as the Arrow tables st.dataframe makes of them,
    made once per input and language and shared: the loss and comparison widgets below rerun the
    lesson, and PyTorch's modules on every activation need not run again for the same x. Keyed
    by x's bytes, so -0.0 is not 0.0 (exact_values writes the sign)."""
    return _tables(np.asarray(x, dtype=float).tobytes(), language)


def comparison_label(name: str) -> str:
    """A COMPARISON loss as the table and the figure name it: "BCE on σ(z)", ..."""
    return t(f"activations.cmp_{name}")


def comparison_table(rows: dict[str, tuple[float, float]]) -> pa.Table:
    """One row per COMPARISON loss, by its label: L and dL/dz, as binary_comparison gives them
    (computed once for the table and the figure). Built as the Arrow table st.dataframe sends,
    column by column: a pandas frame and its conversion would cost more than the rest of the
    table, on every move of the slider."""
    return pa.table({t("activations.col_loss"): [comparison_label(n) for n in rows],
                     "L": pa.array([float(v) for v, _ in rows.values()], pa.float64()),
                     "dL/dz": pa.array([float(g) for _, g in rows.values()], pa.float64())})
