"""The same 2-layer step done by PyTorch: autograd's gradients and state_dict before and after SGD.

This is the reference the hand-written backward pass is checked against on the page, so it goes
through the real thing: mlp_core.backprop.model_from_weights, nn.BCELoss / nn.CrossEntropyLoss,
loss.backward() and optim.SGD.step(), in float64 so that equality holds to every shown digit.
"""

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn, optim

from mlp_core.backprop import from_torch, model_from_weights


@dataclass(frozen=True, eq=False)
class TorchStep:
    """What PyTorch reports for one SGD step on one sample."""

    output: np.ndarray  # model(x): P(y = 1) for "sigmoid", logits for "softmax"
    loss: float
    grads: list[np.ndarray]  # autograd's dL/dW per Linear layer, lecture layout (1 + n_in, n_out)
    state_before: dict[str, np.ndarray]  # model.state_dict(): weight (out, in), bias (out,)
    state_after: dict[str, np.ndarray]
    weights_after: list[np.ndarray]  # state_after in the lecture layout
    model_text: str  # print(model), as the lecture shows it


def _state(model: nn.Module) -> dict[str, np.ndarray]:
    return {name: t.detach().numpy().copy() for name, t in model.state_dict().items()}


def torch_step(weights, x, y, lr, hidden_activation="identity", output="sigmoid") -> TorchStep:
    """Build the model, run loss.backward() and one optim.SGD step; x : (n_in,)."""
    model = model_from_weights(weights, hidden_activation, output, dtype=torch.float64)
    before = _state(model)
    prediction = model(torch.tensor(np.asarray(x, dtype=float)))
    if output == "sigmoid":
        loss = nn.BCELoss()(prediction, torch.tensor([float(y)], dtype=torch.float64))
    else:
        loss = nn.CrossEntropyLoss()(prediction, torch.tensor(int(y)))
    optimizer = optim.SGD(model.parameters(), lr)
    optimizer.zero_grad()
    loss.backward()
    linears = [m for m in model if isinstance(m, nn.Linear)]
    grads = [from_torch(m.weight.grad, m.bias.grad) for m in linears]
    optimizer.step()
    return TorchStep(prediction.detach().numpy().copy(), float(loss.item()), grads, before,
                     _state(model), [from_torch(m.weight, m.bias) for m in linears], str(model))
