"""Evaluating observations inside a page process, without disturbing the page.

An observation step calls `emit` with the page's globals; the expressions may also use
`numpy`, `os`, the helpers below and `describe` (the generic observation of an English
original's names), whatever the page imported. Each expression is evaluated
under `torch.no_grad()` with every random generator's state saved and restored, so the page
goes on exactly as if nothing had looked at it; an expression that raises gives its error as
the value. The result travels in the step's output as one marked JSON line.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from polydoctest.reference.describe import describe
from polydoctest.reference.values import json_value

MARKER = "polydoctest-observations: "


def emit(step_id: str, expressions: Mapping[str, str], namespace: dict[str, Any]) -> None:
    scope = {**_helpers(), **namespace}
    values = {}
    with _untouched_state():
        for name, expression in expressions.items():
            try:
                values[name] = json_value(eval(expression, scope))  # noqa: S307 - the guide's own expressions
            except Exception as error:  # noqa: BLE001 - a failing observation is a value
                values[name] = {"error": f"{type(error).__name__}: {error}"}
    sys.stdout.write(MARKER + json.dumps({"step": step_id, "values": values}) + "\n")
    sys.stdout.flush()


def parse(output: str) -> tuple[str, dict[str, Any]] | None:
    """The (step id, values) an observation step printed, or None."""
    for line in reversed(output.splitlines()):
        if line.startswith(MARKER):
            record = json.loads(line[len(MARKER) :])
            return record["step"], record["values"]
    return None


@contextmanager
def _untouched_state() -> Iterator[None]:
    import numpy.random

    torch = sys.modules.get("torch")
    saved = random.getstate(), numpy.random.get_state(), torch.random.get_rng_state() if torch else None
    grad = torch.no_grad() if torch else nullcontext()
    try:
        with grad:
            yield
    finally:
        random.setstate(saved[0])
        numpy.random.set_state(saved[1])
        if torch:
            torch.random.set_rng_state(saved[2])


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


def _helpers() -> dict[str, Any]:
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
