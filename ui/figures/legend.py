"""Where a figure's legend goes: out of the plot, where no axis title is."""

# Horizontal, from the plot's top left corner up; plotly widens the top margin to make room, at any
# width. Below the plot it would sit where the x axis title is once a narrow screen wraps it.
ABOVE = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"}
# At the very bottom of the figure, for a figure with a title above its plot: plotly widens the
# bottom margin to fit it under the x axis title.
BOTTOM = {"yref": "container", "y": 0, "yanchor": "bottom"}
