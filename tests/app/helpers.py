"""What the AppTest files share: where the page scripts are, and how to read what a page shows."""

import re
from pathlib import Path

PAGES = Path(__file__).resolve().parents[2] / "app_pages"


def page_path(name: str) -> str:
    """The path of app_pages/<name>.py, as AppTest.from_file wants it."""
    return str(PAGES / f"{name}.py")


def metrics(at) -> dict[str, str]:
    """Every st.metric on the page: label -> shown value."""
    return {m.label: m.value for m in at.metric}


def f4(v: float) -> str:
    """A number as the pages show it: four decimals (written here, not imported from ui.format)."""
    return f"{float(v):.4f}"


def shown(markdown: str) -> str:
    """What a reader sees of Markdown escaped by ui.format.plain: the text, no backslashes."""
    return re.sub(r"\\(.)", r"\1", markdown)
