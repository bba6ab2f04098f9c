"""Shared test setup."""

import os
import tempfile

# Before anything imports ui.i18n: a text key missing from a catalogue fails the test (the
# browser tests' servers inherit it too).
os.environ["MLP_I18N_STRICT"] = "1"
# The class board's SQLite file goes to a directory of this test run, never data/boards/ (the
# browser tests' servers inherit it too; a test may point a store elsewhere).
os.environ.setdefault("MLP_BOARD_DIR", tempfile.mkdtemp(prefix="mlp-boards-"))

import torch
from hypothesis import settings

# Tests run two workers on two cores: one thread each keeps them from oversubscribing.
torch.set_num_threads(1)

settings.register_profile("ci", deadline=None, derandomize=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
