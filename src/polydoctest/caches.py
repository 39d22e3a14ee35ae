"""What polydoctest keeps under its cache root (`$POLYDOCTEST_CACHE`, default
~/.cache/polydoctest), how big each kind is, and what a prune removes.

Every kind is one row of `KINDS`: its folder under the root, what it holds, and the rule that
says which of its entries the installed library set and code still use. A prune keeps those
and removes the rest; `prune_all` removes every kind. What each rule keeps:

- models (the repair's language models): the read stage's own budget, least recently used
  first (`read.cache`), since any of them may serve the next page;
- readings (repaired pages): those written in the last `READINGS_KEPT_DAYS` days; an old one is
  made again when its page is read;
- fixtures: the fixture home of the installed libraries, the homes with stand-ins built on it,
  the stand-ins linked into those, failed stand-ins no older than the home, and the model
  types of each transformers version (a few kilobytes);
- envs: the environments of the matrix's current transformers lines;
- wheels: all but the wheels of a package the current lines pin at other versions (the
  wheelhouse's fill stamps go with them, so that a fill puts back what an environment needs);
- uv: uv's own `cache prune`.

Models, readings and fixtures also lose what builds and atomic writes that died left behind
(hidden entries older than `STAGING_KEPT_SECONDS`).

Sizes count each file once per kind, however many hard links it has in that kind.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name, parse_wheel_filename

from polydoctest.files import cache_root

READINGS_KEPT_DAYS = 30
# A staging folder (`.name.xxxx`) older than this belongs to a build that died.
STAGING_KEPT_SECONDS = 3600


@dataclass(frozen=True)
class KindInfo:
    name: str
    description: str
    folder: str
    entries: int
    bytes: int


@dataclass(frozen=True)
class Kind:
    name: str
    description: str
    prune: Callable[[Path], list[Path]]
    """Removes what the installed libraries and code no longer use from the kind's folder;
    returns what it removed."""


def entries(folder: Path) -> list[Path]:
    """A kind's entries: what its folder holds, less lock files and hidden bookkeeping."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if not path.name.startswith(".") and path.suffix != ".lock")


def size(folder: Path) -> int:
    seen: set[tuple[int, int]] = set()
    total = 0
    for path in _files(folder):
        status = path.lstat()
        if (status.st_dev, status.st_ino) not in seen:
            seen.add((status.st_dev, status.st_ino))
            total += status.st_size
    return total


def info(root: Path | None = None) -> list[KindInfo]:
    root = root or cache_root()
    return [
        KindInfo(kind.name, kind.description, str(root / kind.name), len(entries(root / kind.name)), size(root / kind.name))
        for kind in KINDS
    ]


def prune(root: Path | None = None) -> dict[str, list[Path]]:
    """Each kind's prune; kind -> what was removed."""
    root = root or cache_root()
    return {kind.name: kind.prune(root / kind.name) if (root / kind.name).is_dir() else [] for kind in KINDS}


def prune_all(root: Path | None = None) -> dict[str, list[Path]]:
    root = root or cache_root()
    removed = {}
    for kind in KINDS:
        folder = root / kind.name
        removed[kind.name] = entries(folder)
        shutil.rmtree(folder, ignore_errors=True)
    return removed


def _files(folder: Path) -> Iterator[Path]:
    for parent, _, names in os.walk(folder):
        for name in names:
            yield Path(parent, name)


def _remove(path: Path) -> Path:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
    return path


def _dead_staging(folder: Path) -> list[Path]:
    """The hidden folders and files that builds and atomic writes leave when they die."""
    old = time.time() - STAGING_KEPT_SECONDS
    return [_remove(path) for path in folder.glob(".*") if path.lstat().st_mtime < old]


def _prune_models(folder: Path) -> list[Path]:
    from polydoctest.read.cache import budget_bytes
    from polydoctest.read.cache import prune as prune_to_budget

    return prune_to_budget(folder, budget_bytes()) + _dead_staging(folder)


def _prune_readings(folder: Path) -> list[Path]:
    old = time.time() - READINGS_KEPT_DAYS * 86400
    return [_remove(path) for path in entries(folder) if path.stat().st_mtime < old] + _dead_staging(folder)


def _prune_fixtures(folder: Path) -> list[Path]:
    from polydoctest.fixtures.build import cache_key
    from polydoctest.fixtures.home import Layout
    from polydoctest.fixtures.synth.mappings import MODEL_TYPES_FOLDER
    from polydoctest.fixtures.synth.store import FAILED

    current = folder / cache_key()
    kept = (current.name, "synth", "with-stand-ins", MODEL_TYPES_FOLDER)
    removed = [_remove(home) for home in entries(folder) if home.name not in kept]
    kept_homes = []
    for home in entries(folder / "with-stand-ins"):
        try:
            key = json.loads(Layout(home).manifest.read_text())["key"]
        except (OSError, ValueError, KeyError):
            key = None
        if key == current.name:
            kept_homes.append(home)
        else:
            removed.append(_remove(home))
    linked = {(status.st_dev, status.st_ino) for home in kept_homes for status in map(os.lstat, _files(home))}
    built_at = current.stat().st_mtime if current.is_dir() else time.time()
    for stand_in in entries(folder / "synth"):
        failure = stand_in / FAILED
        if failure.is_file():
            used = failure.stat().st_mtime >= built_at
        else:
            used = any((status.st_dev, status.st_ino) in linked for status in map(os.lstat, _files(stand_in)))
        if not used:
            removed.append(_remove(stand_in))
    for staging in (folder, folder / "synth", folder / "with-stand-ins"):
        removed += _dead_staging(staging)
    return removed


def _prune_envs(folder: Path) -> list[Path]:
    from polydoctest.matrix.envs import env_folder
    from polydoctest.matrix.versions import lines

    current = {env_folder(line).name for line in lines()}
    stale = [path for path in entries(folder) if path.name not in current]
    stale += [lock for lock in folder.glob("*.lock") if lock.stem not in current]
    return [_remove(path) for path in stale]


def _prune_wheels(folder: Path) -> list[Path]:
    from polydoctest.matrix.versions import lines

    pinned: dict[str, set[str]] = {}
    for line in lines():
        for name, version in line.pins.items():
            pinned.setdefault(canonicalize_name(name), set()).add(version)
    removed = []
    for wheel in folder.glob("*.whl"):
        name, version, _, _ = parse_wheel_filename(wheel.name)
        if name in pinned and str(version) not in pinned[name]:
            removed.append(_remove(wheel))
    if removed:
        shutil.rmtree(folder / ".filled", ignore_errors=True)
    return removed


def _prune_uv(folder: Path) -> list[Path]:
    from uv import find_uv_bin

    before = set(entries(folder))
    subprocess.run([find_uv_bin(), "cache", "prune", "--cache-dir", str(folder)], check=True, capture_output=True)
    return sorted(before - set(entries(folder)))


KINDS = (
    Kind("models", "the repair's language models", _prune_models),
    Kind("readings", "repaired pages", _prune_readings),
    Kind("fixtures", "fixture homes and model stand-ins", _prune_fixtures),
    Kind("envs", "environments of other transformers lines", _prune_envs),
    Kind("wheels", "the matrix's wheelhouse", _prune_wheels),
    Kind("uv", "uv's cache for the environments", _prune_uv),
)
