"""Merge run results from several library versions into one version x page x step table.

Each input is the JSON `polydoctest run --json` wrote inside one environment. A step is the
same step on every version when it has the same page path and step index: the pages are the
same files everywhere, only the libraries differ. Columns are ordered by transformers version,
rows by page and step order, and a cell is missing where a run did not include the page.
The reference guides each run executed are merged too: a page's steps mean little on a version
where the reference implementation of its guide does not run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from polydoctest.errors import InputError
from polydoctest.verdicts import Verdict


@dataclass(frozen=True)
class Finding:
    rule: str
    line: int | None
    message: str
    old: str | None
    new: str | None
    """None: reported without a rewrite (stale or unsupported)."""

    @property
    def rewritten(self) -> bool:
        return self.new is not None


@dataclass(frozen=True)
class Cell:
    """What happened to one step on one version."""

    verdict: Verdict
    reason: str | None
    blocked_by: int | None
    findings: tuple[Finding, ...]
    output_status: str | None

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(finding.rule for finding in self.findings))


@dataclass(frozen=True)
class Column:
    """One run: the versions it ran on and where its results came from."""

    label: str
    versions: Mapping[str, str]
    source: str
    wall_s: float | None


@dataclass(frozen=True)
class Row:
    page: str
    index: int
    line_start: int | None
    kind: str | None
    source: str
    cells: Mapping[str, Cell]
    """Column label -> cell; a label is absent when that run did not include the page."""


@dataclass(frozen=True)
class PageHeader:
    path: str
    language: str | None
    status: Mapping[str, str]
    """Column label -> page status (`ok`, `crashed`, `setup-failed` ...)."""
    message: Mapping[str, str]
    """Column label -> why the page did not complete, where it did not."""


@dataclass(frozen=True)
class ReferenceOutcome:
    """How a reference guide did on one version."""

    passed: bool
    status: str
    errors: tuple[tuple[str, str], ...]
    """(step id, error) of each reference step that did not run."""


@dataclass(frozen=True)
class ReferenceRow:
    guide: str
    outcomes: Mapping[str, ReferenceOutcome]
    """Column label -> outcome; a label is absent when that run did not run the guide."""


@dataclass(frozen=True)
class Matrix:
    columns: tuple[Column, ...]
    pages: tuple[PageHeader, ...]
    rows: tuple[Row, ...]
    references: tuple[ReferenceRow, ...] = ()

    def column(self, spec: str) -> Column:
        """The column a user means: its label, its results file, or a transformers version
        prefix (`4.57` for 4.57.6)."""
        for column in self.columns:
            if spec in (column.label, column.source) or Path(spec).name == Path(column.source).name:
                return column
        matches = [c for c in self.columns if _version_prefix(spec, c.versions.get("transformers", ""))]
        if len(matches) == 1:
            return matches[0]
        known = ", ".join(column.label for column in self.columns)
        if matches:
            raise InputError(f"{spec!r} matches several runs ({', '.join(c.label for c in matches)}): name one by its file")
        raise InputError(f"no run matches {spec!r}; the runs are: {known}")

    def page_rows(self, path: str) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.page == path)

    def failing(self) -> tuple[tuple[Row, str], ...]:
        """(row, column label) of every cell whose step failed, crashed or timed out."""
        return tuple((row, label) for row in self.rows for label, cell in row.cells.items() if cell.verdict.fails)

    def failing_references(self) -> tuple[tuple[ReferenceRow, str], ...]:
        """(reference guide, column label) of every reference run that did not pass."""
        return tuple((row, label) for row in self.references for label, outcome in row.outcomes.items() if not outcome.passed)


def _version_prefix(spec: str, version: str) -> bool:
    try:
        wanted, have = Version(spec).release, Version(version).release
    except InvalidVersion:
        return False
    return have[: len(wanted)] == wanted


@dataclass(frozen=True)
class RunResult:
    source: str
    versions: Mapping[str, str]
    wall_s: float | None
    pages: Sequence[Mapping[str, Any]]
    references: Sequence[Mapping[str, Any]] = ()


def load_run(path: Path) -> RunResult:
    """Read one `polydoctest run --json` file, with the problems a user can fix as `InputError`."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("versions"), dict) or not isinstance(data.get("pages"), list):
        raise InputError(f"{path}: not the JSON of `polydoctest run --json` (it needs `versions` and `pages`)")
    for page in data["pages"]:
        if not isinstance(page, dict) or "path" not in page or not isinstance(page.get("steps"), list):
            raise InputError(f"{path}: a page record without `path` and `steps`")
        for step in page["steps"]:
            if not isinstance(step, dict) or "index" not in step or "verdict" not in step:
                raise InputError(f"{path}: {page['path']}: a step record without `index` and `verdict`")
            if step["verdict"] not in {verdict.value for verdict in Verdict}:
                raise InputError(f"{path}: {page['path']}: step {step['index']} has an unknown verdict {step['verdict']!r}")
    references = data.get("references") or []
    if not isinstance(references, list) or not all(isinstance(r, dict) and "guide" in r and "passed" in r for r in references):
        raise InputError(f"{path}: a reference record without `guide` and `passed`")
    return RunResult(str(path), data["versions"], data.get("wall_s"), data["pages"], references)


def _reference_outcome(record: Mapping[str, Any]) -> ReferenceOutcome:
    errors = tuple((step.get("id", "?"), step["error"]) for step in record.get("steps") or () if step.get("error"))
    return ReferenceOutcome(bool(record["passed"]), record.get("status", "ok"), errors)


def _cell(step: Mapping[str, Any]) -> Cell:
    findings = tuple(
        Finding(f.get("rule", "?"), f.get("line"), f.get("message", ""), f.get("old"), f.get("new")) for f in step.get("findings") or ()
    )
    check = step.get("output_check") or {}
    return Cell(Verdict(step["verdict"]), step.get("reason"), step.get("blocked_by"), findings, check.get("status"))


def _order(run: RunResult) -> tuple[int, Version | str]:
    try:
        return (0, Version(run.versions.get("transformers", "")))
    except InvalidVersion:
        return (1, run.source)


def _labels(runs: Sequence[RunResult]) -> list[str]:
    """Each run's transformers version; the file name is added where two runs share one."""
    bare = [run.versions.get("transformers") or Path(run.source).stem for run in runs]
    return [label if bare.count(label) == 1 else f"{label} ({Path(run.source).stem})" for label, run in zip(bare, runs)]


def merge(runs: Iterable[RunResult]) -> Matrix:
    ordered = sorted(runs, key=_order)
    if not ordered:
        raise InputError("no run results to merge")
    labels = _labels(ordered)
    columns = tuple(Column(label, dict(run.versions), run.source, run.wall_s) for label, run in zip(labels, ordered))
    headers: dict[str, dict[str, Any]] = {}
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    for label, run in zip(labels, ordered):
        for page in run.pages:
            header = headers.setdefault(page["path"], {"language": page.get("language"), "status": {}, "message": {}})
            header["status"][label] = page.get("status", "ok")
            if page.get("status", "ok") != "ok" and page.get("message"):
                header["message"][label] = page["message"]
            for step in page["steps"]:
                row = rows.setdefault(
                    (page["path"], step["index"]),
                    {"line_start": step.get("line_start"), "kind": step.get("kind"), "source": step.get("source", ""), "cells": {}},
                )
                row["cells"][label] = _cell(step)
    references: dict[str, dict[str, ReferenceOutcome]] = {}
    for label, run in zip(labels, ordered):
        # The hand-written guides are the harness's own, checked on every line; an English
        # original is a page of the docs, and its failures are told in its translations' checks.
        for record in (r for r in run.references if r.get("source", "package") == "package"):
            references.setdefault(record["guide"], {})[label] = _reference_outcome(record)
    page_order = {path: position for position, path in enumerate(headers)}
    return Matrix(
        columns,
        tuple(PageHeader(path, h["language"], h["status"], h["message"]) for path, h in headers.items()),
        tuple(
            Row(path, index, row["line_start"], row["kind"], row["source"], row["cells"])
            for (path, index), row in sorted(rows.items(), key=lambda item: (page_order[item[0][0]], item[0][1]))
        ),
        tuple(ReferenceRow(guide, outcomes) for guide, outcomes in references.items()),
    )


def load_matrix(paths: Iterable[Path]) -> Matrix:
    """Merge the results files at `paths`; a folder stands for the `*.json` files in it."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(path.glob("*.json"))
            if not found:
                raise InputError(f"{path}: no .json results in this folder")
            files.extend(found)
        else:
            files.append(path)
    return merge(load_run(file) for file in files)
