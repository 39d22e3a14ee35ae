"""The transformers lines the matrix runs, each defined by one pip constraints file.

A line is `constraints/transformers-<line>.txt`: exact pins for transformers, the companions
that install and work beside it (huggingface_hub, tokenizers, datasets, accelerate, evaluate)
and the machine-wide torch and torchcodec pins. The files are the only place the versions are
written: the nox sessions, `polydoctest run --transformers` and the tests read them, and adding
a line is adding a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from polydoctest.errors import UserError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_FILE = re.compile(r"^transformers-(?P<line>\d+\.\d+)\.txt$")
NEWEST = ("newest", "latest")
"""Names a user may give for the newest line."""


@dataclass(frozen=True)
class Line:
    """One transformers release line and the pins of its environment."""

    name: str
    """`major.minor`, e.g. `4.46`."""
    pins: Mapping[str, str]
    """Canonical distribution name (`huggingface-hub`) -> exact version."""
    text: str
    """The constraints file as written, for pip and for cache keys."""

    @property
    def transformers(self) -> str:
        return self.pins["transformers"]

    @property
    def file_name(self) -> str:
        return f"transformers-{self.name}.txt"

    @property
    def major(self) -> int:
        return Version(self.name).major


def parse_pins(text: str) -> dict[str, str]:
    """The `name==version` pins of a constraints file; anything else is an error, because a
    line's environment must be the same on every machine."""
    pins: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        specifiers = list(requirement.specifier)
        if len(specifiers) != 1 or specifiers[0].operator != "==":
            raise ValueError(f"line {number}: {line!r} is not an exact `name==version` pin")
        pins[canonicalize_name(requirement.name)] = specifiers[0].version
    return pins


def _folder() -> Traversable:
    return resources.files(__package__) / "constraints"


def lines() -> tuple[Line, ...]:
    """Every line the matrix runs, oldest first."""
    found = []
    for entry in _folder().iterdir():
        match = _FILE.match(entry.name)
        if match:
            text = entry.read_text(encoding="utf-8")
            found.append(Line(match["line"], parse_pins(text), text))
    return tuple(sorted(found, key=lambda line: Version(line.name)))


def find_line(spec: str) -> Line:
    """The line a user means by `spec`: its name (`4.57`), its pinned version (`4.57.6`) or
    `newest`."""
    known = lines()
    if spec.strip().lower() in NEWEST:
        return known[-1]
    for line in known:
        if spec in (line.name, line.transformers):
            return line
    listing = ", ".join(f"{line.name} (transformers {line.transformers})" for line in known)
    hint = ""
    try:
        wanted = Version(spec).release[:2]
    except InvalidVersion:
        wanted = None
    for line in known:
        if wanted is not None and Version(line.name).release == wanted:
            hint = f"; the {line.name} line is pinned to {line.transformers}"
    raise UserError(f"no transformers line {spec!r}{hint}. The matrix runs: {listing}, or `newest`")


@contextmanager
def constraints_file(line: Line) -> Iterator[Path]:
    """A filesystem path to the line's constraints file, for pip's `-c`."""
    with resources.as_file(_folder() / line.file_name) as path:
        yield path
