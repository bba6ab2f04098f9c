"""mlp_core.anatomy: a built model described as the lecture does, checked against PyTorch itself."""

import numpy as np
import pytest
import torch
from torch import nn

from mlp_core.anatomy import LECTURE_VALUE, Architecture, anatomy, layers_of


def test_the_lectures_221_sigmoid_net_has_nine_parameters_all_0_1():
    a = anatomy(Architecture(2, (2,), "sigmoid", 1, "sigmoid"), lecture_weights=True, seed=0)
    assert a.total == a.trainable == a.numel == 9 and a.non_trainable == 0
    assert [c.params for c in a.counts] == [(2 + 1) * 2, (2 + 1) * 1]
    assert a.linear_names == ["Linear-1", "Linear-3"]
    assert a.activations == ["Sigmoid", "Sigmoid"]
    assert [W.shape for W in a.lecture_layout] == [(3, 2), (3, 1)]
    for W in (*a.weights, *a.biases, *a.lecture_layout):
        np.testing.assert_array_equal(W, np.full(np.shape(W), LECTURE_VALUE, dtype=np.float32))
    assert a.printout.splitlines()[0] == "Sequential("
    assert "(0): Linear(in_features=2, out_features=2, bias=True)" in a.printout


def test_the_lectures_iris_net_counts_67_as_pytorch_does():
    a = anatomy(Architecture(4, (8,), "relu", 3), lecture_weights=False, seed=0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    assert a.total == a.numel == sum(p.numel() for p in model.parameters()) == 67
    assert a.activations == ["ReLU", None]  # no output activation: logits
    assert list(a.summary["Param #"]) == [40, 0, 27]


def test_both_layouts_hold_the_same_parameters():
    a = anatomy(Architecture(3, (4, 2), "tanh", 2, "softmax"), lecture_weights=False, seed=5)
    for weight, bias, W in zip(a.weights, a.biases, a.lecture_layout, strict=True):
        np.testing.assert_array_equal(W[0], bias)  # row 0: the biases
        np.testing.assert_array_equal(W[1:], weight.T)  # then one row per input


def test_a_seed_draws_the_same_weights_whatever_the_global_rng_did():
    arch = Architecture(2, (3,), "relu", 2)
    first = anatomy(arch, lecture_weights=False, seed=7)
    torch.manual_seed(1234)
    torch.rand(10)
    again = anatomy(arch, lecture_weights=False, seed=7)
    other = anatomy(arch, lecture_weights=False, seed=8)
    for a, b in zip(first.weights, again.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first.weights[0], other.weights[0])


def test_an_empty_hidden_layer_is_refused():
    with pytest.raises(ValueError, match="positive widths"):
        anatomy(Architecture(2, (2, 0), "relu", 1), lecture_weights=True, seed=0)


def test_layers_of_reads_the_output_activation_and_skips_identity():
    model = nn.Sequential(nn.Linear(2, 2), nn.Identity(), nn.Linear(2, 2), nn.Sigmoid())
    weights, biases, activations = layers_of(model)
    assert [w.shape for w in weights] == [(2, 2), (2, 2)]
    assert [b.shape for b in biases] == [(2,), (2,)]
    assert activations == [None, "Sigmoid"]

