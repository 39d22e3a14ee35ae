"""The JSON shapes other tools read: one record per page, one per step, stable names.

`extract --json` writes a list of page records; `run --json` writes an object with `versions`,
`wall_s`, `summary` and `pages`, each page record extended per step with `verdict`,
`output_check`, `findings` and `duration_s`. Everything is built from the stages' dataclasses
here and only here, so the names stay the same in every output.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from polydoctest.check.verdict import FAILING, STRICT_FAILING
from polydoctest.load import LoadedPage
from polydoctest.pipeline import PageRun, RunReport

VERDICTS = ("passed", "passed-after-rewrite", "doc-defect", "skipped", "blocked", "failed", "crashed", "timed-out")


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


def page_record(loaded: LoadedPage) -> dict[str, Any]:
    page = loaded.page
    return {
        "path": str(loaded.path),
        "language": page.language,
        "damage": damage_record(loaded),
        "sections": [asdict(section) for section in page.sections],
        "fences": [asdict(fence) for fence in page.fences],
        "steps": [asdict(step) for step in page.steps],
    }


def summary(counts: Counter[str]) -> dict[str, int]:
    return {verdict: counts.get(verdict, 0) for verdict in VERDICTS}


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
        summary=summary(page_counts(run)),
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
    return record


def run_record(report: RunReport) -> dict[str, Any]:
    return {
        "versions": dict(report.versions),
        "wall_s": round(report.wall_s, 2),
        "summary": summary(total_counts(report)),
        "pages": [run_page_record(run) for run in report.pages],
    }


def run_failed(report: RunReport, *, strict: bool = False) -> bool:
    """Whether the run's exit status says failure: any failing verdict, a page that did not
    complete, or (with `strict`) a stale page, a doc defect or an output mismatch."""
    failing = STRICT_FAILING if strict else FAILING
    for run in report.pages:
        if run.outcome.status != "ok" or run.loaded.code_errors:
            return True
        for result in run.results:
            if result.verdict in failing:
                return True
            if strict and result.output_check is not None and result.output_check.status in ("mismatch", "no-output"):
                return True
    return False
