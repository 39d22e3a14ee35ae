"""How to install a package the harness lacks, for the reasons that name one.

The obvious advice is `pip install NAME`. A package that plain command cannot install beside
this setup's torch has a row here with what works instead: one row per package, read by every
stage that tells the user to install something (a step's `unsupported` reason, a stand-in's).
"""

from __future__ import annotations

# What to do instead of `pip install NAME`, by import name (a package's module where only that
# module has moved).
INSTEAD = {
    # PyPI's torchvision wheels load only beside the torch build they were made with: a plain
    # install pulls a torchvision (and then a torch) other than the pinned pair.
    "torchvision": "pip install -c constraints.txt torch torchvision (torchvision loads only beside the torch "
    "it was built with; constraints.txt pins the pair, the README gives aarch64's)",
    "pytorchvideo": "no release installs here: its last, 0.1.5, imports `torchvision.transforms.functional_tensor`, "
    "which torchvision removed in 0.17",
    # optimum 2 moved its ONNX Runtime classes (ORTModel...) out into the optimum-onnx package.
    "optimum.onnxruntime": "no release installs here: optimum.onnxruntime is in optimum-onnx, whose releases "
    "(up to 0.1.0) need transformers<4.58 and optimum~=2.1",
}


def install_advice(package: str, page_line: str | None = None) -> str:
    """What installs `package` here: its row, else the page's own `pip install` line, else the
    plain command."""
    return INSTEAD.get(package) or page_line or f"pip install {package}"
