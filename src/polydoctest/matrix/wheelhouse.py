"""A folder of wheels for every line, so that building an environment again downloads nothing.

pip's own HTTP cache cannot be relied on for this: it keeps only responses that carry cache
validators, and proxies (the one on the machine this was built on among them) strip those, so
pip downloads every wheel again for every environment. The wheelhouse is filled once per
constraints file and project requirements with `pip wheel` (which also turns sdists such as
seqeval into wheels), and environments install from it with `--no-index`: no network, the same
files every time. CI keeps it between runs by caching `$POLYDOCTEST_CACHE`.

Environments are installed by uv, hard-linking every file from uv's cache (under polydoctest's
cache) instead of copying it: the lines share torch and most of their other packages, and a
copy of each per line filled a CI machine's disk (each line's environment was 1.4 GB; with
links, the files unique to one line take about 30 MB). uv installs from the same wheelhouse
with `--no-index`; pip still fills it, since `pip wheel` also builds sdists into wheels.

The commands are built here and run by the caller (nox's session, or `envs` for
`polydoctest run --transformers`), so both build an environment the same way.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

from uv import find_uv_bin

from polydoctest.files import cache_root
from polydoctest.matrix.versions import Line


@dataclass(frozen=True)
class Project:
    """How polydoctest itself goes into an environment: from a source checkout (editable,
    so the environment runs the code being worked on) or as the released version."""

    requirement: str
    editable: bool
    build_requirements: tuple[str, ...]
    """What building the project needs; in the wheelhouse so that `--no-index` can build it."""
    fingerprint: str
    """Changes whenever what the project installs changes."""

    @classmethod
    def at(cls, root: Path) -> Project:
        pyproject = (Path(root) / "pyproject.toml").read_bytes()
        build = tomllib.loads(pyproject.decode("utf-8")).get("build-system", {}).get("requires", [])
        return cls(f"{Path(root).resolve()}[hf]", True, tuple(build), hashlib.sha256(pyproject).hexdigest())

    @classmethod
    def installed(cls) -> Project:
        """The polydoctest that is running: its checkout when it was installed from one
        (PEP 610's `direct_url.json` says where), else the same release from the index."""
        distribution = metadata.distribution("polydoctest")
        direct = json.loads(distribution.read_text("direct_url.json") or "{}")
        url = urlparse(direct.get("url", ""))
        if url.scheme == "file" and (Path(unquote(url.path)) / "pyproject.toml").is_file():
            return cls.at(Path(unquote(url.path)))
        version = distribution.version
        return cls(f"polydoctest[hf]=={version}", False, (), version)

    def install_arguments(self) -> list[str]:
        return ["-e", self.requirement] if self.editable else [self.requirement]


@dataclass(frozen=True)
class Wheelhouse:
    folder: Path

    @classmethod
    def default(cls) -> Wheelhouse:
        return cls(cache_root() / "wheels")

    def _stamp(self, line: Line, project: Project) -> Path:
        key = hashlib.sha256(f"{line.text}\0{project.requirement}\0{project.fingerprint}".encode()).hexdigest()
        return self.folder / ".filled" / f"transformers-{line.name}-{key[:16]}"

    def filled(self, line: Line, project: Project) -> bool:
        return self._stamp(line, project).is_file()

    def mark_filled(self, line: Line, project: Project) -> None:
        stamp = self._stamp(line, project)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(line.text, encoding="utf-8")

    def fill_command(self, python: str, constraints: Path, project: Project) -> list[str]:
        """Download (or build) every wheel the line's environment needs; wheels already in the
        folder are taken from it."""
        return [
            python, "-m", "pip", "wheel", "--quiet",
            "--wheel-dir", str(self.folder), "--find-links", str(self.folder),
            "--constraint", str(constraints),
            project.requirement, *project.build_requirements,
        ]  # fmt: skip

    def install_command(self, python: str, constraints: Path, project: Project) -> list[str]:
        """Install the project with the line's pins into `python`'s environment from the
        wheelhouse alone. uv does not byte-compile: compiling all of torch costs more than
        compiling on import the modules a run uses."""
        return [
            find_uv_bin(), "pip", "install", "--quiet", "--python", python,
            "--no-index", "--find-links", str(self.folder),
            "--constraint", str(constraints),
            "--link-mode", "hardlink", "--cache-dir", str(cache_root() / "uv"),
            *project.install_arguments(),
        ]  # fmt: skip
