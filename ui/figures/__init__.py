"""Pure plotly figure builders, one module per topic: numbers in, go.Figure out, no Streamlit."""
