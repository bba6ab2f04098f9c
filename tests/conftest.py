"""Shared test setup."""

import os

# Before anything imports ui.i18n: a text key missing from a catalogue fails the test (the
# browser tests' servers inherit it too).
os.environ["MLP_I18N_STRICT"] = "1"

import torch
from hypothesis import settings

# Tests run two workers on two cores: one thread each keeps them from oversubscribing.
torch.set_num_threads(1)

settings.register_profile("ci", deadline=None, derandomize=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
