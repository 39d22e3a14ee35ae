"""The JSON shapes other tools read: one record per page, one per step, stable names.

`extract --json` writes a list of page records (a page that could not be read: `path` and
`error`); `run --json` writes an object with `versions`, `wall_s`, `summary`, `verified`,
`sandbox` (what the pages' sandboxes had), `errors` (the pages that could not be read, as in
`extract`) and `pages`, each page record extended per step with `verdict`, `output_check`,
`findings` and `duration_s`, with `verified` (how many of the page's steps not skipped the
harness could verify: all but the `unsupported` ones and the steps only they blocked), its
`isolation`, and with `reference` (null for a page that is no
reference guide): how it aligns with its guide's reference and what differs. A run that
verified pages also has `references` (each guide's own run) and `matrices` (per guide,
reference steps by language). Everything is built from the stages' dataclasses here and only
here, so the names stay the same in every output.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from polydoctest.check.verdict import verified
from polydoctest.load import LoadedPage, UnreadablePage
from polydoctest.pipeline import PageRun, RunReport
from polydoctest.reference import AlignedStep, ReferenceRun, Verification
from polydoctest.reference.matrix import GuideMatrix
from polydoctest.report.names import step_name
from polydoctest.run.sandbox import Isolation
from polydoctest.verdicts import Verdict


def damage_record(loaded: LoadedPage) -> dict[str, Any]:
    report = loaded.reading.report
    return {
        "codepage": report.codepage,
        "detection_confidence": report.detection_confidence,
        "holes": report.holes,
        "filled": report.filled,
        "unresolved": report.unresolved,
        "low_confidence": [
            {
                "line": fill.line,
                "column": fill.column,
                "chosen": fill.chosen,
                "alternatives": [list(alternative) for alternative in fill.alternatives],
            }
            for fill in report.fills
            if fill.low_confidence
        ],
        "in_code": [
            {
                "line": code_fill.fill.line,
                "column": code_fill.fill.column,
                "step": code_fill.step,
                "where": code_fill.where,
                "chosen": code_fill.fill.chosen,
                "confidence": code_fill.fill.confidence,
                "error": code_fill.error,
            }
            for code_fill in loaded.code_fills
        ],
    }


def unreadable_record(page: UnreadablePage) -> dict[str, Any]:
    return {"path": str(page.path), "error": page.message}


def page_record(loaded: LoadedPage) -> dict[str, Any]:
    page = loaded.page
    return {
        "path": str(loaded.path),
        "language": page.language,
        "damage": damage_record(loaded),
        "sections": [asdict(section) for section in page.sections],
        "fences": [asdict(fence) for fence in page.fences],
        "steps": [{**asdict(step), "name": step_name(step)} for step in page.steps],
        "problems": [asdict(problem) for problem in page.problems],
    }


def summary(counts: Counter[str]) -> dict[str, int]:
    return {verdict: counts.get(verdict, 0) for verdict in Verdict}


def verified_record(runs: Sequence[PageRun]) -> dict[str, int]:
    """Of the pages' steps not skipped, how many the harness could verify."""
    counts = [verified(run.results) for run in runs]
    return {"steps": sum(done for done, _ in counts), "of": sum(of for _, of in counts)}


def page_counts(run: PageRun) -> Counter[str]:
    return Counter(result.verdict for result in run.results)


def total_counts(report: RunReport) -> Counter[str]:
    totals: Counter[str] = Counter()
    for run in report.pages:
        totals += page_counts(run)
    return totals


def run_page_record(run: PageRun) -> dict[str, Any]:
    record = page_record(run.loaded)
    outcome = run.outcome
    record.update(
        status=outcome.status,
        message=outcome.message,
        duration_s=round(outcome.duration_s, 3),
        peak_rss_mb=round(outcome.peak_rss_mb, 1),
        isolation=outcome.isolation,
        summary=summary(page_counts(run)),
        verified=verified_record([run]),
    )
    for step, result in zip(record["steps"], run.results):
        step.update(
            verdict=result.verdict,
            reason=result.reason,
            blocked_by=result.blocked_by,
            output_check=asdict(result.output_check) if result.output_check else None,
            findings=[asdict(finding) for finding in result.findings],
            duration_s=round(result.duration_s, 3),
        )
    lines = {step.index: step.line_start for step in run.loaded.page.steps}
    record["reference"] = reference_record(run.reference, lines) if run.reference else None
    return record


def reference_record(verification: Verification, line_starts: Mapping[int, int]) -> dict[str, Any]:
    """`line_starts`: the page line of each page step, to point findings at the page."""
    alignment, identification = verification.alignment, verification.identification
    checks = {check.reference_step: check for check in verification.steps}
    return {
        "guide": alignment.guide.id,
        "title": alignment.guide.title,
        "source": alignment.guide.source,
        "original_path": alignment.guide.original,
        "identified_by": {
            "score": identification.score,
            "evidence": list(identification.evidence),
            "path_hint": identification.path_hint,
        },
        "aligned": [_aligned_record(step, checks[step.reference_step].status) for step in alignment.aligned],
        "missing": [asdict(step) for step in alignment.missing],
        "extra": [asdict(step) for step in alignment.extra],
        "tensorflow_steps": list(alignment.tensorflow),
        "mismatches": [
            {**asdict(mismatch), "caused_by": list(checks[mismatch.reference_step].caused_by)}
            for mismatch in verification.mismatches
        ],
        "findings": [
            {
                "kind": finding.kind,
                "reference_step": finding.reference_step,
                "page_steps": list(finding.page_steps),
                "line": finding.page_line(line_starts),
                "message": finding.message,
                "reference_code": finding.reference_code,
                "page_code": finding.page_code,
                "consequences": list(finding.consequences),
                "differences": [asdict(difference) for difference in finding.differences],
                "mismatches": [asdict(mismatch) for mismatch in finding.mismatches],
            }
            for finding in verification.findings
        ],
    }


def _aligned_record(step: AlignedStep, verification: str) -> dict[str, Any]:
    return {
        "reference_step": step.reference_step,
        "page_steps": list(step.page_steps),
        "status": step.status,
        "verification": verification,
        "tensorflow_steps": list(step.tensorflow_steps),
        "differences": [{**asdict(difference), "message": difference.describe()} for difference in step.differences],
        "names": {ours: theirs for ours, theirs in step.names.items() if ours != theirs},
    }


def reference_run_record(run: ReferenceRun) -> dict[str, Any]:
    return {
        "guide": run.guide.id,
        "source": run.guide.source,
        "status": run.outcome.status,
        "passed": run.passed,
        "duration_s": round(run.outcome.duration_s, 3),
        "steps": [
            {"id": step.id, "error": run.failure(step.id), "left_out": run.left_out.get(step.id)} for step in run.guide.steps
        ],
        "observations": dict(run.observed.values),
    }


def matrix_record(matrix: GuideMatrix) -> dict[str, Any]:
    return {
        "guide": matrix.guide.id,
        "title": matrix.guide.title,
        "reference_passed": matrix.reference.passed if matrix.reference else None,
        "columns": [asdict(column) for column in matrix.columns],
        "rows": [
            {
                "reference_step": step.id,
                "title": step.title,
                "code": step.code,
                "cells": {
                    column.label: {
                        "verdict": (cell := matrix.cell(step.id, column.label)).verdict,
                        "verification": cell.check.status,
                        "reason": cell.check.reason,
                        "code": "missing" if cell.verdict is None else ("differs" if cell.code_differs else "same"),
                        "page_steps": list(getattr(cell.found, "page_steps", ())),
                        "tensorflow_steps": list(cell.tensorflow),
                        "rules": list(cell.rules),
                    }
                    for column in matrix.columns
                },
            }
            for step in matrix.guide.steps
        ],
    }


def sandbox_descriptions(report: RunReport) -> list[str]:
    """What the pages' sandboxes had, once per distinct kind (pages that never set up: none)."""
    found = [Isolation.from_dict(run.outcome.isolation).describe() for run in report.pages if run.outcome.isolation]
    return list(dict.fromkeys(found))


def run_record(report: RunReport) -> dict[str, Any]:
    return {
        "versions": dict(report.versions),
        "wall_s": round(report.wall_s, 2),
        "summary": summary(total_counts(report)),
        "sandbox": sandbox_descriptions(report),
        "errors": [unreadable_record(page) for page in report.unreadable],
        "verified": verified_record(report.pages),
        "pages": [run_page_record(run) for run in report.pages],
        "references": [reference_run_record(run) for run in report.references],
        "matrices": [matrix_record(matrix) for matrix in report.matrices()],
    }


def run_failed(record: Mapping[str, Any], *, strict: bool = False) -> bool:
    """Whether a run record's exit status says failure (a run's, or shards merged): a page that
    could not be read, any failing verdict, a page that did not complete, an unsure repair in
    code, a hand-written reference guide that failed, or (with `strict`) a problem in a page's Markdown, a
    stale page, a doc defect, an output mismatch or a page that does not do what its guide's
    reference does."""
    # An English original that fails is the original's problem or the harness's gap, told in
    # its steps' reasons: its translations are still judged against what it observed.
    failed = (r for r in record["references"] if r.get("source", "package") == "package" and not r["passed"])
    if record["errors"] or any(failed):
        return True
    for page in record["pages"]:
        if page["status"] != "ok" or any(fill["error"] for fill in page["damage"]["in_code"]):
            return True
        for step in page["steps"]:
            verdict = Verdict(step["verdict"])
            if verdict.fails_strict if strict else verdict.fails:
                return True
            if strict and step["output_check"] is not None and step["output_check"]["status"] in ("mismatch", "no-output"):
                return True
        if strict and (page["problems"] or (page["reference"] is not None and page["reference"]["findings"])):
            return True
    return False
