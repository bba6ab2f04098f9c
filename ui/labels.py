"""How mlp_core's registry names are said on screen, in the session's language: one place, so
an activation is called the same on every page that offers it."""

from mlp_core.functions import ACTIVATIONS, LOSSES
from ui.i18n import t

# Registry labels that are English phrases rather than names ("ReLU" reads the same in a
# Vietnamese course, a loss is "hàm ..."): translated here, since mlp_core never imports ui.
TRANSLATED_ACTIVATIONS = ("identity",)
TRANSLATED_LOSSES = ("bce", "cross_entropy", "mse")


def activation_label(name: str) -> str:
    """How an activation is named on screen, in the session's language."""
    if name in TRANSLATED_ACTIVATIONS:
        return t(f"activations.label_{name}")
    return ACTIVATIONS[name].label


def loss_label(name: str) -> str:
    """How a loss is named on screen, in the session's language."""
    if name in TRANSLATED_LOSSES:
        return t(f"activations.label_{name}")
    return LOSSES[name].label
