"""The training studio's Streamlit side: data choice, controls, the trainer in session state,
the live view, results, presets, pinned runs and downloads. The page wires these together."""
