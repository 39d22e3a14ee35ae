"""Which import a page forgot, for a name its code uses but no step of it defines.

Guides use `torch`, `np` or `GPTQConfig` in a step while no step of the page imports them (the
original imported them in a hidden cell, or the line got lost in translation). The planner
asks before a step runs, for every such name it can see in the code; the runner asks when a
step fails with a `NameError` the planner could not foresee. Both must give the same answer.

A name is a forgotten import only when the code uses it the way one uses an import: it calls
it, subclasses it, decorates with it or reads an attribute of it, or it is a class by Python's
naming convention (CapWords), which a page also passes as a value (`pt_model=AutoModel`);
`.to(device)` passes a value the page forgot to define, not `torch.device`. Read as a module
(`name.attribute`), it is a well-known alias (`np`, `pd`, ...) or an importable module, which
keeps `print(code)` from importing the stdlib module `code`; otherwise, or when no such module
exists (`AutoModel.from_pretrained`), it is a name a guide's library exports.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import types
from collections.abc import Mapping

# name -> (module that must be importable, the import line a guide would carry)
ALIASES = {
    "np": ("numpy", "import numpy as np"),
    "pd": ("pandas", "import pandas as pd"),
    "tf": ("tensorflow", "import tensorflow as tf"),
    "plt": ("matplotlib", "import matplotlib.pyplot as plt"),
    "nn": ("torch", "from torch import nn"),
    "Image": ("PIL", "from PIL import Image"),  # not `datasets.Image`, the feature type
}
# Libraries whose exported names guides use without importing them, searched in this order.
LIBRARIES = ("transformers", "datasets", "evaluate", "huggingface_hub", "torch")


def forgotten_import(name: str, applied: Mapping[str, bool]) -> str | None:
    """The line that imports `name` for code whose `pycode.applied_names` are `applied`; None
    when the code does not use it as an import, or no module or library provides it."""
    if name in applied:
        return import_line(name, as_module=applied[name])
    return import_line(name, as_module=False) if name[:1].isupper() else None


@functools.cache
def import_line(name: str, *, as_module: bool) -> str | None:
    """The line that imports `name`, used as a module (`name.attribute`) or not; None when no
    module or library provides it."""
    return (_module_import(name) if as_module else None) or _library_export(name)


def _module_import(name: str) -> str | None:
    module, line = ALIASES.get(name, (name, f"import {name}"))
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):  # ValueError: in sys.modules without a spec
        return None
    # A directory the page wrote (`my_awesome_model/`) is a namespace package, not a module.
    if spec is None or spec.origin is None:
        return None
    return line


def _library_export(name: str) -> str | None:
    """`from library import name` for the first of `LIBRARIES` that exports `name`."""
    for library in LIBRARIES:
        try:
            module = importlib.import_module(library)
        except ImportError:
            continue
        exported = getattr(module, "__all__", None)
        listed = name in exported if exported is not None else not name.startswith("_")
        # A submodule (`datasets.config`) is no name a page forgets to import: it names its own.
        if listed and not isinstance(getattr(module, name, None), (types.ModuleType, type(None))):
            return f"from {library} import {name}"
    return None
