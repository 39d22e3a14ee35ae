"""Failures that are the harness's gaps, not the page's: the step is `unsupported`, or
`skipped` when it truly needs a GPU or a launcher.

A step fails for reasons of its own environment as often as for reasons of its page. Which
failures are the environment's:

- the page's environment explained the error (`StepError.explanation`): it names the offline
  stand-in it lacks or the network access it refused, and what to add;
- an error a stack in `NEEDS` raises where a CPU run here lacks it: a GPU-only library
  (flash-attn, deepspeed, FBGEMM's FP8 quantization, NVIDIA's management library; bitsandbytes only when its error says
  it needs a GPU, since it quantizes on the CPU too) or a CUDA-only part of torch
  (`torch.cuda.reset_peak_memory_stats()`, `torch.cuda.synchronize()`), skipped as TensorFlow
  steps are, since no CPU run can verify such code; the state only a distributed launcher
  sets (`os.environ["RANK"]`), skipped likewise; a package that needs a program the setup
  does not install (pytesseract), or that a library imports only where it is installed and
  then misses by name (optimum's GPTQ path without gptqmodel), unsupported; so is a module of
  a package the page has the reader save as files (a relative import), which runs as a step;
- a missing third-party package: `ModuleNotFoundError` for a module the page did not write
  itself (a page that imports `utils` after writing `utils.py` has a bug of its own), or a
  library's error telling the user that something must be installed and how (`pip install`)
  or naming the library it requires (transformers' "requires the torchvision library"),
  transformers' refusal naming one of its optional packages that is absent here ("pytesseract
  is not available"), or its refusal of an installed package older than it supports (no newer
  release may be installable here).

The reason says what would let the harness verify the step, with the page's own `pip install`
line where it has one, unless a plain install cannot work beside this setup's torch
(`polydoctest.installs`: torchvision, pytorchvideo).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
from collections.abc import Sequence
from dataclasses import dataclass

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from polydoctest.installs import INSTEAD, install_advice
from polydoctest.parse import Step
from polydoctest.run import StepError
from polydoctest.verdicts import Verdict

_CPU_CANNOT = "which a CPU run cannot verify"


@dataclass(frozen=True)
class Need:
    """What an error says the step needs that a CPU run here lacks."""

    error: re.Pattern[str]
    """Searched in `Type: message`."""
    verdict: Verdict
    reason: str
    """May name the pattern's groups, and `{message}` (the error's message)."""
    raised_in: str | None = None
    """Only when the innermost frame of the traceback is in this library path (`optimum/gptq/`):
    the same error raised by the page is the page's own."""


# Variables a distributed launcher (torchrun, accelerate launch, deepspeed) sets for each process.
_LAUNCHER_VARIABLES = "RANK|LOCAL_RANK|WORLD_SIZE|LOCAL_WORLD_SIZE|MASTER_ADDR|MASTER_PORT"

NEEDS = (
    # bitsandbytes quantizes on the CPU: only an error of its that asks for a GPU is one.
    Need(
        re.compile(r"bitsandbytes.*\b(?:GPU|CUDA)\b|\b(?:GPU|CUDA)\b.*bitsandbytes", re.DOTALL),
        Verdict.SKIPPED,
        f"needs a CUDA GPU (bitsandbytes), {_CPU_CANNOT}",
    ),
    Need(
        re.compile(r"flash_attn|FlashAttention"),
        Verdict.SKIPPED,
        f'needs a CUDA GPU (flash-attn, for `attn_implementation="flash_attention_2"`), {_CPU_CANNOT}',
    ),
    Need(re.compile(r"deepspeed"), Verdict.SKIPPED, f"needs a CUDA GPU (deepspeed), {_CPU_CANNOT}"),
    Need(re.compile(r"fbgemm fp8 quantization requires a GPU"), Verdict.SKIPPED, f"needs a CUDA GPU (FBGEMM's FP8 quantization), {_CPU_CANNOT}"),
    Need(re.compile(r"pynvml|NVML"), Verdict.SKIPPED, f"needs a CUDA GPU (NVIDIA's management library, pynvml), {_CPU_CANNOT}"),
    # What torch raises for the parts of `torch.cuda` it cannot stand in for without a GPU (the
    # memory counters it can, it answers with zeros and runs): a CPU build by missing names, a
    # CUDA build run on the CPU by a missing driver or device.
    Need(
        re.compile(
            r"module 'torch\._C' has no attribute '_cuda_\w+'|Torch not compiled with CUDA enabled"
            r"|Found no NVIDIA driver on your system|invalid argument to reset_peak_memory_stats"
        ),
        Verdict.SKIPPED,
        f"needs a CUDA GPU (torch.cuda, {{message}}), {_CPU_CANNOT}",
    ),
    # A device map or memory plan naming GPU indices (`device_map={"": 0}`, `max_memory={0: ...}`).
    Need(
        re.compile(r"Cannot access accelerator device when none is available|enough GPU RAM to fit the quantized model"),
        Verdict.SKIPPED,
        f"needs a CUDA GPU (the step places the model on GPU devices by index), {_CPU_CANNOT}",
    ),
    Need(
        re.compile(rf"(?:KeyError: '|environment variable )(?P<variable>{_LAUNCHER_VARIABLES})\b"),
        Verdict.SKIPPED,
        "needs a distributed launcher (torchrun, accelerate launch) that sets `{variable}` for each process, "
        "which a single-process run cannot verify",
    ),
    # pytesseract is a wrapper: it runs the `tesseract` program, which no pip install brings.
    Need(
        re.compile(r"pytesseract|tesseract is not installed", re.IGNORECASE),
        Verdict.UNSUPPORTED,
        "needs pytesseract and the Tesseract OCR program, not installed here: "
        "pip install pytesseract, and apt-get install tesseract-ocr",
    ),
    # A module of a package that the page has the reader save as files (`from .configuration_x
    # import ...`): as a step it has no package to be relative to.
    Need(
        re.compile(r"attempted relative import with no known parent package"),
        Verdict.UNSUPPORTED,
        "is a module of a package the page has you save as files (it imports relatively), "
        "which runs here as a step, outside any package",
    ),
    # optimum imports GPT-QModel's names only where gptqmodel is installed, then uses them.
    Need(
        re.compile(r"NameError: name '\w+' is not defined"),
        Verdict.UNSUPPORTED,
        "needs gptqmodel (GPT-QModel, the backend of optimum's GPTQ quantization), not installed here: pip install gptqmodel",
        raised_in="optimum/gptq/",
    ),
)

_NO_MODULE = re.compile(r"No module named '(?P<module>[\w.]+)'")
_PIP_INSTALL = re.compile(r"pip install[^\n`]*")
# Libraries' words for a package that must be installed (transformers' `TorchAoConfig requires
# torchao to be installed`), which an ImportError says by its type alone.
_NOT_INSTALLED = re.compile(r"\b(?:requires?|required|installed)\b")
# transformers' words for an optional package it could not import.
_NOT_AVAILABLE = re.compile(r"\b(?P<module>[A-Za-z_]\w*) is not available")
_REQUIRES_LIBRARY = re.compile(r"requires the (?P<library>[\w-]+) library but it was not found")
# transformers' words for an integration package older than it supports (peft).
_TOO_OLD = re.compile(r"The version of (?P<package>[\w-]+) you are using is not compatible, please use a version >= (?P<version>[\w.]+)")
_FRAME_FILE = re.compile(r'^\s*File "(?P<file>[^"]+)"', re.MULTILINE)


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
    for need in NEEDS:
        if (match := need.error.search(text)) and (need.raised_in is None or need.raised_in in _innermost_file(error)):
            return Gap(need.verdict, need.reason.format(**match.groupdict(), message=error.message.strip()))
    if error.type == "ModuleNotFoundError" and (match := _NO_MODULE.search(error.message)):
        module = match["module"].split(".")[0]
        if any(f"{module}.py" in step.source for step in steps):
            return None
        if module != match["module"] and importlib.util.find_spec(module) is not None:
            return Gap(Verdict.UNSUPPORTED, f"needs `{match['module']}`, which the installed `{module}` does not have "
                       f"(a newer or older release, or an extra): {_install_line(match['module'], steps)}")
        return _not_installed(module, steps)
    if too_old := _TOO_OLD.search(error.message):
        package, version = too_old["package"].lower(), too_old["version"]
        return Gap(
            Verdict.UNSUPPORTED,
            f"needs {package} >= {version}, {_installed(package)} here: pip install -U '{package}>={version}'",
        )
    if (absent := _NOT_AVAILABLE.search(error.message)) and _absent_optional(absent["module"]):
        return _not_installed(absent["module"], steps)
    if error.type == "ImportError" and (required := _REQUIRES_LIBRARY.search(error.message)):
        return _not_installed(required["library"].lower(), steps)
    advice = _PIP_INSTALL.search(error.message)
    if advice and (error.type == "ImportError" or _NOT_INSTALLED.search(error.message)):
        first = error.message.strip().splitlines()[0]
        return Gap(Verdict.UNSUPPORTED, f"a package is not installed here ({first}): {advice[0].strip()}")
    return None


def _not_installed(module: str, steps: Sequence[Step]) -> Gap:
    return Gap(Verdict.UNSUPPORTED, f"needs the package `{module}`, not installed here: {_install_line(module, steps)}")


def _innermost_file(error: StepError) -> str:
    files = _FRAME_FILE.findall(error.traceback)
    return files[-1] if files else ""


def _installed(package: str) -> str:
    try:
        return f"{package} {importlib.metadata.version(package)}"
    except importlib.metadata.PackageNotFoundError:
        return "none"


def _absent_optional(name: str) -> bool:
    """Whether transformers knows `name` as an optional package (`is_pytesseract_available`)
    and it is absent here: "path is not available" names no package."""
    from transformers.utils import import_utils

    available = getattr(import_utils, f"is_{name}_available", None)
    return callable(available) and not available()


def _install_line(module: str, steps: Sequence[Step]) -> str:
    """What installs the module here (`installs.py`, by the module's name or its package's),
    else the page's own `pip install` line naming its package, else the obvious one."""
    if module in INSTEAD:
        return INSTEAD[module]
    module = module.split(".")[0]
    wanted = canonicalize_name(module)
    page_lines = (
        line.strip() for step in steps for line in _PIP_INSTALL.findall(step.source)
        if wanted in {_distribution(word) for word in line.split()[2:]}
    )  # fmt: skip
    return install_advice(module, next(page_lines, None))


def _distribution(word: str) -> str | None:
    try:
        return canonicalize_name(Requirement(word.strip("'\"")).name)
    except InvalidRequirement:  # an option such as `-U`
        return None
