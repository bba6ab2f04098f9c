"""Forward and backward by hand: the lecture's 2-2-1 network, and torch autograd for any other."""

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from torch import nn

from mlp_core.backprop import (
    LayerTrace,
    Trace,
    classes_share_hidden_weights,
    forward_backward,
    from_torch,
    model_from_weights,
    slide_layout_mixup,
    to_torch,
    weights_from_model,
)
from mlp_core.functions import ACTIVATIONS

X = [1.0, 2.0]
W_H = np.full((3, 2), 0.1)  # rows: bias, x1, x2; columns: h1, h2
W_Z = np.full((3, 1), 0.1)  # rows: bias, h1, h2
W_H_NEXT = [[0.0946, 0.0946], [0.0946, 0.0946], [0.0891, 0.0891]]
W_Z_NEXT = [[0.0455], [0.0782], [0.0782]]
SLIDE_W_H = [[0.0946, 0.0946], [0.0946, 0.0891], [0.0946, 0.0891]]  # as the backward slide prints


def lecture_trace():
    return forward_backward([W_H, W_Z], X, 0, lr=0.1)


# ------------------------------------------------------------------------ the lecture's numbers


def test_lecture_forward():
    trace = lecture_trace()
    hidden, out = trace.layers
    np.testing.assert_allclose(hidden.inputs_aug, [1.0, 1.0, 2.0])
    np.testing.assert_allclose(hidden.pre_activation, [0.4, 0.4])  # h = [1, x] W_h
    np.testing.assert_allclose(hidden.activation, [0.4, 0.4])  # identity hidden
    np.testing.assert_allclose(out.inputs_aug, [1.0, 0.4, 0.4])
    np.testing.assert_allclose(out.pre_activation, [0.18])  # z = [1, h] W_z
    np.testing.assert_allclose(trace.output, [0.5449], atol=5e-5)
    np.testing.assert_array_equal(out.activation, trace.output)
    assert round(trace.loss, 4) == 0.7872


def test_lecture_backward_by_hand():
    trace = lecture_trace()
    hidden, out = trace.layers
    y_hat = trace.output[0]
    np.testing.assert_allclose(out.delta, [y_hat - 0])  # delta_out = y_hat - y
    np.testing.assert_allclose(out.grad, [[y_hat], [0.4 * y_hat], [0.4 * y_hat]])
    np.testing.assert_allclose(hidden.delta, [0.1 * y_hat, 0.1 * y_hat])  # W_z[1:] delta * 1
    np.testing.assert_allclose(hidden.grad, np.outer([1.0, 1.0, 2.0], hidden.delta))


def test_lecture_sgd_step_gives_the_updated_weights():
    w_h_next, w_z_next = lecture_trace().weights_next
    np.testing.assert_allclose(w_h_next, W_H_NEXT, atol=5e-5)
    np.testing.assert_allclose(w_z_next, W_Z_NEXT, atol=5e-5)


def test_lecture_pytorch_model_bceloss_and_sgd_state_dict():
    model = model_from_weights([W_H, W_Z])
    assert [type(m) for m in model] == [nn.Linear, nn.Linear, nn.Sigmoid]  # the lecture's model
    y_pred = model(torch.tensor(X))
    loss = nn.BCELoss()(y_pred, torch.tensor([0.0]))
    assert round(y_pred.item(), 4) == 0.5449 and round(loss.item(), 4) == 0.7872
    loss.backward()
    torch.optim.SGD(model.parameters(), 0.1).step()
    first, second = model[0].state_dict(), model[1].state_dict()
    np.testing.assert_allclose(first["weight"], [[0.0946, 0.0891], [0.0946, 0.0891]], atol=5e-5)
    np.testing.assert_allclose(first["bias"], [0.0946, 0.0946], atol=5e-5)
    np.testing.assert_allclose(second["weight"], [[0.0782, 0.0782]], atol=5e-5)
    np.testing.assert_allclose(second["bias"], [0.0455], atol=5e-5)
    after = weights_from_model(model)
    for W_next, W_torch in zip(lecture_trace().weights_next, after, strict=True):
        np.testing.assert_allclose(W_torch, W_next, atol=1e-6)  # float32 model


def test_the_slides_w_h_is_the_transposed_mixup_not_the_formulas():
    w_h_next = lecture_trace().weights_next[0]
    assert not np.allclose(w_h_next, SLIDE_W_H, atol=5e-5)
    np.testing.assert_allclose(slide_layout_mixup(w_h_next), SLIDE_W_H, atol=5e-5)
    # The reading: the slide stacked the bias row over PyTorch's (out, in) weight, untransposed.
    weight, bias = to_torch(w_h_next)
    np.testing.assert_allclose(np.vstack([bias, weight]), SLIDE_W_H, atol=5e-5)
    np.testing.assert_allclose(weight, [[0.0946, 0.0891], [0.0946, 0.0891]], atol=5e-5)


def test_trace_types_are_frozen_dataclasses():
    trace = lecture_trace()
    assert isinstance(trace, Trace) and all(isinstance(t, LayerTrace) for t in trace.layers)
    with pytest.raises(AttributeError):
        trace.loss = 0.0


def test_softmax_output_delta_is_y_hat_minus_one_hot():
    trace = forward_backward([W_H, np.full((3, 3), 0.1)], X, 2, lr=0.1, output="softmax")
    np.testing.assert_allclose(trace.output, [1 / 3] * 3)
    np.testing.assert_allclose(trace.layers[-1].delta, [1 / 3, 1 / 3, -2 / 3])
    assert trace.loss == pytest.approx(np.log(3))


# -------------------------------------------------------- any network against torch autograd

grid = st.integers(-16, 16).map(lambda k: k / 8)  # dyadic: the first layer's sums are exact


@st.composite
def networks(draw):
    output = draw(st.sampled_from(["sigmoid", "softmax"]))
    n_layers = draw(st.integers(1, 3))
    widths = [draw(st.integers(1, 5)) for _ in range(n_layers)]  # inputs, then hidden widths
    n_out = 1 if output == "sigmoid" else draw(st.integers(2, 5))
    sizes = [*widths, n_out]
    weights = [
        draw(arrays(np.float64, (1 + n_in, n_out_), elements=grid))
        for n_in, n_out_ in itertools.pairwise(sizes)
    ]
    x = draw(arrays(np.float64, widths[0], elements=grid))
    y = draw(st.integers(0, n_out if output == "sigmoid" else n_out - 1))
    return weights, x, y, output


def torch_step(weights, x, y, lr, activation, output):
    """The same step done by PyTorch: Linear outputs, loss, grads and the weights after SGD."""
    model = model_from_weights(weights, activation, output, dtype=torch.float64)
    a, linear_outputs = torch.tensor(x), []
    body = model[:-1] if output == "sigmoid" else model  # BCE from the logit, as the Trace does
    for module in body:
        a = module(a)
        if isinstance(module, nn.Linear):
            linear_outputs.append(a.detach().numpy())
    if output == "sigmoid":
        loss = F.binary_cross_entropy_with_logits(a, torch.tensor([float(y)], dtype=torch.float64))
    else:
        loss = F.cross_entropy(a, torch.tensor(y))
    loss.backward()
    linears = [m for m in model if isinstance(m, nn.Linear)]
    grads = [from_torch(m.weight.grad, m.bias.grad) for m in linears]
    torch.optim.SGD(model.parameters(), lr=lr).step()
    return linear_outputs, loss.item(), grads, weights_from_model(model)


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@settings(max_examples=50, deadline=None)
@given(net=networks(), lr=st.sampled_from([0.01, 0.1, 0.5]))
def test_trace_matches_torch_autograd_and_sgd(activation, net, lr):
    weights, x, y, output = net
    trace = forward_backward(weights, x, y, lr, hidden_activation=activation, output=output)
    if activation == "leaky_relu":
        # Past the first layer the 0.01 slope makes sums inexact; at a kink the two libraries
        # could then round to different sides of 0 and pick different slopes.
        assume(all(np.all(np.abs(t.pre_activation) > 1e-9) for t in trace.layers[1:-1]))
    linear_outputs, loss, grads, weights_next = torch_step(weights, x, y, lr, activation, output)

    for layer, pre in zip(trace.layers, linear_outputs, strict=True):
        np.testing.assert_allclose(layer.pre_activation, pre, rtol=1e-9, atol=1e-9)
    assert trace.loss == pytest.approx(loss, rel=1e-9, abs=1e-9)
    for layer, grad in zip(trace.layers, grads, strict=True):
        np.testing.assert_allclose(layer.grad, grad, rtol=1e-7, atol=1e-9)
    for W_next, W_torch in zip(trace.weights_next, weights_next, strict=True):
        np.testing.assert_allclose(W_next, W_torch, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("activation", ["identity", "sigmoid", "tanh"])
@settings(max_examples=30, deadline=None)
@given(net=networks(), data=st.data())
def test_classes_sharing_each_hidden_weight_leave_every_hidden_gradient_0(activation, net, data):
    weights, x, y, output = net
    assume(output == "softmax" and len(weights) >= 2)
    W_z = np.array(weights[-1])
    W_z[1:] = data.draw(arrays(np.float64, (W_z.shape[0] - 1, 1), elements=grid))  # one per unit
    weights = [*weights[:-1], W_z]
    assert classes_share_hidden_weights(weights, output)
    _, _, grads, _ = torch_step(weights, x, y, 0.1, activation, output)
    for grad in grads[:-1]:  # autograd's, not the Trace's: the fact is about the network
        np.testing.assert_allclose(grad, 0.0, atol=1e-12)
    W_z[1, 0] += 0.5  # one unit now sends class 0 a different weight
    assert not classes_share_hidden_weights([*weights[:-1], W_z], output)


def test_classes_share_hidden_weights_is_a_fact_of_softmax_outputs_only():
    assert classes_share_hidden_weights([W_H, np.full((3, 2), 0.1)], "softmax")
    assert not classes_share_hidden_weights([W_H, W_Z], "sigmoid")  # one output: no classes
    assert not classes_share_hidden_weights([np.full((3, 2), 0.1)], "softmax")  # no hidden layer
    # The biases (row 0) are not fed by h: they may differ.
    assert classes_share_hidden_weights([W_H, [[0.5, -1.0], [0.1, 0.1], [0.2, 0.2]]], "softmax")


@settings(max_examples=50, deadline=None)
@given(W=arrays(np.float64, st.tuples(st.integers(2, 6), st.integers(1, 5)), elements=grid))
def test_to_torch_and_from_torch_round_trip(W):
    weight, bias = to_torch(W, dtype=torch.float64)
    assert weight.shape == (W.shape[1], W.shape[0] - 1) and bias.shape == (W.shape[1],)
    np.testing.assert_array_equal(from_torch(weight, bias), W)
    linear = nn.Linear(W.shape[0] - 1, W.shape[1], dtype=torch.float64)
    with torch.no_grad():
        linear.weight.copy_(weight)
        linear.bias.copy_(bias)
    x = np.linspace(-1, 1, W.shape[0] - 1)
    np.testing.assert_allclose(linear(torch.tensor(x)).detach().numpy(), np.r_[1.0, x] @ W)


def test_weights_from_model_reads_the_iris_classifier_shapes():
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    assert [W.shape for W in weights_from_model(model)] == [(5, 8), (9, 3)]
    rebuilt = model_from_weights(weights_from_model(model), "relu", "softmax")
    assert [type(m) for m in rebuilt] == [nn.Linear, nn.ReLU, nn.Linear]
    x = torch.randn(4)
    torch.testing.assert_close(rebuilt(x), model(x))


def test_model_from_weights_puts_the_hidden_module_between_linears():
    weights = [np.zeros((3, 4)), np.zeros((5, 4)), np.zeros((5, 1))]
    model = model_from_weights(weights, "leaky_relu", "sigmoid")
    assert [type(m) for m in model] == [
        nn.Linear, nn.LeakyReLU, nn.Linear, nn.LeakyReLU, nn.Linear, nn.Sigmoid,
    ]
    assert model[0].weight.dtype == torch.float32


# ---------------------------------------------------------------------------- validation


def test_unknown_names_are_refused():
    with pytest.raises(
        ValueError,
        match=r"hidden_activation must be one of \['identity', 'sigmoid', 'relu', 'tanh', "
        r"'leaky_relu', 'gelu'\], got 'foo'\.",
    ):
        forward_backward([W_H, W_Z], X, 0, 0.1, hidden_activation="foo")
    with pytest.raises(
        ValueError, match=r"output must be one of \['sigmoid', 'softmax'\], got 'x'\."
    ):
        model_from_weights([W_H, W_Z], output="x")


def test_lr_x_and_y_are_checked():
    with pytest.raises(ValueError, match=r"lr must be > 0, got -1\."):
        forward_backward([W_H, W_Z], X, 0, -1)
    with pytest.raises(
        ValueError, match=r"x must have shape \(2,\) to match weights\[0\] of shape \(3, 2\), "
        r"got \(3,\)\."
    ):
        forward_backward([W_H, W_Z], [1.0, 2.0, 3.0], 0, 0.1)
    with pytest.raises(ValueError, match=r"y must be 0 or 1 for output 'sigmoid', got 2\."):
        forward_backward([W_H, W_Z], X, 2, 0.1)
    with pytest.raises(ValueError, match=r"y must be a class index in \[0, 2\), got 2\."):
        forward_backward([W_H, W_H], X, 2, 0.1, output="softmax")


def test_weight_shapes_must_chain():
    with pytest.raises(
        ValueError, match=r"weights\[1\] must have 1 \+ 2 = 3 rows to follow weights\[0\] of "
        r"shape \(3, 2\), got \(4, 1\)\."
    ):
        forward_backward([W_H, np.zeros((4, 1))], X, 0, 0.1)
    with pytest.raises(
        ValueError, match=r"the last layer must have 1 column for output 'sigmoid', got 2\."
    ):
        forward_backward([W_H, W_H], X, 0, 0.1)
    with pytest.raises(
        ValueError, match=r"the last layer must have at least 2 columns for output 'softmax', got 1"
    ):
        forward_backward([W_H, W_Z], X, 0, 0.1, output="softmax")
    with pytest.raises(ValueError, match=r"weights\[0\] must have shape \(1 \+ n_in, n_out\)"):
        forward_backward([np.zeros(3), W_Z], X, 0, 0.1)
    with pytest.raises(ValueError, match=r"weights must hold at least one layer"):
        forward_backward([], X, 0, 0.1)
    with pytest.raises(ValueError, match=r"weights\[1\] must be finite, got nan or inf\."):
        forward_backward([W_H, np.full((3, 1), np.nan)], X, 0, 0.1)


def test_conversion_inputs_are_checked():
    with pytest.raises(ValueError, match=r"bias must have shape \(2,\) to match weight of shape "
                                         r"\(2, 3\), got \(3,\)\."):
        from_torch(np.zeros((2, 3)), np.zeros(3))
    with pytest.raises(ValueError, match=r"Linear layer 0 has no bias"):
        weights_from_model(nn.Sequential(nn.Linear(2, 1, bias=False)))
    with pytest.raises(ValueError, match=r"W must have shape \(1 \+ n, n\)"):
        slide_layout_mixup(np.zeros((3, 1)))
