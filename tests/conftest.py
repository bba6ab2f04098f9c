"""Shared test setup."""

import os

import torch
from hypothesis import settings

# Tests run two workers on two cores: one thread each keeps them from oversubscribing.
torch.set_num_threads(1)

settings.register_profile("ci", deadline=None, derandomize=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
