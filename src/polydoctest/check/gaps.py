"""Failures that are the harness's gaps, not the page's: the step is `unsupported`, or
`skipped` when it truly needs a GPU.

A step fails for reasons of its own environment as often as for reasons of its page. Which
failures are the environment's:

- the page's environment explained the error (`StepError.explanation`): it names the offline
  stand-in it lacks or the network access it refused, and what to add;
- a missing third-party package: `ModuleNotFoundError` for a module the page did not write
  itself (a page that imports `utils` after writing `utils.py` has a bug of its own), or a
  library's `ImportError` telling the user to `pip install` something or naming the library it
  requires (transformers' "requires the torchvision library"), or its refusal of an
  installed package older than it supports (no newer release may be installable here);
- a GPU-only library (flash-attn, deepspeed, NVIDIA's management library) or a CUDA-only part of torch
  (`torch.cuda.reset_peak_memory_stats()`, `torch.cuda.synchronize()`): no CPU run can verify
  such code, so the step is skipped with that reason, as TensorFlow steps are. bitsandbytes
  quantizes on the CPU since its CPU backend: installed, its steps run, and only an error that
  says it needs a GPU skips them; not installed, the step is the harness's gap.

The reason says what would let the harness verify the step, with the page's own `pip install`
line where it has one.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from dataclasses import dataclass

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from polydoctest.parse import Step
from polydoctest.run import StepError
from polydoctest.verdicts import Verdict

# Import names of libraries that need a CUDA GPU -> the distribution to install.
GPU_LIBRARIES = {"flash_attn": "flash-attn", "deepspeed": "deepspeed", "pynvml": "pynvml"}
# Libraries with a CPU backend: a GPU requirement only when their error says so (an older
# transformers or release that refuses the CPU).
CPU_BACKEND_LIBRARIES = {"bitsandbytes": "bitsandbytes"}
_NEEDS_GPU = re.compile(r"\bGPU\b|\bCUDA\b")
# What a CPU build of torch raises for the parts of `torch.cuda` it cannot stand in for (the
# memory counters it can, it answers with zeros and runs).
_CUDA_ONLY_TORCH = re.compile(r"module 'torch\._C' has no attribute '_cuda_\w+'|Torch not compiled with CUDA enabled")

_NO_MODULE = re.compile(r"No module named '(?P<module>[\w.]+)'")
_PIP_INSTALL = re.compile(r"pip install[^\n`]*")
_REQUIRES_LIBRARY = re.compile(r"requires the (?P<library>[\w-]+) library but it was not found")
# transformers' words for an integration package older than it supports (peft).
_TOO_OLD = re.compile(r"The version of (?P<package>[\w-]+) you are using is not compatible, please use a version >= (?P<version>[\w.]+)")


@dataclass(frozen=True)
class Gap:
    verdict: Verdict
    reason: str


def harness_gap(error: StepError | None, steps: Sequence[Step]) -> Gap | None:
    """The gap behind `error`, raised by a step of the page whose steps are `steps`; None when
    the failure is the page's own."""
    if error is None:
        return None
    if error.explanation:
        return Gap(Verdict.UNSUPPORTED, error.explanation)
    text = f"{error.type}: {error.message}"
    if (gpu := _gpu_library(text)) is not None:
        return Gap(Verdict.SKIPPED, f"needs a CUDA GPU ({gpu}), which a CPU run cannot verify")
    if (library := next((name for name in CPU_BACKEND_LIBRARIES if name in text), None)) is not None:
        if importlib.util.find_spec(library) is None:
            distribution = CPU_BACKEND_LIBRARIES[library]
            return Gap(Verdict.UNSUPPORTED, f"needs the package `{distribution}` (it runs on the CPU), not installed here: "
                       f"{_install_line(distribution, steps)}")
    if _CUDA_ONLY_TORCH.search(text):
        return Gap(Verdict.SKIPPED, f"needs a CUDA GPU (torch.cuda, {error.message.strip()}), which a CPU run cannot verify")
    if error.type == "ModuleNotFoundError" and (match := _NO_MODULE.search(error.message)):
        module = match["module"].split(".")[0]
        if any(f"{module}.py" in step.source for step in steps):
            return None
        if module != match["module"] and importlib.util.find_spec(module) is not None:
            return Gap(Verdict.UNSUPPORTED, f"needs `{match['module']}`, which the installed `{module}` does not have "
                       f"(a newer or older release, or an extra): {_install_line(module, steps)}")
        return Gap(Verdict.UNSUPPORTED, f"needs the package `{module}`, not installed here: {_install_line(module, steps)}")
    if too_old := _TOO_OLD.search(error.message):
        package, version = too_old["package"].lower(), too_old["version"]
        return Gap(Verdict.UNSUPPORTED, f"needs {package} >= {version}, older here: pip install -U '{package}>={version}'")
    if error.type == "ImportError" and (required := _REQUIRES_LIBRARY.search(error.message)):
        package = required["library"].lower()
        return Gap(Verdict.UNSUPPORTED, f"needs the package `{package}`, not installed here: {_install_line(package, steps)}")
    if error.type == "ImportError" and (advice := _PIP_INSTALL.search(error.message)):
        first = error.message.strip().splitlines()[0]
        return Gap(Verdict.UNSUPPORTED, f"a package is not installed here ({first}): {advice[0].strip()}")
    return None


def _gpu_library(text: str) -> str | None:
    """The distribution of the GPU-only library `text` names, if any."""
    if (name := next((name for name in GPU_LIBRARIES if name in text), None)) is not None:
        return GPU_LIBRARIES[name]
    if _NEEDS_GPU.search(text):
        return next((CPU_BACKEND_LIBRARIES[name] for name in CPU_BACKEND_LIBRARIES if name in text), None)
    return None


def _install_line(module: str, steps: Sequence[Step]) -> str:
    """The page's own `pip install` line naming the module, else the obvious one."""
    wanted = canonicalize_name(module)
    for step in steps:
        for line in _PIP_INSTALL.findall(step.source):
            if wanted in {_distribution(word) for word in line.split()[2:]}:
                return line.strip()
    return f"pip install {module}"


def _distribution(word: str) -> str | None:
    try:
        return canonicalize_name(Requirement(word.strip("'\"")).name)
    except InvalidRequirement:  # an option such as `-U`
        return None
