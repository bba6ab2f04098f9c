"""build_mlp, parameter counts and the summary table, against the lecture's printed tables."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from torch import nn

from mlp_core.functions import ACTIVATIONS
from mlp_core.network import (
    OUTPUT_ACTIVATIONS,
    SUMMARY_COLUMNS,
    build_mlp,
    layer_param_counts,
    summary_table,
)


def assert_close(a, b, rtol=1.3e-6, atol=1e-5):
    """assert_close's float32 tolerances, without torch.testing's slow torch.distributed import."""
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=rtol, atol=atol)


def rows(table):
    return [tuple(r) for r in table.rows.itertuples(index=False)]


def n_params(model):
    return sum(p.numel() for p in model.parameters())


# ------------------------------------------------------------------------- the lecture's tables


def test_iris_classifier_matches_the_lecture_summary():
    model = build_mlp(4, (8,), "relu", 3)
    table = summary_table(model, 4)
    assert list(table.rows.columns) == list(SUMMARY_COLUMNS)
    assert rows(table) == [
        ("Linear-1", "[-1, 1, 8]", 40),
        ("ReLU-2", "[-1, 1, 8]", 0),
        ("Linear-3", "[-1, 1, 3]", 27),
    ]
    assert (table.total, table.trainable, table.non_trainable) == (67, 67, 0)
    assert table.total == n_params(model)


def test_iris_classifier_prints_as_in_the_lecture():
    assert str(build_mlp(4, (8,), "relu", 3)) == (
        "Sequential(\n"
        "  (0): Linear(in_features=4, out_features=8, bias=True)\n"
        "  (1): ReLU()\n"
        "  (2): Linear(in_features=8, out_features=3, bias=True)\n"
        ")"
    )


def test_linear_linear_sigmoid_has_12_parameters():
    """The lecture's nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2), nn.Sigmoid())."""
    model = build_mlp(2, (2,), "identity", 2, output_activation="sigmoid")
    assert [type(m) for m in model] == [nn.Linear, nn.Linear, nn.Sigmoid]
    table = summary_table(model, 2)
    assert rows(table) == [
        ("Linear-1", "[-1, 1, 2]", 6),
        ("Linear-2", "[-1, 1, 2]", 6),
        ("Sigmoid-3", "[-1, 1, 2]", 0),
    ]
    assert (table.total, table.trainable, table.non_trainable) == (12, 12, 0)


@pytest.mark.parametrize(("name", "label"), [("sigmoid", "Sigmoid"), ("relu", "ReLU"),
                                             ("tanh", "Tanh")])
def test_2_2_1_networks_have_9_parameters(name, label):
    model = build_mlp(2, (2,), name, 1, output_activation="sigmoid")
    table = summary_table(model, 2)
    assert rows(table) == [
        ("Linear-1", "[-1, 1, 2]", 6),
        (f"{label}-2", "[-1, 1, 2]", 0),
        ("Linear-3", "[-1, 1, 1]", 3),
        ("Sigmoid-4", "[-1, 1, 1]", 0),
    ]
    assert table.total == 9 == n_params(model)


def test_bce_slide_network_and_cross_entropy_slide_network():
    bce = summary_table(build_mlp(2, (2,), "identity", 1, "sigmoid"), 2)
    assert rows(bce) == [("Linear-1", "[-1, 1, 2]", 6), ("Linear-2", "[-1, 1, 1]", 3),
                         ("Sigmoid-3", "[-1, 1, 1]", 0)]
    ce = summary_table(build_mlp(2, (2,), "relu", 2), 2)
    assert rows(ce) == [("Linear-1", "[-1, 1, 2]", 6), ("ReLU-2", "[-1, 1, 2]", 0),
                        ("Linear-3", "[-1, 1, 2]", 6)]
    assert (bce.total, ce.total) == (9, 12)


def test_summary_works_on_a_hand_written_sequential():
    model = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2), nn.Sigmoid())
    assert summary_table(model, 2).total == 12


def test_layer_counts_give_the_lecture_formulas():
    counts = layer_param_counts(4, (8,), 3)
    assert [(c.n_in, c.n_out, c.params) for c in counts] == [(4, 8, 40), (8, 3, 27)]
    assert sum(c.params for c in layer_param_counts(2, (2,), 1)) == 9


@given(
    n_in=st.integers(1, 6),
    hidden=st.lists(st.integers(1, 6), max_size=3),
    n_out=st.integers(1, 5),
    activation=st.sampled_from(list(ACTIVATIONS)),
)
def test_counts_and_summary_agree_with_torch(n_in, hidden, n_out, activation):
    model = build_mlp(n_in, hidden, activation, n_out)
    counts = layer_param_counts(n_in, hidden, n_out)
    table = summary_table(model, n_in)
    linears = [m for m in model if isinstance(m, nn.Linear)]
    assert [c.params for c in counts] == [sum(p.numel() for p in m.parameters()) for m in linears]
    assert sum(c.params for c in counts) == table.total == n_params(model)
    assert table.rows["Param #"].sum() == table.total
    assert table.rows["Output Shape"].iloc[-1] == f"[-1, 1, {n_out}]"


# ------------------------------------------------------------------------------- the structure


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_each_activation_is_the_registry_module(name):
    model = build_mlp(3, (4, 5), name, 2)
    acts = [m for m in model if not isinstance(m, nn.Linear)]
    expected = [] if name == "identity" else [repr(ACTIVATIONS[name].torch_module())] * 2
    assert [repr(m) for m in acts] == expected
    assert [type(m) for m in model if isinstance(m, nn.Linear)] == [nn.Linear] * 3


def test_no_hidden_layer_is_softmax_regression():
    model = build_mlp(2, (), "relu", 3)
    assert [type(m) for m in model] == [nn.Linear]
    assert (model[0].in_features, model[0].out_features) == (2, 3)


def test_softmax_output_gives_probabilities():
    model = build_mlp(4, (8,), "tanh", 3, output_activation="softmax")
    p = model(torch.randn(5, 4))
    assert_close(p.sum(dim=1), torch.ones(5))
    assert "softmax" in OUTPUT_ACTIVATIONS


def test_summary_leaves_the_global_rng_and_the_mode_alone():
    model = build_mlp(4, (8,), "relu", 3)
    torch.manual_seed(1)
    expected = torch.rand(3)
    torch.manual_seed(1)
    summary_table(model, 4)
    assert torch.equal(torch.rand(3), expected)
    assert model.training


# ----------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(("hidden", "shown"), [((0,), r"\(0,\)"), ([8, -1], r"\(8, -1\)"),
                                               ((2.5,), r"\(2.5,\)"), (8, "8"),
                                               ((True,), r"\(True,\)")])
def test_hidden_must_be_positive_widths(hidden, shown):
    with pytest.raises(ValueError, match=rf"^hidden must be positive widths, got {shown}\.$"):
        build_mlp(4, hidden, "relu", 3)
    with pytest.raises(ValueError, match="hidden must be positive widths"):
        layer_param_counts(4, hidden, 3)


def test_widths_and_names_are_checked():
    with pytest.raises(ValueError, match=r"^n_in must be a positive integer, got 0\.$"):
        build_mlp(0, (8,), "relu", 3)
    with pytest.raises(ValueError, match=r"^n_out must be a positive integer, got 1\.5\.$"):
        build_mlp(4, (8,), "relu", 1.5)
    with pytest.raises(ValueError, match=r"^activation must be one of \['identity', 'sigmoid', "
                                         r"'relu', 'tanh', 'leaky_relu', 'gelu'\], got 'swish'\.$"):
        build_mlp(4, (8,), "swish", 3)
    with pytest.raises(ValueError, match=r"^output_activation must be None or one of .*"
                                         r"'softmax'\], got 'log_softmax'\.$"):
        build_mlp(4, (8,), "relu", 3, output_activation="log_softmax")


def test_summary_checks_its_inputs():
    with pytest.raises(ValueError,
                       match=r"^n_in must match the model's first layer \(4\), got 3\.$"):
        summary_table(build_mlp(4, (8,), "relu", 3), 3)
    with pytest.raises(ValueError, match=r"^model must be a torch nn.Module, got list\.$"):
        summary_table([1, 2], 2)


def test_seeded_build_equals_torch_manual_seed_and_leaves_the_global_rng_alone():
    """The private generator draws what torch.manual_seed would, so exported scripts match."""
    torch.manual_seed(7)
    reference = build_mlp(4, (8, 5), "relu", 3)
    torch.manual_seed(123)
    before = torch.random.get_rng_state()
    seeded = build_mlp(4, (8, 5), "relu", 3, seed=7)
    assert torch.equal(torch.random.get_rng_state(), before)
    for a, b in zip(reference.parameters(), seeded.parameters(), strict=True):
        assert torch.equal(a, b)


def test_seeded_build_is_unaffected_by_other_draws_in_between():
    """Two sessions in one process: another thread drawing from the global RNG changes nothing."""
    first = build_mlp(2, (3,), "tanh", 2, seed=1)
    torch.rand(1000)
    second = build_mlp(2, (3,), "tanh", 2, seed=1)
    for a, b in zip(first.parameters(), second.parameters(), strict=True):
        assert torch.equal(a, b)
