"""What the AppTest files share: where the page scripts are, and how to read what a page shows."""

import base64
import io
import json
import re
from pathlib import Path

import numpy as np
from PIL import Image
from streamlit.testing.v1 import AppTest

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


def open_with(page: str, params: dict, **state_values) -> AppTest:
    """The page run once, opened by a link with `params`, the session holding `state_values`."""
    at = AppTest.from_file(page, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    for key, value in state_values.items():
        at.session_state[key] = value
    return at.run()


def echart(at, key: str) -> dict:
    """The ECharts option the page drew under `key`."""
    for element in at.get("echarts_chart"):
        if element.proto.id.endswith(f"-{key}"):
            return json.loads(element.proto.spec)
    raise AssertionError(f"no ECharts chart {key}")


def regions_picture(option: dict) -> np.ndarray:
    """The picture in a decision-regions chart option: (ny, nx, 3) RGB, bottom row first."""
    url = option["series"][0]["symbol"]
    png = base64.b64decode(url.removeprefix("image://data:image/png;base64,"), validate=True)
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))[::-1]


def rgb_of(css: str) -> tuple[int, int, int]:
    """"rgb(r,g,b)", as palette.mix writes a colour, as a tuple."""
    r, g, b = (int(v) for v in css.removeprefix("rgb(").removesuffix(")").split(","))
    return r, g, b


def played_frames(option: dict) -> list[dict]:
    """The frames a timeline option shows one after the other in the browser, each as a whole
    option: ECharts merges a frame into what is on screen, each component (title, series) by its
    place in the list, key by key (written here as ECharts does it, not taken from the app)."""
    base, frames = option["baseOption"], option["options"]
    on_screen = {key: value for key, value in base.items() if key != "timeline"}
    seen = []
    for frame in frames:
        for name, parts in frame.items():
            before = list(on_screen.get(name) or [])
            before += [{}] * (len(parts) - len(before))
            on_screen[name] = [{**old, **new} for old, new in zip(before, parts, strict=True)]
        seen.append({name: list(value) if isinstance(value, list) else value
                     for name, value in on_screen.items()})
    return seen
