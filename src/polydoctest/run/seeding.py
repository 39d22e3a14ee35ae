"""Seeding every random source a guide touches, at page start, so reruns are reproducible.

torch and transformers are only seeded when already imported (warm): importing them just to
seed would cost seconds on pages that never use them, and torch imported later by the page
starts from its fixed default seed anyway. NumPy, whose global generator is seeded from the OS
at import, is cheap and always seeded. `str` hashing cannot be changed in a running process,
so pages share the warm parent's hash seed; `PYTHONHASHSEED` is set for the subprocesses a
page starts (e.g. dataset map workers).
"""

from __future__ import annotations

import os
import random
import sys


def seed_everything(seed: int) -> None:
    import numpy.random  # warm: `warm_up` imported it in the parent

    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    numpy.random.seed(seed)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(seed)
    transformers = sys.modules.get("transformers")
    if transformers is not None:
        transformers.set_seed(seed)
