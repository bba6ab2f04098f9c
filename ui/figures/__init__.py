"""Pure plotly figure builders, one module per topic. Numbers in, go.Figure out; no Streamlit here."""
