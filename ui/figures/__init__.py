"""Pure plotly figure builders, one module per topic: numbers in, a figure out, no Streamlit."""
