"""A figure from plain trace and layout dicts, taken as they are.

plotly validates every property as a figure is built, which costs a lesson figure more than the
rest of its making (about 1 ms of 1.5, ~10 ms for a training figure); pages build their figures
again on every widget change of every student, in the one process a class shares. Even unvalidated,
a go.Figure makes an object of every trace and of the layout, and copies Streamlit's template into
each figure: more than the page's own work for a lesson figure. So a figure stays its builder's
dicts until something asks for plotly's API (presenter mode grows it, tests read fig.data):
presenter.chart sends the dicts as they are. The builders emit known properties only:
tests/test_figures_plain.py, test_figures_training.py and test_figures_network.py rebuild each
figure with validation and compare, and tests/test_presenter_chart.py checks that what is sent
is what plotly's own figure would send.
"""

import plotly.graph_objects as go


class PlainFigure:
    """A figure as its builder wrote it: `data` (trace dicts with their "type") and `layout`.

    Everything of go.Figure's API (fig.data, fig.layout, update_layout, to_dict...) is there, on an
    unvalidated go.Figure made of the dicts the first time it is asked for; from then on that
    figure, changes and all, is the one sent.
    """

    def __init__(self, data: list[dict], layout: dict):
        self._plain = (data, layout)
        self._figure: go.Figure | None = None

    @property
    def figure(self) -> go.Figure:
        """The go.Figure of the dicts, made once (unvalidated)."""
        if self._figure is None:
            data, layout = self._plain
            self._figure = go.Figure(data=data, layout=layout, _validate=False)
        return self._figure

    def unbuilt(self) -> tuple[list[dict], dict] | None:
        """The builder's (data, layout), while no go.Figure has been made of them (None after)."""
        return self._plain if self._figure is None else None

    def __getattr__(self, name: str):
        if name.startswith("_"):  # not plotly's API: a copy or a pickle looking for its hooks
            raise AttributeError(name)
        return getattr(self.figure, name)


def figure(data: list[dict], layout: dict) -> PlainFigure:
    """The figure of `data` (trace dicts with their "type") and `layout`, unvalidated."""
    return PlainFigure(data, layout)
