"""mlp_core.inside: unit activations and a hidden layer's view, against torch forward hooks."""

import numpy as np
import pytest
import torch
from sklearn.decomposition import PCA
from torch import nn

from mlp_core.functions import ACTIVATIONS
from mlp_core.inside import (
    feature_grid,
    layer_view,
    parameter,
    parameters_copy,
    restore_parameters,
    set_parameter,
    unit_activations,
    unit_grid,
    warped_grid,
    with_parameter,
)
from mlp_core.network import build_mlp
from mlp_core.regions import decision_grid
from mlp_core.training import TrainConfig, Trainer

ARCHITECTURES = [
    (2, (), 2, "relu"),
    (2, (3,), 2, "tanh"),
    (2, (8,), 3, "relu"),
    (4, (8, 5), 3, "sigmoid"),
    (3, (4, 4, 2), 4, "leaky_relu"),
    (2, (6,), 2, "identity"),
    (5, (7, 3), 2, "gelu"),
]


def hooked_forward(model: nn.Sequential, X: np.ndarray) -> list[np.ndarray]:
    """What leaves each layer, captured by forward hooks: the module before each Linear (and the
    last module), then softmax of the logits as the output layer's probabilities."""
    modules = list(model)
    ends = [modules[i - 1] for i in range(1, len(modules)) if isinstance(modules[i], nn.Linear)]
    ends.append(modules[-1])
    captured: dict[int, torch.Tensor] = {}
    handles = [m.register_forward_hook(
        lambda module, args, out, k=k: captured.__setitem__(k, out.detach().clone()))
        for k, m in enumerate(ends)]
    try:
        with torch.no_grad():
            logits = model(torch.from_numpy(X.astype(np.float32)))
    finally:
        for h in handles:
            h.remove()
    layers = [captured[k].numpy() for k in range(len(ends))]
    np.testing.assert_array_equal(layers[-1], logits.numpy())
    layers[-1] = torch.softmax(logits, dim=1).numpy()
    return layers


@pytest.mark.parametrize(("n_in", "hidden", "n_out", "activation"), ARCHITECTURES)
def test_activations_equal_a_hooked_forward_pass(n_in, hidden, n_out, activation):
    model = build_mlp(n_in, hidden, activation, n_out, seed=3)
    X = np.random.default_rng(0).normal(size=(50, n_in))
    got = unit_activations(model, X)
    want = hooked_forward(model, X)
    assert [a.shape for a in got] == [(50, w) for w in (*hidden, n_out)]
    for g, w in zip(got, want, strict=True):
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(got[-1].sum(axis=1), 1.0, rtol=1e-6)


def test_every_activation_is_covered():
    assert {a for *_, a in ARCHITECTURES} == set(ACTIVATIONS)


@pytest.mark.parametrize(("n_in", "hidden", "n_out", "activation"), ARCHITECTURES)
def test_unit_grid_is_the_activations_at_the_regions_grid(n_in, hidden, n_out, activation):
    model = build_mlp(n_in, hidden, activation, n_out, seed=1)
    X = np.random.default_rng(2).normal(size=(30, n_in))
    features = (n_in - 1, 0)
    held = X.mean(axis=0) + 0.25
    grid = decision_grid(lambda P: torch.softmax(model(torch.from_numpy(P)), 1).detach().numpy(),
                         X, features=features, resolution=9, held=held, square=True)
    same, maps = unit_grid(model, X, features, resolution=9, held=held)
    for axis in ("xs", "ys", "held"):
        np.testing.assert_array_equal(getattr(same, axis), getattr(grid, axis))
    hooked = hooked_forward(model, grid.points())
    for m, h in zip(maps, hooked, strict=True):
        assert m.shape == (9, 9, h.shape[1])
        np.testing.assert_allclose(m.reshape(81, -1), h, rtol=1e-6, atol=1e-7)
    # The output layer's map is the regions' own probabilities.
    np.testing.assert_allclose(maps[-1], grid.proba, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(same.proba, grid.proba, rtol=1e-6, atol=1e-7)


def test_a_trained_models_output_units_are_predict_proba():
    X = np.random.default_rng(4).normal(size=(40, 2)).astype(np.float32)
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    trainer = Trainer(TrainConfig(hidden=(4,), activation="tanh", lr=0.1, epochs=5, seed=0), X, y)
    trainer.run(5)
    np.testing.assert_allclose(unit_activations(trainer.model, X)[-1], trainer.predict_proba(X),
                               rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize(("n_in", "hidden", "n_out", "activation"),
                         [a for a in ARCHITECTURES if a[1]])
def test_layer_view_of_two_units_is_their_hooked_activations(n_in, hidden, n_out, activation):
    model = build_mlp(n_in, hidden, activation, n_out, seed=5)
    X = np.random.default_rng(6).normal(size=(25, n_in))
    hooked = hooked_forward(model, X)
    for layer, width in enumerate(hidden):
        units = (width - 1, 0)
        view = layer_view(model, X, layer, units=units)
        assert view.units == units
        np.testing.assert_allclose(view.coords, hooked[layer][:, list(units)], rtol=1e-6,
                                   atol=1e-7)


@pytest.mark.parametrize(("n_in", "hidden", "n_out", "activation"),
                         [a for a in ARCHITECTURES if a[1] and min(a[1]) >= 2])
def test_layer_view_pca_agrees_with_sklearn(n_in, hidden, n_out, activation):
    model = build_mlp(n_in, hidden, activation, n_out, seed=7)
    rng = np.random.default_rng(8)
    X, grid = rng.normal(size=(60, n_in)), rng.normal(size=(20, n_in))
    hooked = hooked_forward(model, X)
    for layer in range(len(hidden)):
        pca = PCA(n_components=2).fit(hooked[layer].astype(np.float64))
        data = layer_view(model, X, layer)
        # The grid in the coordinates fitted on the data: sklearn's transform does the same.
        warped = layer_view(model, grid, layer, fit_on=X)
        want_data = pca.transform(hooked[layer])
        want_grid = pca.transform(hooked_forward(model, grid)[layer])
        signs = np.sign(np.sum(data.coords * want_data, axis=0))  # PCA's sign is a convention
        np.testing.assert_allclose(data.coords, want_data * signs, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(warped.coords, want_grid * signs, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(data.explained, pca.explained_variance_ratio_, rtol=1e-5)
        # The sign convention: each direction's largest entry is positive.
        for row in data.components:
            assert row[np.argmax(np.abs(row))] > 0


def test_xor_becomes_linearly_separable_in_the_hidden_layer():
    """The lecture's point: no line separates XOR in the plane, one does in the hidden layer."""
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(200, 2)).astype(np.float32)
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    trainer = Trainer(TrainConfig(hidden=(8,), activation="tanh", optimizer="adam", lr=0.05,
                                  batch_size=None, epochs=300, seed=0), X, y)
    trainer.run(300)
    assert (trainer.predict(X) == y).mean() > 0.95
    plane = LogisticRegression().fit(X, y).score(X, y)
    view = layer_view(trainer.model, X, 0, units=None)
    hidden = LogisticRegression(max_iter=1000).fit(
        unit_activations(trainer.model, X)[0], y).score(unit_activations(trainer.model, X)[0], y)
    assert plane < 0.7 < 0.95 < hidden
    assert view.coords.shape == (200, 2)


def test_layer_view_refuses_what_is_not_a_hidden_layer_or_unit():
    model = build_mlp(2, (3,), "relu", 2, seed=0)
    X = np.zeros((4, 2))
    with pytest.raises(ValueError, match="layer"):
        layer_view(model, X, 1)
    with pytest.raises(ValueError, match="units"):
        layer_view(model, X, 0, units=(0, 3))
    with pytest.raises(ValueError, match="shape"):
        unit_activations(model, np.zeros((4, 3)))


@pytest.mark.parametrize("source", [-1, 0, 2])
def test_with_parameter_is_the_same_edit_done_on_the_model(source):
    model = build_mlp(3, (4,), "tanh", 3, seed=0)
    X = np.random.default_rng(1).normal(size=(10, 3))
    before = unit_activations(model, X)[-1]
    edited = with_parameter(model, 1, 2, source, 1.75)
    np.testing.assert_array_equal(unit_activations(model, X)[-1], before)  # left as it was
    with torch.no_grad():
        if source < 0:
            model[2].bias[2] = 1.75
        else:
            model[2].weight[2, source] = 1.75
    np.testing.assert_array_equal(unit_activations(edited, X)[-1], unit_activations(model, X)[-1])
    assert not np.allclose(unit_activations(edited, X)[-1], before)


def test_an_edit_in_place_is_undone_exactly_by_restoring():
    model = build_mlp(2, (5, 3), "relu", 2, seed=0)
    X = np.random.default_rng(3).normal(size=(12, 2))
    saved, before = parameters_copy(model), unit_activations(model, X)
    tensors = list(model.parameters())
    set_parameter(model, 0, 4, -1, -2.5)
    set_parameter(model, 2, 1, 0, 3.0)
    assert parameter(model, 0, 4, -1) == -2.5 and parameter(model, 2, 1, 0) == 3.0
    assert model[0].bias[4].item() == -2.5 and model[4].weight[1, 0].item() == 3.0
    restore_parameters(model, saved)
    assert all(a is b for a, b in zip(model.parameters(), tensors, strict=True))  # in place
    for got, want in zip(unit_activations(model, X), before, strict=True):
        np.testing.assert_array_equal(got, want)


def test_an_edit_refuses_what_names_no_parameter_or_no_number():
    model = build_mlp(2, (3,), "relu", 2, seed=0)
    for layer, unit, source in ((2, 0, 0), (0, 3, 0), (0, 0, 2), (0, 0, -2)):
        with pytest.raises(ValueError):
            set_parameter(model, layer, unit, source, 1.0)
    for value in (float("nan"), float("inf"), "1"):
        with pytest.raises(ValueError, match="finite"):
            set_parameter(model, 0, 0, 0, value)


@pytest.mark.parametrize("units", [None, (2, 0)])
def test_the_warped_grid_is_the_regions_grid_in_the_layers_coordinates(units):
    model = build_mlp(3, (4, 3), "tanh", 2, seed=9)
    X = np.random.default_rng(10).normal(size=(40, 3))
    held = X.mean(axis=0)
    view, lines = warped_grid(model, X, 1, feature_grid(X, (0, 2), held), units=units,
                              resolution=7)
    grid = decision_grid(lambda P: np.full((len(P), 2), 0.5), X, features=(0, 2), resolution=7,
                         held=held, square=True)
    hidden = hooked_forward(model, grid.points())[1]  # the second hidden layer, by hooks
    data = hooked_forward(model, X)[1]
    assert lines.shape == (7, 7, 2)
    if units is None:
        pca = PCA(n_components=2).fit(data)
        want, want_data = pca.transform(hidden), pca.transform(data)
        signs = np.sign(np.sum(view.coords * want_data, axis=0))
        want, want_data = want * signs, want_data * signs
    else:
        want, want_data = hidden[:, list(units)], data[:, list(units)]
    np.testing.assert_allclose(lines.reshape(49, 2), want, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(view.coords, want_data, rtol=1e-4, atol=1e-5)
    # Row i of the lines is the horizontal line y = ys[i] of the plane.
    row = grid.points().reshape(7, 7, 3)[3]
    np.testing.assert_allclose(row[:, 2], grid.ys[3])
