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
