"""presenter.chart hands st.plotly_chart its figure without plotly's deep copy (ui/presenter.py
_AsBuilt): what Streamlit then sends must be the very JSON plotly's own to_dict() path gives, for
every lesson figure, at a desk and on a projector, and the caller's figure must stay as it was."""

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import plotly.tools
import pytest
from streamlit.elements.lib.streamlit_plotly_theme import configure_streamlit_plotly_theme

from tests.test_figures_plain import _builders
from ui.presenter import _AsBuilt, presented

configure_streamlit_plotly_theme()  # the template every page's figures get on a real server


def sent(figure_or_data) -> str:
    """The spec st.plotly_chart puts in its element for this figure (its own two calls)."""
    figure = plotly.tools.return_figure_from_figure_or_data(figure_or_data, validate_figure=True)
    return pio.to_json(figure, validate=False)


def validated() -> go.Figure:
    """A figure built the validating way, with arrays nested in a marker and a frame."""
    fig = go.Figure(go.Scatter(x=np.arange(5.0), y=np.linspace(0, 1, 5),
                               marker={"color": np.arange(5.0), "size": [4, 5, 6, 7, 8]}),
                    layout={"title": {"text": "t"}, "yaxis": {"range": [0, 1]}})
    fig.frames = [go.Frame(data=[go.Scatter(y=np.ones(5))])]
    return fig


FIGURES = {**_builders(), "validated, with a frame": validated}


@pytest.mark.parametrize("present", [False, True], ids=["desk", "projector"])
@pytest.mark.parametrize("name", list(FIGURES))
def test_the_spec_sent_is_plotlys_own_to_the_byte(name, present):
    fig = FIGURES[name]()
    if present:
        presented(fig)
    before = fig.to_dict()
    assert sent(_AsBuilt(fig)) == sent(fig)
    after = fig.to_dict()
    assert pio.to_json(after) == pio.to_json(before)  # the caller's figure is untouched


def test_arrays_go_as_base64_as_plotly_sends_them():
    spec = _AsBuilt(FIGURES["sigmoid"]()).to_dict()
    assert set(spec["data"][0]["x"]) == {"dtype", "bdata"}
    assert spec["layout"]["template"]["layout"]  # Streamlit's template, as plotly puts it in
