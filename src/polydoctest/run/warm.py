"""The warm parent's imports: paid once, before any page process is forked.

Importing the HF stack costs about 5 s per process; a parent that has imported it forks page
processes that start with it loaded. Names may be modules (`torch`) or attributes of a module
(`transformers.Trainer`), which resolves transformers' lazy imports in the parent too. A name
that cannot be imported is reported, not raised: a page that needs it fails on its own.

`numpy.random` is always imported: every page seeds it, and importing it costs ~50 ms.

Thread pools: the parent should have no busy threads at fork time, and concurrent pages must
not oversubscribe the cores. So the OpenMP/BLAS thread counts are set (unless the user set
them) before the imports read them, and each page process runs torch on one thread.
Libraries the caller imported earlier keep their pools; those (OpenBLAS, jemalloc) are
fork-aware.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
import warnings
from dataclasses import dataclass
from typing import Iterable, Sequence

DEFAULT_WARM_IMPORTS = (
    "torch",
    "transformers",
    "datasets",
    "evaluate",
    "transformers.Trainer",
    "transformers.pipeline",
)

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@dataclass(frozen=True)
class WarmReport:
    imported: tuple[str, ...]
    unavailable: tuple[tuple[str, str], ...]  # (name, why)
    seconds: float


# Pages run tiny models, whose operations are too small to gain from torch's intra-op threads;
# on a busy machine the threads waiting for each other cost many times the operation itself.
# Pages gain from running side by side (`-j`) instead.
PAGE_THREADS = 1


def warm_up(names: Sequence[str], threads: int) -> WarmReport:
    """Import `names` into this process, the parent of the page processes."""
    for variable in THREAD_VARIABLES:
        os.environ.setdefault(variable, str(threads))
    started = time.perf_counter()
    importlib.import_module("numpy.random")
    imported, unavailable = [], []
    # What a library warns about at import is said to polydoctest, not to the user; the filters
    # are put back, so a page's own code still warns in its step output.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in names:
            try:
                _load(name)
            except Exception as error:  # noqa: BLE001 - a broken library must not stop the run
                unavailable.append((name, f"{type(error).__name__}: {error}"))
            else:
                imported.append(name)
    return WarmReport(tuple(imported), tuple(unavailable), time.perf_counter() - started)


def preload(modules: Iterable[str]) -> None:
    """Import the jobs' setup modules here, once, rather than in every page process. One that
    fails to import is left to fail in the page, where it is reported."""
    for module in dict.fromkeys(modules):
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001, S112 - the page reports it
            continue


def limit_page_threads(threads: int) -> None:
    """In the page process: its share of the cores, for torch and for its subprocesses."""
    for variable in THREAD_VARIABLES:
        os.environ[variable] = str(threads)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(threads)


def _load(name: str) -> None:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as error:
        module, _, attribute = name.rpartition(".")
        if error.name != name or not module:
            raise
        getattr(importlib.import_module(module), attribute)
