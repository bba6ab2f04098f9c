"""The activations-and-losses lesson as shown: labels, tables, presets over mlp_core's numbers."""

import pandas as pd

from mlp_core.activations_losses import binary_comparison, torch_beside
from mlp_core.functions import ACTIVATIONS
from ui.format import fmt_list
from ui.i18n import t
from ui.labels import activation_label

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


def comparison_label(name: str) -> str:
    """A COMPARISON loss as the table and the figure name it: "BCE on σ(z)", ..."""
    return t(f"activations.cmp_{name}")


def comparison_table(z: float, y: int) -> pd.DataFrame:
    """One row per COMPARISON loss, by its label: L and dL/dz at (z, y)."""
    rows = binary_comparison(z, y)
    return pd.DataFrame({t("activations.col_loss"): [comparison_label(n) for n in rows],
                         "L": [v for v, _ in rows.values()],
                         "dL/dz": [g for _, g in rows.values()]})
