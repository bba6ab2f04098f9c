"""A figure from plain trace and layout dicts, taken as they are.

plotly validates every property as a figure is built, which costs a lesson figure more than the
rest of its making (about 1 ms of 1.5, ~10 ms for a training figure); pages build their figures
again on every widget change of every student, in the one process a class shares. The builders
emit known properties only: tests/test_figures_plain.py, test_figures_training.py and
test_figures_network.py rebuild each figure with validation and compare.
"""

import plotly.graph_objects as go


def figure(data: list[dict], layout: dict) -> go.Figure:
    """go.Figure of `data` (trace dicts with their "type") and `layout`, unvalidated."""
    return go.Figure(data=data, layout=layout, _validate=False)
