"""Files and folders a step reads that the page never makes: the reader's own, or an unrun step's.

Pages show how to load "your" vocabulary file, a long prompt saved beside the script, a local
checkpoint folder (`./path/to/local/directory`), an audio file of the reader's. When no step of
the page writes or names that path, the step is a fragment: it illustrates with a file the
reader supplies, and a failed open says nothing about the page. When an earlier step names the
path but did not run (a conversion script in a shell step, which a run never executes), the
step is blocked by that step.

Plain data in (the error's type and message, the page's step sources), plain data out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from polydoctest.run import StepError


@dataclass(frozen=True)
class MissingPath:
    """How one kind of error names a path that does not exist."""

    error: str
    """The exception class name."""
    message: re.Pattern[str]
    """Searched in the message; the group `path` is the path."""


MISSING_PATHS = (
    MissingPath("FileNotFoundError", re.compile(r"No such file or directory: '(?P<path>[^']+)'")),
    # `from_pretrained` of a local folder that does not exist: the path is taken for a repo id.
    MissingPath("OSError", re.compile(r"Repo id must be in the form .*: '(?P<path>[^']*/[^']*)'")),
    MissingPath("HFValidationError", re.compile(r"Repo id must be in the form .*: '(?P<path>[^']*/[^']*)'")),
)


@dataclass(frozen=True)
class ReaderPath:
    path: str
    named_by: int | None
    """The position of the latest earlier step that names the path (None: no step does)."""


def missing_path(error: StepError | None, sources: Sequence[str], position: int) -> ReaderPath | None:
    """The path the error says is missing, when the step's own code names it (so the page, not
    a library's cache, asked for it), with the earlier step that names it too, if any."""
    if error is None:
        return None
    for row in MISSING_PATHS:
        if error.type != row.error or not (found := row.message.search(error.message)):
            continue
        path = found["path"]
        if _names(sources[position], path):
            named_by = next((i for i in range(position - 1, -1, -1) if _names(sources[i], path)), None)
            return ReaderPath(path, named_by)
    return None


def _names(source: str, path: str) -> bool:
    """Whether `source` writes `path` as a string or a shell word (`/output/path`, `"my_vocab_file.txt"`)."""
    return re.search(rf"(?<![\w./-]){re.escape(path.rstrip('/'))}/?(?![\w.-])", source) is not None
