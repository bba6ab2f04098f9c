"""The one colour code of the app: sign (negative vs positive) and one colour per class.

Both come from the Okabe-Ito palette, which stays distinguishable for the common forms of colour
blindness. Every figure takes its colours from here so that "blue = positive" means the same on a
network diagram, a weight matrix and a decision region.
"""

NEGATIVE = "#D55E00"  # vermillion
POSITIVE = "#0072B2"  # blue
NEUTRAL = "#F2F2F2"

# A diverging scale for signed values (heatmaps of weights, gradients); centre it with zmid=0.
SIGN_SCALE = [[0.0, NEGATIVE], [0.5, NEUTRAL], [1.0, POSITIVE]]

# Okabe-Ito first, then two of Paul Tol's muted colours so that the ten digits still differ.
CLASS_COLORS = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
    "#D55E00", "#F0E442", "#000000", "#882255", "#999933",
)


def rgb(color: str) -> tuple[int, int, int]:
    """`color` (#rrggbb) as its red, green and blue, 0-255."""
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def mix(color: str, amount: float) -> str:
    """`color` (#rrggbb) mixed with white: amount 0 is white, 1 the colour itself."""
    r, g, b = (round(255 + amount * (c - 255)) for c in rgb(color))
    return f"rgb({r},{g},{b})"


def sign_color(value: float) -> str:
    """The colour of a signed number: POSITIVE for >= 0, NEGATIVE below."""
    return POSITIVE if value >= 0 else NEGATIVE


def class_color(index: int) -> str:
    """The colour of class `index`; cycles past the palette's end."""
    return CLASS_COLORS[index % len(CLASS_COLORS)]


def class_scale(index: int) -> list[list]:
    """A white-to-class-colour scale, for shading one class's probability."""
    return [[0.0, "rgba(255,255,255,0)"], [1.0, class_color(index)]]
