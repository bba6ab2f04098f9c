"""presenter.chart hands st.plotly_chart its figure without plotly's deep copy (ui/presenter.py
_AsBuilt): what Streamlit then sends must be the very JSON plotly's own to_dict() path gives, for
every lesson figure, at a desk and on a projector, and the caller's figure must stay as it was. A
lesson figure is sent from its builder's dicts (ui/figures/plain.py), without a go.Figure: the
same JSON as plotly's figure of them, key for key."""

import copy
import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import plotly.tools
import pytest
from streamlit.elements.lib.streamlit_plotly_theme import configure_streamlit_plotly_theme

from tests.test_figures_plain import _builders
from ui.figures.network import network_figure
from ui.figures.plain import PlainFigure
from ui.presenter import _AsBuilt, presented

configure_streamlit_plotly_theme()  # the template every page's figures get on a real server


def sent(figure_or_data) -> str:
    """The spec st.plotly_chart puts in its element for this figure (its own two calls)."""
    figure = plotly.tools.return_figure_from_figure_or_data(figure_or_data, validate_figure=True)
    return pio.to_json(figure, validate=False)


def validated() -> go.Figure:
    """A figure built the validating way, with arrays nested in a marker and a frame, 64-bit
    integers (plotly narrows them), text, float32 and 2-D arrays."""
    fig = go.Figure([go.Scatter(x=np.arange(5.0), y=np.linspace(0, 1, 5),
                                marker={"color": np.arange(5.0), "size": [4, 5, 6, 7, 8]}),
                     go.Scatter(x=np.arange(5), y=np.arange(5, dtype=np.float32) * 1e9,
                                text=np.array(list("abcde"))),
                     go.Heatmap(z=np.arange(6.0).reshape(2, 3))],
                    layout={"title": {"text": "t"}, "yaxis": {"range": [0, 1]}})
    fig.frames = [go.Frame(data=[go.Scatter(y=np.ones(5))])]
    return fig


FIGURES = {**_builders(), "validated, with a frame": validated,
           "network": lambda: network_figure([np.array([[0.5, -1.0], [2.0, 0.0]]),
                                              np.array([[1.0, -0.25]])],
                                             [np.array([0.1, -0.2]), np.array([0.3])],
                                             ["ReLU", "Sigmoid"])}


@pytest.mark.parametrize("present", [False, True], ids=["desk", "projector"])
@pytest.mark.parametrize("name", list(FIGURES))
def test_the_spec_sent_is_plotlys_own_to_the_byte(name, present):
    fig = FIGURES[name]()
    if isinstance(fig, PlainFigure):
        fig = fig.figure  # plotly's figure of the builder's dicts (the next test sends the dicts)
    if present:
        presented(fig)
    before = fig.to_dict()
    assert sent(_AsBuilt(fig)) == sent(fig)
    after = fig.to_dict()
    assert pio.to_json(after) == pio.to_json(before)  # the caller's figure is untouched


@pytest.mark.parametrize("name", [name for name, build in FIGURES.items()
                                  if isinstance(build(), PlainFigure)])
def test_a_figure_sent_from_its_builders_dicts_is_plotlys_own(name):
    fig = FIGURES[name]()
    data, layout = copy.deepcopy(fig.unbuilt())
    ours = sent(_AsBuilt(fig))
    assert fig.unbuilt() is not None  # sent without making a go.Figure of it
    # The same JSON as plotly's figure of the same dicts, key for key (plotly orders the keys).
    assert json.loads(ours) == json.loads(sent(FIGURES[name]().figure))
    # The builder's dicts are untouched, and its figure is still plotly's own.
    assert pio.to_json(go.Figure(data=data, layout=layout, _validate=False)) == pio.to_json(
        fig.figure)


def test_a_figure_asked_for_is_sent_as_it_is_then():
    fig = FIGURES["sigmoid"]()
    fig.update_layout(height=123)  # plotly's API: the figure is made, and changed
    assert fig.unbuilt() is None
    assert _AsBuilt(fig).to_dict()["layout"]["height"] == 123


def test_arrays_go_as_base64_as_plotly_sends_them():
    spec = _AsBuilt(FIGURES["sigmoid"]()).to_dict()
    assert set(spec["data"][0]["x"]) == {"dtype", "bdata"}
    assert spec["layout"]["template"]["layout"]  # Streamlit's template, as plotly puts it in
