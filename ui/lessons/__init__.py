"""One module per lesson page, named after it: app_pages/<page>.py draws, ui/lessons/<page>.py
turns mlp_core's numbers into what that page shows (tables, labels, LaTeX, its callbacks)."""
