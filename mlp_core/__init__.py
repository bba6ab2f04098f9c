"""All math, data and training of the playground; never imports streamlit, plotly, ui or pages."""
