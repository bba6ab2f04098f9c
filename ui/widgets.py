"""Controls shared by several pages."""

import streamlit as st


def number_slider(
    label: str,
    key: str,
    min_value: float,
    max_value: float,
    step: float,
    help: str | None = None,
    box_min: float | None = None,
    box_max: float | None = None,
) -> float:
    """A slider and a number box showing one value; moving either moves the other.

    The value lives in st.session_state[key]. The slider covers [min_value, max_value]; the box
    accepts [box_min, box_max] (default: the slider's range), so a precise or larger value can be typed.
    """
    slider_key, box_key = f"{key}.slider", f"{key}.box"
    value = float(st.session_state[key])
    # Both widgets are seeded from the one stored value before they are drawn, so they never disagree.
    st.session_state[slider_key] = min(max(value, min_value), max_value)
    st.session_state[box_key] = value

    def copy_from(widget_key: str) -> None:
        st.session_state[key] = float(st.session_state[widget_key])

    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.slider(label, min_value, max_value, step=step, key=slider_key, help=help,
                on_change=copy_from, args=(slider_key,))
    right.number_input(label, min_value=box_min if box_min is not None else min_value,
                       max_value=box_max if box_max is not None else max_value, step=step,
                       key=box_key, format="%.4f", label_visibility="collapsed",
                       on_change=copy_from, args=(box_key,))
    return float(st.session_state[key])
