"""Where a lesson figure's legend goes: above the plot, where no axis title is."""

# Horizontal, from the plot's top left corner up; plotly widens the top margin to make room, at any
# width. Below the plot it would sit where the x axis title is once a narrow screen wraps it.
ABOVE = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"}
