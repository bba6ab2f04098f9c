"""What the forward-and-backward, anatomy and activations pages compute once per input and share:
each cached answer is the uncached one, and a repeated input is not computed again."""

import numpy as np
import pandas as pd
import pytest
from streamlit import dataframe_util

from mlp_core import activations_losses as al
from mlp_core import anatomy as core
from mlp_core.anatomy import NO_OUTPUT_ACTIVATION, Architecture
from mlp_core.autograd_check import torch_step
from ui.figures.network import network_figure
from ui.lessons import activations_losses as av
from ui.lessons import mlp_anatomy as an
from ui.lessons.forward_backward import torch_step_once


@pytest.mark.parametrize(("hidden", "output", "n_out", "y"), [
    ("identity", "sigmoid", 1, 0), ("sigmoid", "sigmoid", 1, 1), ("relu", "softmax", 3, 2),
    ("tanh", "softmax", 2, 0)])
def test_torch_step_once_is_torch_step(hidden, output, n_out, y):
    rng = np.random.default_rng(n_out + y)
    weights = [rng.normal(size=(3, 2)), rng.normal(size=(3, n_out))]
    cached = torch_step_once(weights, [1.0, -2.5], y, 0.3, hidden, output)
    fresh = torch_step(weights, [1.0, -2.5], y, 0.3, hidden, output)
    assert cached.loss == fresh.loss and cached.model_text == fresh.model_text
    for ours, theirs in zip(cached.grads + cached.weights_after, fresh.grads + fresh.weights_after,
                            strict=True):
        np.testing.assert_array_equal(ours, theirs)
    for name, values in fresh.state_after.items():
        np.testing.assert_array_equal(cached.state_after[name], values)
    # The same input again, as lists this time (the grid's values, not arrays): the same answer.
    again = torch_step_once([w.tolist() for w in weights], (1.0, -2.5), y, 0.3, hidden, output)
    assert again is cached


def test_torch_step_once_tells_inputs_apart():
    weights = [np.full((3, 2), 0.1), np.full((3, 1), 0.1)]
    first = torch_step_once(weights, [1.0, 2.0], 0, 0.1, "identity", "sigmoid")
    assert torch_step_once(weights, [1.0, 2.0], 1, 0.1, "identity", "sigmoid").loss != first.loss
    assert torch_step_once(weights, [1.0, 2.5], 0, 0.1, "identity", "sigmoid").loss != first.loss
    # The lecture's BCE at y = 0 for z = 0.1 + 0.1 * (0.1 + 0.1 * 1 + 0.1 * 2) * 2 = 0.18.
    assert round(first.loss, 4) == 0.7872


ARCHITECTURES = [Architecture(2, (2,), "sigmoid", 1, "sigmoid"),
                 Architecture(4, (8,), "relu", 3, NO_OUTPUT_ACTIVATION),
                 Architecture(3, (5, 4), "tanh", 2, "softmax")]


@pytest.mark.parametrize("arch", ARCHITECTURES)
@pytest.mark.parametrize(("lecture_weights", "seed"), [(True, 0), (False, 7)])
def test_the_anatomy_diagram_and_tables_are_the_uncached_ones(arch, lecture_weights, seed):
    model = core.anatomy(arch, lecture_weights, seed)
    shown = an.diagram(arch, lecture_weights, seed, "en")
    assert shown.to_dict() == network_figure(model.weights, model.biases,
                                             model.activations).to_dict()
    summary = an.summary(arch, lecture_weights, seed)
    assert dataframe_util.convert_arrow_table_to_arrow_bytes(summary) == \
        dataframe_util.convert_pandas_df_to_arrow_bytes(model.summary)
    tables = an.exact_tables(arch, lecture_weights, seed, "en")
    assert len(tables) == len(arch.hidden) + 1
    for k, (table, W) in enumerate(zip(tables, model.lecture_layout, strict=True)):
        frame = an.lecture_layout_frame(W, k, len(tables))
        # The bytes st.dataframe sends for the frame, and the frame read back, index included.
        assert dataframe_util.convert_arrow_table_to_arrow_bytes(table) == \
            dataframe_util.convert_pandas_df_to_arrow_bytes(frame)
        pd.testing.assert_frame_equal(table.to_pandas(), frame)
    # Asked again: the very same objects, not built again.
    assert an.diagram(arch, lecture_weights, seed, "en") is shown
    assert an.exact_tables(arch, lecture_weights, seed, "en") is tables
    assert an.summary(arch, lecture_weights, seed) is summary


def test_every_comparison_range_the_slider_reaches_stays_cached():
    slider = np.round(np.arange(-8.0, 8.0 + 1e-9, 0.01), 2)
    for y in (0, 1):
        for z in slider:
            al.comparison_curves(y, float(z))
    before = al._comparison_curves.cache_info()
    for y in (0, 1):
        for z in slider:
            al.comparison_curves(y, float(z))
    assert al._comparison_curves.cache_info().misses == before.misses  # a second sweep: all hits
    # And a cached range is the one computed afresh.
    zs, curves = al.comparison_curves(1, -7.25)
    assert zs[0] == round(-7.25 - 1, 1) and zs[-1] == 6.0
    for name, (L, dL) in curves.items():
        fresh = [al.binary_comparison(float(v), 1)[name] for v in zs]
        np.testing.assert_array_equal(L, [v for v, _ in fresh])
        np.testing.assert_array_equal(dL, [g for _, g in fresh])


def test_the_shared_anatomy_model_is_the_uncached_one_and_read_only():
    arch = Architecture(4, (8,), "relu", 3, NO_OUTPUT_ACTIVATION)
    shared, fresh = an.anatomy(arch, False, 3), core.anatomy(arch, False, 3)
    assert an.anatomy(arch, False, 3) is shared
    assert (shared.total, shared.printout) == (fresh.total, fresh.printout) == (67, fresh.printout)
    pd.testing.assert_frame_equal(shared.summary, fresh.summary)
    for ours, theirs in zip(shared.weights + shared.biases + shared.lecture_layout,
                            fresh.weights + fresh.biases + fresh.lecture_layout, strict=True):
        np.testing.assert_array_equal(ours, theirs)
        with pytest.raises(ValueError, match="read-only"):
            ours[0] = 1.0  # no session can change the model every other session is shown


@pytest.mark.parametrize("x", [[0.18, -0.18], [-3.0, 0.0, 2.5, 40.0], [1e-8]])
def test_the_activation_tables_are_the_uncached_ones(x):
    table, exact = av.activation_tables(x, "en")
    for cached, frame in ((table, av.activation_table(np.array(x))),
                          (exact, av.exact_values(np.array(x)))):
        assert dataframe_util.convert_arrow_table_to_arrow_bytes(cached) == \
            dataframe_util.convert_pandas_df_to_arrow_bytes(frame)
        pd.testing.assert_frame_equal(cached.to_pandas(), frame)
    assert av.activation_tables(np.array(x), "en")[0] is table  # a list or an array: one key


def test_the_activation_tables_tell_minus_zero_from_zero():
    # exact_values writes what PyTorch gives, sign included: -0.0 is its own input.
    plus, minus = av.activation_tables([0.0], "en")[1], av.activation_tables([-0.0], "en")[1]
    assert plus is not minus
    assert plus.to_pandas().equals(av.exact_values(np.array([0.0])))
    assert minus.to_pandas().equals(av.exact_values(np.array([-0.0])))
