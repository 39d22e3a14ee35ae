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
- a GPU-only library (bitsandbytes, flash-attn, deepspeed) or a CUDA-only part of torch
  (`torch.cuda.reset_peak_memory_stats()`, `torch.cuda.synchronize()`): no CPU run can verify
  such code, so the step is skipped with that reason, as TensorFlow steps are.

The reason says what would let the harness verify the step, with the page's own `pip install`
line where it has one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from polydoctest.parse import Step
from polydoctest.run import StepError
from polydoctest.verdicts import Verdict

# Import names of libraries that need a CUDA GPU -> the distribution to install.
GPU_LIBRARIES = {"bitsandbytes": "bitsandbytes", "flash_attn": "flash-attn", "deepspeed": "deepspeed"}
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
    if (gpu := next((name for name in GPU_LIBRARIES if name in text), None)) is not None:
        return Gap(Verdict.SKIPPED, f"needs a CUDA GPU ({GPU_LIBRARIES[gpu]}), which a CPU run cannot verify")
    if _CUDA_ONLY_TORCH.search(text):
        return Gap(Verdict.SKIPPED, f"needs a CUDA GPU (torch.cuda, {error.message.strip()}), which a CPU run cannot verify")
    if error.type == "ModuleNotFoundError" and (match := _NO_MODULE.search(error.message)):
        module = match["module"].split(".")[0]
        if any(f"{module}.py" in step.source for step in steps):
            return None
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
