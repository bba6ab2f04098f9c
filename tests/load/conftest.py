"""The load test runs on demand only: `make test` skips this folder unless LOAD_TEST=1 is set.

    LOAD_TEST=1 .venv/bin/python -m pytest -p no:cacheprovider -s tests/load

It takes minutes and most of the machine's two cores, so it must never ride along with the suite.
"""

import os

if os.environ.get("LOAD_TEST") != "1":
    collect_ignore_glob = ["*.py"]
