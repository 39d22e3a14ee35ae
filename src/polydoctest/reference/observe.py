"""The names a reference's observations may use besides the page's own.

Observations run as the runner's `observe` steps (`run/observe.py`: evaluated without
disturbing the page, values as JSON); `helpers` gives them `numpy`, `os` and the two
functions below, whatever the page imported, and `describe` (the generic observation of an
English original's names).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from polydoctest.reference.describe import describe


def state_digest(model: Any) -> str:
    """sha256 over a model's parameter and buffer names and bytes: equal iff the weights are."""
    import torch

    digest = hashlib.sha256()
    for name, tensor in sorted(model.state_dict().items()):
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().contiguous().view(-1).view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()


# Files whose bytes carry the time of the run: the model card, and the pickled
# TrainingArguments (before transformers 5.0 its default `logging_dir` is `runs/<date-time>_<host>`;
# the arguments themselves are observed where the page makes them).
TIMESTAMPED_FILES = frozenset({"README.md", "training_args.bin"})


def pushed_repo(repo_id: str) -> dict[str, Any]:
    """What a repo holds on the (fixture) Hub: its files, and the digest of every file whose
    bytes do not depend on when the run happened."""
    import huggingface_hub

    folder = Path(huggingface_hub.snapshot_download(repo_id))
    files = sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())
    digests = {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in files if name not in TIMESTAMPED_FILES}
    return {"files": files, "sha256": digests}


def files_written() -> list[str]:
    """The files under the working directory (the page's own), by relative path."""
    here = Path.cwd()
    return sorted(str(path.relative_to(here)) for path in here.rglob("*") if path.is_file())


def helpers() -> dict[str, Any]:
    import os

    import numpy

    return {
        "numpy": numpy,
        "os": os,
        "state_digest": state_digest,
        "pushed_repo": pushed_repo,
        "describe": describe,
        "files_written": files_written,
    }
