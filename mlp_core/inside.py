"""Inside the network: every unit's activation over a set of points, and a hidden layer's view.

The model is the nn.Sequential that build_mlp makes (Linear, activation, ..., Linear[, output]).
A layer's activation is what leaves it: a hidden layer's values after its activation (identity
adds no module, so then its Linear's output), and the output layer's class probabilities
(softmax of the logits when the model ends in a Linear, as the Trainer's does).

A hidden layer's view of the data (ConvNetJS's 2-D demo) is the points in that layer's
coordinates: two of its units, or its first two principal components. Circles or XOR that no line
separates in the input plane become separable there.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from mlp_core.regions import Grid, decision_grid


def _layers(model: nn.Sequential) -> list[list[nn.Module]]:
    """The model's modules cut before each Linear: one group per layer, its Linear first."""
    if not isinstance(model, nn.Sequential) or not len(model) \
            or not isinstance(model[0], nn.Linear):
        raise ValueError("model must be an nn.Sequential starting with a Linear layer "
                         "(as build_mlp makes it).")
    groups: list[list[nn.Module]] = []
    for module in model:
        if isinstance(module, nn.Linear):
            groups.append([module])
        else:
            groups[-1].append(module)
    return groups


def linear_layers(model: nn.Sequential) -> list[nn.Linear]:
    """The model's Linear layers, first layer first."""
    return [group[0] for group in _layers(model)]


def _points(X, n_features: int) -> torch.Tensor:
    X = np.asarray(X, dtype=np.float32)
    if X.ndim != 2 or X.shape[1] != n_features:
        raise ValueError(f"X must have shape (n, {n_features}), got {X.shape}.")
    if not np.isfinite(X).all():
        raise ValueError("X must hold only finite numbers, got NaN or infinite values.")
    return torch.from_numpy(np.ascontiguousarray(X))


def unit_activations(model: nn.Sequential, X) -> list[np.ndarray]:
    """Every unit's activation at every point, layer by layer.

    X : (n, n_in) -> one array per layer: hidden layer k : (n, width_k) after its activation;
    the last : (n, n_classes) the class probabilities (softmax of the logits when the model ends
    in a Linear; otherwise, or with one output unit, a regression's, the model's own output).
    """
    groups = _layers(model)
    h = _points(X, groups[0][0].in_features)
    out = []
    with torch.inference_mode():
        for group in groups:
            for module in group:
                h = module(h)
            out.append(h)
        # Logits: the output layer's units are its probabilities. One output unit is a
        # regression's value, shown as it is.
        if len(groups[-1]) == 1 and out[-1].shape[1] > 1:
            out[-1] = torch.softmax(out[-1], dim=1)
    return [a.numpy().astype(np.float64) for a in out]


# How the decision regions lay their grid: make_grid(predict_proba, resolution) -> Grid, calling
# predict_proba once on every grid point (regions.decision_grid over two features, or any plane).
GridMaker = Callable[[Callable[[np.ndarray], np.ndarray], int], Grid]


def units_on(model: nn.Sequential, make_grid: GridMaker,
             resolution: int = 25) -> tuple[Grid, list[np.ndarray]]:
    """Every unit's activation over the grid make_grid lays (one forward pass over its points).

    Returns the Grid (its proba is the output layer's map) and one array per layer :
    (resolution, resolution, width), row i for grid.ys[i], column j for grid.xs[j].
    """
    layers: list[np.ndarray] = []

    def probabilities(points: np.ndarray) -> np.ndarray:
        layers[:] = unit_activations(model, points)
        return layers[-1]

    grid = make_grid(probabilities, resolution)
    n = grid.resolution
    return grid, [a.reshape(n, n, -1) for a in layers]


def feature_grid(X, features: tuple[int, int] = (0, 1), held=None, made=()) -> GridMaker:
    """The regions' square grid over two columns, the others at `held` (regions.decision_grid;
    made: the hand-made features of 2-D data, computed at each grid point)."""
    def make_grid(predict_proba, resolution: int) -> Grid:
        return decision_grid(predict_proba, X, features=features, resolution=resolution,
                             held=held, square=True, made=made)

    return make_grid


def unit_grid(model: nn.Sequential, X, features: tuple[int, int] = (0, 1), resolution: int = 25,
              held=None) -> tuple[Grid, list[np.ndarray]]:
    """Every unit's activation over the decision regions' plane: the same grid, the same slice.

    X, features, resolution, held : as regions.decision_grid. Returns as units_on.
    """
    return units_on(model, feature_grid(X, features, held), resolution)


@dataclass(frozen=True, eq=False)
class LayerView:
    """Points in one hidden layer's coordinates.

    coords : (n, 2); units : the two units shown, or None for the principal components;
    mean : (width,) and components : (2, width) of the PCA (None for two units), so that
    coords = (activations - mean) @ components.T; explained : (2,) share of the variance.
    """

    layer: int
    coords: np.ndarray
    units: tuple[int, int] | None
    mean: np.ndarray | None = None
    components: np.ndarray | None = None
    explained: np.ndarray | None = None


def principal_axes(A: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The mean, first two principal directions (2, width) and their share of the variance.

    Each direction's sign is fixed so its largest entry (in absolute value) is positive: the
    picture does not flip between two epochs that hardly differ. A layer of one unit has one
    direction; the second is then zero.
    """
    A = np.asarray(A, dtype=np.float64)
    mean = A.mean(axis=0)
    _, s, vt = np.linalg.svd(A - mean, full_matrices=False)
    components = np.zeros((2, A.shape[1]))
    k = min(2, len(vt))
    components[:k] = vt[:k]
    for row in components[:k]:
        if row[np.argmax(np.abs(row))] < 0:
            row *= -1
    variance = s**2
    explained = np.zeros(2)
    if variance.sum() > 0:
        explained[:k] = variance[:k] / variance.sum()
    return mean, components, explained


def layer_view(model: nn.Sequential, X, layer: int, units: tuple[int, int] | None = None,
               fit_on=None) -> LayerView:
    """The points X as hidden layer `layer` sees them (0 = the first hidden layer).

    units : two of its units' indices, or None for its first two principal components, fitted
    on the activations of `fit_on` (default X itself), so that a grid and the data can be put in
    the same coordinates. X, fit_on : (n, n_in).
    """
    hidden = len(_layers(model)) - 1
    if isinstance(layer, bool) or not isinstance(layer, int | np.integer) \
            or not 0 <= layer < hidden:
        raise ValueError(f"layer must be a hidden layer index in [0, {hidden}), got {layer!r}.")
    A = unit_activations(model, X)[layer]
    if units is not None:
        width = A.shape[1]
        pair = tuple(units)
        if len(pair) != 2 or not all(isinstance(u, int | np.integer) and 0 <= u < width
                                     for u in pair):
            raise ValueError(f"units must be two unit indices in [0, {width}), got {units!r}.")
        return LayerView(int(layer), A[:, list(pair)], (int(pair[0]), int(pair[1])))
    basis = A if fit_on is None else unit_activations(model, fit_on)[layer]
    mean, components, explained = principal_axes(basis)
    return LayerView(int(layer), (A - mean) @ components.T, None, mean, components, explained)


def warped_grid(model: nn.Sequential, X, layer: int, make_grid: GridMaker,
                units: tuple[int, int] | None = None,
                resolution: int = 21) -> tuple[LayerView, np.ndarray]:
    """The data and the regions' plane as hidden layer `layer` sees them (ConvNetJS's 2-D demo).

    X : (n, n_in) the data, drawn at its own values; the plane is the grid make_grid lays (the
    decision regions' own, e.g. feature_grid). Coordinates: `units`, or the first two principal
    components of the data's activations in that layer (the data and the grid in the same ones).
    Returns the data's LayerView and the grid's coordinates : (resolution, resolution, 2); row i
    is the plane's line y = grid.ys[i], column j the line x = grid.xs[j].
    """
    view = layer_view(model, X, layer, units)
    _, maps = units_on(model, make_grid, resolution)
    A = maps[layer].reshape(resolution * resolution, -1)
    coords = A[:, list(view.units)] if view.units is not None \
        else (A - view.mean) @ view.components.T
    return view, coords.reshape(resolution, resolution, 2)


def _linear(model: nn.Sequential, layer: int, unit: int, source: int) -> nn.Linear:
    """Linear `layer`, once (unit, source) is known to name one of its parameters."""
    layers = linear_layers(model)
    if isinstance(layer, bool) or not isinstance(layer, int | np.integer) \
            or not 0 <= layer < len(layers):
        raise ValueError(f"layer must be in [0, {len(layers)}), got {layer!r}.")
    linear = layers[layer]
    if not 0 <= unit < linear.out_features or not -1 <= source < linear.in_features:
        raise ValueError(f"unit must be in [0, {linear.out_features}) and source in "
                         f"[-1, {linear.in_features}), got ({unit!r}, {source!r}).")
    return linear


def parameter(model: nn.Sequential, layer: int, unit: int, source: int) -> float:
    """weight[unit, source] of Linear `layer`, or its bias[unit] when source is -1."""
    linear = _linear(model, layer, unit, source)
    value = linear.bias[unit] if source < 0 else linear.weight[unit, source]
    return float(value.item())


def set_parameter(model: nn.Sequential, layer: int, unit: int, source: int,
                  value: float) -> None:
    """Set weight[unit, source] of Linear `layer` (its bias[unit] when source is -1) in place."""
    linear = _linear(model, layer, unit, source)
    if isinstance(value, bool) or not isinstance(value, int | float | np.number) \
            or not np.isfinite(value):
        raise ValueError(f"value must be a finite number, got {value!r}.")
    with torch.no_grad():
        if source < 0:
            linear.bias[unit] = float(value)
        else:
            linear.weight[unit, source] = float(value)


def with_parameter(model: nn.Sequential, layer: int, unit: int, source: int,
                   value: float) -> nn.Sequential:
    """A copy of the model with one parameter set (as set_parameter); the model is left as is."""
    edited = copy.deepcopy(model)
    set_parameter(edited, layer, unit, source, value)
    return edited


def parameters_copy(model: nn.Module) -> dict[str, torch.Tensor]:
    """Every parameter's value, copied: what restore_parameters puts back."""
    return {name: p.detach().clone() for name, p in model.named_parameters()}


def restore_parameters(model: nn.Module, saved: dict[str, torch.Tensor]) -> None:
    """Put the values parameters_copy took back into the model's own tensors, in place."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(saved[name])
