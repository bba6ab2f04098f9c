"""The architecture's one rule: mlp_core knows nothing of the app around it."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {"streamlit", "plotly", "ui", "app_pages", "pages"}


def imported_top_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_mlp_core_source_never_imports_the_app_side():
    files = sorted((ROOT / "mlp_core").glob("*.py"))
    assert files, "mlp_core has no modules"
    offenders = {f.name: imported_top_modules(f) & FORBIDDEN for f in files}
    assert {name: bad for name, bad in offenders.items() if bad} == {}


def test_importing_mlp_core_loads_no_app_module():
    """Catches indirect imports too: load every module, then look at sys.modules."""
    modules = [f"mlp_core.{f.stem}" for f in sorted((ROOT / "mlp_core").glob("*.py"))
               if f.stem != "__init__"]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(FORBIDDEN)!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_the_checker_sees_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import numpy\nfrom streamlit import session_state\n"
                   "import plotly.express as px\n")
    assert imported_top_modules(bad) & FORBIDDEN == {"streamlit", "plotly"}


def test_the_app_side_leaves_torch_to_mlp_core():
    """Lesson math, PyTorch included, lives in mlp_core; ui and the pages only show its results."""
    files = sorted([*(ROOT / "ui").rglob("*.py"), *(ROOT / "app_pages").glob("*.py")])
    offenders = {str(f.relative_to(ROOT)): imported_top_modules(f) & {"torch"} for f in files}
    assert {name: bad for name, bad in offenders.items() if bad} == {}


def test_every_lesson_page_has_its_ui_module_named_after_it():
    """app_pages/<page>.py shows a lesson through ui/lessons/<page>.py and no other lesson's."""
    lessons = {f.stem for f in (ROOT / "ui" / "lessons").glob("*.py")} - {"__init__"}
    assert lessons == {"sigmoid_neuron", "softmax", "softmax_regression", "mlp_anatomy",
                       "forward_backward", "activations_losses"}
    for path in [*(ROOT / "app_pages").glob("*.py"), *(ROOT / "ui" / "lessons").glob("*.py")]:
        used = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "ui.lessons":
                used |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ui.lessons."):
                used.add(node.module.removeprefix("ui.lessons."))
        assert used <= {path.stem}, f"{path.relative_to(ROOT)} uses {sorted(used)}"
