"""Streamlit-side helpers: session state, shared widgets, number formatting and plotly figures."""
