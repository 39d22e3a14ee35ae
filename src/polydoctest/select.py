"""Which of the pages found a CI job runs: the pages a change touches (`--changed-since REV`),
and one shard of them (`--shard K/N`).

Changed pages come from git, the tool for it: the files that differ between the work tree and
the point where it left REV (`git merge-base REV HEAD`, so a pull request is judged by its own
changes, not by what its base gained since), plus untracked files. A translation also runs
when its English original changed (`en/<same path>` in the same `source/` tree) or when the
reference of its guide did (the guide's module under `polydoctest/reference/guides/`, found
in the diff when the docs live in this repository; pages of a guide are known by the file
stems the guide names).

Shards are deterministic: every job given the same pages and the same inputs computes the
same split, and every page lands in exactly one shard. Pages are dealt greedily, heaviest
first, to the lightest shard; a page weighs its duration in a previous run's JSON when one is
given (a page the run did not have weighs the mean of those it had), else its step count.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from polydoctest.errors import UserError
from polydoctest.parse import parse_page
from polydoctest.reference.guides import GUIDES
from polydoctest.reference.model import Guide

# The option is wrong for where it runs: the command line's status.
USAGE = 2


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as written on the command line
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        index, _, count = text.partition("/")
        if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
            raise UserError(f"--shard takes K/N with 1 <= K <= N, not {text!r}", USAGE)
        return cls(int(index), int(count))


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise UserError("--changed-since needs git, which is not installed", USAGE) from error


def _git_output(cwd: Path, *args: str) -> str:
    done = _git(cwd, *args)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"git {args[0]} failed"]
        raise UserError(f"--changed-since: {lines[-1].removeprefix('fatal: ')} ({cwd})", USAGE)
    return done.stdout


def changed_files(folder: Path, since: str) -> set[Path]:
    """The files (absolute) that differ from where the work tree left `since`, untracked ones included."""
    top = Path(_git_output(folder, "rev-parse", "--show-toplevel").strip())
    if _git(top, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}").returncode != 0:
        raise UserError(f"--changed-since: unknown revision {since!r} in {top}", USAGE)
    base = _git_output(top, "merge-base", since, "HEAD").strip()
    names = _git_output(top, "diff", "--name-only", "--no-renames", "-z", base, "--").split("\0")
    names += _git_output(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    return {(top / name).resolve() for name in names if name}


def english_original(page: Path) -> Path | None:
    """`.../source/en/<rel>` for a page at `.../source/{lang}/<rel>`, if the page is in such a tree."""
    parts = page.parts
    if "source" not in parts[:-2]:
        return None
    at = len(parts) - 1 - parts[::-1].index("source")
    if at + 2 >= len(parts):
        return None
    return Path(*parts[: at + 1], "en", *parts[at + 2 :])


def reference_sources() -> dict[Path, tuple[Guide, ...]]:
    """Each module of the reference guides and the guides its change touches (a module that
    defines no guide, the steps they share, touches all of them)."""
    package = importlib.import_module("polydoctest.reference.guides")
    sources: dict[Path, tuple[Guide, ...]] = {Path(package.__file__).resolve(): GUIDES}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        defined = tuple(value for value in vars(module).values() if isinstance(value, Guide))
        sources[Path(module.__file__).resolve()] = defined or GUIDES
    return sources


def changed_pages(pages: Sequence[Path], since: str) -> list[Path]:
    """The pages, in their order, that changed since `since` or whose original or guide's reference did."""
    if not pages:
        return []
    changed = changed_files(pages[0].resolve().parent, since)
    stems = {stem for source, guides in reference_sources().items() if source in changed for g in guides for stem in g.path_hints}
    selected = []
    for page in pages:
        resolved = page.resolve()
        original = english_original(resolved)
        if resolved in changed or (original is not None and original in changed) or resolved.stem in stems:
            selected.append(page)
    return selected


def recorded_durations(path: Path) -> dict[str, float]:
    """Page path (normalised) -> duration, from a previous `run --json`."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return {os.path.normpath(page["path"]): float(page["duration_s"]) for page in record["pages"]}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UserError(f"--durations {path}: not the JSON of `polydoctest run --json` ({error})", 65) from error


def step_count(page: Path) -> int:
    """The page's steps as parsed from its bytes (undecodable bytes replaced): cheap, and the
    same in every job."""
    return len(parse_page(page.read_bytes().decode("utf-8", errors="replace"), str(page)).steps)


def page_weights(pages: Sequence[Path], durations: Mapping[str, float] | None) -> list[float]:
    if durations is None:
        return [float(step_count(page)) for page in pages]
    known = [durations[os.path.normpath(page)] for page in pages if os.path.normpath(page) in durations]
    mean = sum(known) / len(known) if known else 1.0
    return [durations.get(os.path.normpath(page), mean) for page in pages]


def shard_pages(pages: Sequence[Path], weights: Sequence[float], shard: Shard) -> list[Path]:
    """The pages of `shard`, in their order: heaviest first to the lightest shard (ties by
    path, then by shard number)."""
    loads = [0.0] * shard.count
    owner: dict[Path, int] = {}
    for weight, page in sorted(zip(weights, pages), key=lambda item: (-item[0], str(item[1]))):
        lightest = min(range(shard.count), key=lambda k: (loads[k], k))
        loads[lightest] += weight
        owner[page] = lightest
    return [page for page in pages if owner[page] == shard.index - 1]
