"""The forward-and-backward lesson: its settings, and the lecture's 2-layer forward and backward
pass as LaTeX filled with one Trace's numbers.

Lecture layout throughout: h = [1, x] W_h and z = [1, h] W_z, row 0 of each W the biases.
"""

from functools import lru_cache

import numpy as np
import pyarrow as pa

from mlp_core.autograd_check import TorchStep, torch_step
from mlp_core.backprop import Trace, classes_share_hidden_weights, slide_layout_mixup
from mlp_core.functions import ACTIVATIONS
from ui import links
from ui.format import fmt, latex_column, latex_matrix
from ui.i18n import t
from ui.lesson_steps import LessonStep
from ui.settings import Schema, Setting, matrix

P = "forward_backward"
HIDDEN = ("identity", "sigmoid", "relu", "tanh")
OUTPUTS = ("sigmoid", "softmax")
MAX_CLASSES = 5


def n_classes(ss) -> int:
    """The classes the output tells apart: 0 and 1 for a sigmoid, W_z's columns for a softmax."""
    return 2 if ss[f"{P}.output"] == "sigmoid" else len(ss[f"{P}.W_z.softmax"][0])


def _weights(columns: int) -> list[list[float]]:
    return [[0.1] * columns for _ in range(3)]  # lecture layout: row 0 = biases


SCHEMA = Schema([
    Setting(f"{P}.x1", 1.0, widget="number", lo=-1000.0, hi=1000.0, step=0.5, url="x1"),
    Setting(f"{P}.x2", 2.0, widget="number", lo=-1000.0, hi=1000.0, step=0.5, url="x2"),
    # y is one of the classes the output and W_z give: the page syncs it after W_z.
    Setting(f"{P}.y", 0, "forward_backward.y", widget="number", lo=0, hi=MAX_CLASSES - 1,
            step=1, url="y"),
    Setting(f"{P}.lr", 0.1, "common.lr", widget="number", lo=1e-4, hi=10.0, step=0.01, url="lr"),
    Setting(f"{P}.hidden", "identity", "forward_backward.hidden", widget="select",
            options=HIDDEN, url="hidden"),
    Setting(f"{P}.output", "sigmoid", "forward_backward.output", widget="radio",
            options=OUTPUTS, url="output"),
    Setting(f"{P}.n_classes", 2, "forward_backward.n_classes", widget="number", lo=2,
            hi=MAX_CLASSES, step=1),
    Setting(f"{P}.W_h", _weights(2), "forward_backward.W_h", widget="matrix", url="wh",
            link=matrix([(3, 2)])),
    # W_z is kept per output so switching back loses no edits; the link's "wz" is the one in use.
    Setting(f"{P}.W_z.sigmoid", _weights(1), "forward_backward.W_z", widget="matrix",
            link=matrix([(3, 1)])),
    Setting(f"{P}.W_z.softmax", _weights(2), "forward_backward.W_z", widget="matrix",
            link=matrix([(3, c) for c in range(2, MAX_CLASSES + 1)])),
    Setting(f"{P}.walk.step", 1),
    Setting(f"{P}.walk.show_all", False, widget="toggle", url="all"),
], rules=[links.class_rule("y", f"{P}.y", n_classes)])


# How each hidden activation is written in a formula; "identity" is the lecture's no activation.
_F = {"identity": "", "sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}", "tanh": r"\tanh"}


def _row(values) -> str:
    return latex_matrix(np.ravel(values))


def _product(*factors: str) -> str:
    """Factors written side by side that a narrow screen may put on two lines (KaTeX breaks only
    after an = or a + unless told), so that a wide matrix product needs no scrolling."""
    return r" \allowbreak ".join(factors)


def _scalar_or_row(values) -> str:
    values = np.ravel(values)
    return fmt(values[0]) if values.size == 1 else _row(values)


def _forward_hidden(layer, W_h, hidden: str) -> LessonStep:
    a = r"[1\ \mathbf{x}]\, W_h = " + _product(_row(layer.inputs_aug), latex_matrix(W_h)) + " = "
    if hidden == "identity":
        return LessonStep(t("forward_backward.steps.forward_hidden"),
                          [r"\mathbf{h} = " + a + _row(layer.pre_activation)],
                          t("forward_backward.steps.no_activation"))
    f = _F[hidden]
    return LessonStep(t("forward_backward.steps.forward_hidden"), [
        r"\mathbf{a} = " + a + _row(layer.pre_activation),
        r"\mathbf{h} = " + f + r"(\mathbf{a}) = " + _row(layer.activation),
    ])


def _forward_output(layer, W_z, output: str) -> LessonStep:
    z = (r"z = [1\ \mathbf{h}]\, W_z = " + _product(_row(layer.inputs_aug), latex_matrix(W_z))
         + " = " + _scalar_or_row(layer.pre_activation))
    if output == "sigmoid":
        y_hat = (r"\hat{y} = \sigma(z) = \frac{1}{1 + e^{-" + fmt(layer.pre_activation[0])
                 + "}} = " + fmt(layer.activation[0]))
    else:
        y_hat = r"\hat{\mathbf{y}} = \mathrm{softmax}(\mathbf{z}) = " + _row(layer.activation)
    return LessonStep(t("forward_backward.steps.forward_output"), [z, y_hat])


def _loss(trace: Trace, y: int, output: str) -> LessonStep:
    y_hat = np.ravel(trace.output)
    if output == "sigmoid":
        formula = (r"L = -\left[y \log \hat{y} + (1 - y) \log(1 - \hat{y})\right] = -\left["
                   + f"{y} \\log {fmt(y_hat[0])} + {1 - y} \\log {fmt(1 - y_hat[0])}"
                   + r"\right] = " + fmt(trace.loss))
        return LessonStep(t("forward_backward.steps.loss_bce"), [formula],
                          t("forward_backward.steps.loss_bce_note"))
    formula = (r"L = -\mathbf{y}^T \log \hat{\mathbf{y}} = -\log \hat{y}_{" + str(y) + "} = -\\log "
               + fmt(y_hat[y]) + " = " + fmt(trace.loss))
    return LessonStep(t("forward_backward.steps.loss_ce"), [formula],
                      t("forward_backward.steps.loss_ce_note"))


def _backward_output(layer, y: int, output: str) -> LessonStep:
    target = str(y) if output == "sigmoid" else latex_matrix(np.eye(len(layer.delta))[y], 0)
    return LessonStep(t("forward_backward.steps.backward_output"), [
        r"\delta_z = \frac{\partial L}{\partial z} = \hat{y} - y = "
        + _scalar_or_row(layer.activation) + " - " + target + " = " + _scalar_or_row(layer.delta),
        r"\frac{\partial L}{\partial W_z} = [1\ \mathbf{h}]^T \delta_z = "
        + _product(latex_column(layer.inputs_aug), _scalar_or_row(layer.delta)) + " = "
        + latex_matrix(layer.grad),
    ], t("forward_backward.steps.backward_output_note"))


def _backward_hidden(hidden_layer, W_z, delta_z, hidden: str, symmetric: bool) -> LessonStep:
    # Row 0 of W_z (the biases) is not fed by h.
    back = _product(_row(delta_z), latex_matrix(np.asarray(W_z)[1:].T))
    if hidden == "identity":
        first = r"\delta_h = \delta_z\, W_{z,1:}^T = " + back + " = " + _row(hidden_layer.delta)
    else:
        slope = ACTIVATIONS[hidden].df(hidden_layer.pre_activation)
        first = (r"\delta_h = (\delta_z\, W_{z,1:}^T) \odot " + _F[hidden] + r"'(\mathbf{a}) = ("
                 + back + r") \odot " + _row(slope) + " = " + _row(hidden_layer.delta))
    return LessonStep(t("forward_backward.steps.backward_hidden"), [
        first,
        r"\frac{\partial L}{\partial W_h} = [1\ \mathbf{x}]^T \delta_h = "
        + _product(latex_column(hidden_layer.inputs_aug), _row(hidden_layer.delta)) + " = "
        + latex_matrix(hidden_layer.grad),
    ], t("forward_backward.steps.bias_row_note", w_rest="$W_{z,1:}$", w="$W_z$")
       + (" " + t("forward_backward.steps.symmetry") if symmetric else ""))


def _update(trace: Trace, weights, lr: float) -> LessonStep:
    W_h, W_z = weights
    g_h, g_z = (layer.grad for layer in trace.layers)
    new_h, new_z = trace.weights_next
    note = None
    mixed = slide_layout_mixup(new_h)
    if not np.allclose(mixed, new_h):
        note = t("forward_backward.steps.slide_mixup", printed=_text(mixed), reads=_text(new_h))
    return LessonStep(t("forward_backward.steps.update"), [
        r"W_h \leftarrow W_h - \eta \frac{\partial L}{\partial W_h} = " + latex_matrix(W_h) + " - "
        + _product(fmt(lr), latex_matrix(g_h)) + " = " + latex_matrix(new_h),
        r"W_z \leftarrow W_z - \eta \frac{\partial L}{\partial W_z} = " + latex_matrix(W_z) + " - "
        + _product(fmt(lr), latex_matrix(g_z)) + " = " + latex_matrix(new_z),
    ], note)


def _text(matrix) -> str:
    return "[" + ", ".join("[" + ", ".join(fmt(v) for v in row) + "]" for row in matrix) + "]"


def backprop_lesson(trace: Trace, weights, y: int, lr: float, hidden: str,
                    output: str) -> list[LessonStep]:
    """Six steps for a 2-layer net: hidden, output, loss, output delta, hidden delta, update."""
    hidden_layer, out_layer = trace.layers
    return [
        _forward_hidden(hidden_layer, weights[0], hidden),
        _forward_output(out_layer, weights[1], output),
        _loss(trace, y, output),
        _backward_output(out_layer, y, output),
        _backward_hidden(hidden_layer, weights[1], out_layer.delta, hidden,
                         classes_share_hidden_weights(weights, output)),
        _update(trace, weights, lr),
    ]


def difference_text(value: float) -> str:
    """A gradient difference: a plain 0 when there is none, else two digits and its exponent."""
    return "0" if value == 0 else f"{value:.1e}"


def output_labels(n_out: int) -> list[str]:
    """Names of the output units: "z" for one sigmoid unit, z0, z1, ... (class indices) else."""
    return ["z"] if n_out == 1 else [f"z{c}" for c in range(n_out)]


def parameter_names(name: str, input_labels: list[str], unit_labels: list[str]) -> list[str]:
    """Names of a lecture-layout matrix's entries, row by row: 'W_h[0,0]: bias → h1', ..."""
    rows = [t("forward_backward.table.bias"), *input_labels]
    return [f"{name}[{r},{c}]: {source} → {unit}"
            for r, source in enumerate(rows) for c, unit in enumerate(unit_labels)]


def gradient_table(hand, autograd) -> pa.Table:
    """dL/dW by hand beside autograd's and their |difference|, one row per parameter (both lists
    in lecture layout); as the Arrow table st.dataframe sends, column by column (a pandas frame
    and its conversion cost more than the rest of it, on every change of the lesson)."""
    n_in, n_hidden = np.shape(hand[0])[0] - 1, np.shape(hand[0])[1]
    hidden = [f"h{j + 1}" for j in range(n_hidden)]
    names = (parameter_names("W_h", [f"x{i + 1}" for i in range(n_in)], hidden)
             + parameter_names("W_z", hidden, output_labels(np.shape(hand[1])[1])))
    by_hand = np.concatenate([np.ravel(g) for g in hand])
    by_torch = np.concatenate([np.ravel(g) for g in autograd])
    return pa.table({t("forward_backward.table.parameter"): names,
                     t("forward_backward.table.by_hand"): by_hand,
                     t("forward_backward.table.autograd"): by_torch,
                     t("forward_backward.table.difference"): np.abs(by_hand - by_torch)})


def state_dict_text(state: dict) -> str:
    """A state_dict, four decimals: name, then the values (a weight is out × in)."""
    lines = []
    for name, values in state.items():
        values = np.asarray(values)
        body = (_text(values) if values.ndim == 2 else
                "[" + ", ".join(fmt(v) for v in values) + "]")
        lines.append(f"{name:<9} {body}")
    return "\n".join(lines)


def torch_step_once(weights, x, y: int, lr: float, hidden: str, output: str) -> TorchStep:
    """mlp_core's torch_step, computed once per input and shared: a rerun that changes none of
    them (a visit back, the language, a reset to the same numbers) reuses PyTorch's answer."""
    return _torch_step(tuple(tuple(map(tuple, np.asarray(w, dtype=float).tolist()))
                             for w in weights), tuple(float(v) for v in x), int(y), float(lr),
                       hidden, output)


@lru_cache(maxsize=256)
def _torch_step(weights, x, y, lr, hidden, output) -> TorchStep:
    # Every argument is a tuple or a number, so the cache key is the input itself. The caller
    # only reads the arrays of the result, which every session therefore shares.
    return torch_step([np.array(w) for w in weights], list(x), y, lr, hidden, output)
