"""What a person reads in the terminal: a table per page, the problems found (the progress of a
run is `polydoctest.progress`'s, on standard error).

Steps the harness could not verify (`unsupported`) have their own column beside the page's
verdicts, and then each page says how many of its steps were verified. Every problem is
printed as `file:line` in the original page with the step's code, so a translator can jump to
it; verdict colours match the HTML report. Pages verified against a reference guide add one
matrix per guide (reference steps down, languages across) and the findings: what is missing,
what differs, and which values.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

from polydoctest.load import LoadedPage
from polydoctest.pipeline import PageRun, RunReport
from polydoctest.reference import Verification
from polydoctest.reference.matrix import Cell, GuideMatrix
from polydoctest.reference.model import Guide
from polydoctest.reference.values import shown, value_differences
from polydoctest.report.printable import markup_text as escape
from polydoctest.report.records import run_record
from polydoctest.report.style import STYLE
from polydoctest.verdicts import PAGE_VERDICTS, Verdict

# Verdicts that get a detailed entry under the table.
EXPLAINED = frozenset(Verdict) - {Verdict.PASSED, Verdict.SKIPPED}
# How a matrix cell says whether the page produced the reference's values.
VERIFICATION = {
    "verified": "[green]= values[/]",
    "mismatch": "[bold red]≠ values[/]",
    "not-run": "[bright_black]not verified[/]",
    "missing": "[bold red]missing[/]",
    "reference-failed": "[bold red]reference failed[/]",
    "unobserved": "",
    "reference": "[dim]reference[/]",
}
SHOWN_DIFFERENCES = 3
# Wide enough that a table measured against it reports the width it wants, not the console's.
UNBOUNDED_WIDTH = 100_000


def extract_table(pages: Sequence[LoadedPage]) -> Table:
    table = Table(title="pages: repair and extraction", title_justify="left")
    for column in ("page", "lang", "damage", "holes", "filled", "unsure", "in code", "fences", "steps", "doctest/code/shell", "pt/tf/-"):
        table.add_column(column, justify="left" if column in ("page", "damage") else "right")
    for loaded in pages:
        report, page = loaded.reading.report, loaded.page
        kinds = [sum(s.kind == kind for s in page.steps) for kind in ("doctest", "code", "shell")]
        frameworks = [sum(s.framework == fw for s in page.steps) for fw in ("pt", "tf", None)]
        unsure = sum(fill.low_confidence for fill in report.fills)
        errors = len(loaded.code_errors)
        table.add_row(
            escape(str(loaded.path)),
            page.language,
            report.codepage or "clean",
            str(report.holes),
            str(report.filled),
            str(unsure),
            f"{len(loaded.code_fills)}" + (f" [red]({errors} unsure)[/]" if errors else ""),
            str(len(page.fences)),
            str(len(page.steps)),
            "/".join(map(str, kinds)),
            "/".join(map(str, frameworks)),
        )
    return table


def _short_paths(paths: Sequence[str]) -> tuple[str, list[str]]:
    """The folder all paths share, and the paths relative to it, so the table keeps room for counts."""
    if not paths:
        return ".", []
    root = os.path.commonpath([os.path.dirname(path) for path in paths])
    return root or ".", [os.path.relpath(path, root or ".") for path in paths]


def _page_status(page: Mapping[str, Any]) -> str:
    return "" if page["status"] == "ok" else f" [bold red]({page['status']})[/]"


def _output_text(page: Mapping[str, Any]) -> str:
    checks = [step["output_check"]["status"] for step in page["steps"] if step.get("output_check")]
    return f"{sum(status in ('exact', 'structural') for status in checks)}/{len(checks)}"


def _shown_verdicts(record: Mapping[str, Any]) -> list[Verdict]:
    """Only the verdicts the run has, so the counts keep their room; the summary line totals them."""
    return [verdict for verdict in Verdict if record["summary"].get(verdict)]


def run_table(record: Mapping[str, Any]) -> Table:
    """The steps per page of a run record (`records.run_record`), a column per verdict it has."""
    root, names = _short_paths([page["path"] for page in record["pages"]])
    table = Table(title=f"steps per page (in {escape(root)})", title_justify="left")
    shown = _shown_verdicts(record)
    gaps = Verdict.UNSUPPORTED in shown
    table.add_column("page", no_wrap=True)
    for verdict in shown:
        table.add_column(verdict.short, justify="right", style=STYLE[verdict], no_wrap=True)
    if gaps:
        table.add_column("verified", justify="right", no_wrap=True)
    table.add_column("output", justify="right")
    table.add_column("time", justify="right")
    for page, name in zip(record["pages"], names):
        table.add_row(
            escape(name) + _page_status(page),
            *(str(page["summary"].get(verdict) or "") for verdict in shown),
            *([_verified_text(page["verified"])] if gaps else []),
            _output_text(page),
            f"{page['duration_s']:.1f}s",
        )
    return table


def run_lines(record: Mapping[str, Any]) -> list[str]:
    """The same as `run_table`, one line per page with full names: what a narrow log gets."""
    root, names = _short_paths([page["path"] for page in record["pages"]])
    lines = [f"steps per page (in {escape(root)})"]
    for page, name in zip(record["pages"], names):
        counts = [f"[{STYLE[v]}]{page['summary'][v]} {v}[/]" for v in Verdict if page["summary"].get(v)]
        if page["summary"].get(Verdict.UNSUPPORTED):
            counts.append(f"verified {_verified_text(page['verified'])}")
        counts += [f"output {_output_text(page)}", f"time {page['duration_s']:.1f}s"]
        lines.append(f"{escape(name)}{_page_status(page)}: " + ", ".join(counts))
    return lines


def print_fitting(console: Console, table: Table, lines: Callable[[], Sequence[str]]) -> None:
    """The table when it fits the console's width, else the lines: a log is often 80 columns
    wide, and a squeezed table would cut every count to `…`."""
    unbounded = console.options.update_width(UNBOUNDED_WIDTH)
    if Measurement.get(console, unbounded, table).maximum <= console.width:
        console.print(table)
    else:
        for line in lines():
            console.print(line, highlight=False)


def print_pages(console: Console, record: Mapping[str, Any]) -> None:
    """The steps per page of a run record, as a table or lines, whichever fits."""
    if record["pages"]:
        print_fitting(console, run_table(record), lambda: run_lines(record))


def print_totals(console: Console, record: Mapping[str, Any]) -> None:
    """The summary lines of a run record: steps per verdict, versions, sandbox."""
    totals = record["summary"]
    parts = [f"[{STYLE[v]}]{totals[v]} {v}[/]" for v in PAGE_VERDICTS if totals.get(v)]
    unreadable = f", [bold red]{len(record['errors'])} unreadable[/]" if record["errors"] else ""
    verdicts = ": " + ", ".join(parts) if parts else ""
    console.print(f"{sum(totals.values())} steps in {len(record['pages'])} pages{unreadable}{verdicts} ({record['wall_s']:.1f} s)")
    if totals.get(Verdict.UNSUPPORTED):
        console.print(
            f"[{STYLE[Verdict.UNSUPPORTED]}]{totals[Verdict.UNSUPPORTED]} unsupported[/]: steps the harness could not "
            f"verify (see their reasons); verified {_verified_text(record['verified'])} steps not skipped"
        )
    versions = ", ".join(f"{name} {version}" for name, version in record["versions"].items())
    console.print(f"[dim]{escape(versions)}[/]")
    for description in record["sandbox"]:
        console.print(f"[dim]{escape(description)}[/]")


def print_problems(console: Console, loaded: LoadedPage) -> None:
    """The problems of the page's Markdown, each at its line."""
    for problem in loaded.page.problems:
        console.print(f"[bold red]{problem.rule}[/] {escape(str(loaded.path))}:{problem.line} {escape(problem.message)}", highlight=False)


def explain(console: Console, run: PageRun) -> None:
    """One entry per step that a translator should look at, pointing at the page."""
    print_problems(console, run.loaded)
    steps = {step.index: step for step in run.loaded.page.steps}
    for result in run.results:
        check = result.output_check
        mismatch = check is not None and check.status in ("mismatch", "no-output")
        if result.verdict not in EXPLAINED and not mismatch:
            continue
        step = steps[result.index]
        style = STYLE[result.verdict]
        console.print(
            f"[{style}]{result.verdict}[/] {escape(str(run.loaded.path))}:{step.line_start} "
            f"step {result.index}" + (f": {escape(result.reason)}" if result.reason else "")
        )
        for finding in result.findings:
            change = f" [dim]{escape(finding.old or '')}[/] -> {escape(finding.new)}" if finding.new else ""
            console.print(f"    {escape(str(run.loaded.path))}:{finding.line} [cyan]{finding.rule}[/] {escape(finding.message)}{change}")
        if mismatch:
            console.print(f"    output {check.status}: " + escape("; ".join(check.problems[:3])))


def _verified_text(counts: Mapping[str, int]) -> str:
    return f"{counts['steps']}/{counts['of']}"


def _rule_name(rule: str) -> str:
    return rule.split(".", 1)[-1]


def matrix_cell_text(cell: Cell, separator: str = "\n") -> str:
    """Verdict and verification, then (after `separator`: a second line in a table) what
    touched the step."""
    if cell.verdict is None:
        first = VERIFICATION["missing"]
    else:
        first = f"[{STYLE[cell.verdict]}]{cell.verdict.short}[/] {VERIFICATION[cell.check.status]}"
    notes = [_rule_name(rule) for rule in cell.rules]
    if cell.code_differs:
        notes.append("code differs")
    if cell.tensorflow:
        notes.append(f"TF skipped ×{len(cell.tensorflow)}")
    if cell.verdict is None and not cell.tensorflow:
        notes.append("no page step")
    return first + (f"{separator}[dim]{escape(', '.join(notes))}[/]" if notes else "")


def _matrix_title(matrix: GuideMatrix) -> str:
    reference = matrix.reference
    state = "reference passed" if reference and reference.passed else "[bold red]reference failed[/]"
    name = escape(matrix.guide.title) if matrix.guide.original is None else _reference_name(matrix.guide)
    return f"reference: {name} ({state})"


def _reference_name(guide: Guide) -> str:
    if guide.original is not None:
        return f"the English original {escape(guide.original)}"
    return f"the hand-written guide {escape(guide.title)}"


def reference_matrix_table(matrix: GuideMatrix) -> Table:
    table = Table(title=_matrix_title(matrix), title_justify="left")
    table.add_column("reference step", no_wrap=True)
    for column in matrix.columns:
        table.add_column(escape(column.label), max_width=34)
    for step in matrix.guide.steps:
        table.add_row(step.id, *(matrix_cell_text(matrix.cell(step.id, column.label)) for column in matrix.columns))
    return table


def reference_matrix_lines(matrix: GuideMatrix) -> list[str]:
    """The same as `reference_matrix_table`, one line per reference step and language."""
    return [_matrix_title(matrix)] + [
        f"{step.id} {escape(column.label)}: {matrix_cell_text(matrix.cell(step.id, column.label), separator=' ')}"
        for step in matrix.guide.steps
        for column in matrix.columns
    ]


def explain_reference(console: Console, run: PageRun) -> None:
    """The page's findings against its guide's reference, pointing at page lines."""
    verification = run.reference
    if verification is None:
        return
    lines = {step.index: step.line_start for step in run.loaded.page.steps}
    path = escape(str(run.loaded.path))
    count = len(verification.findings)
    console.print(
        f"{path} held against {_reference_name(verification.alignment.guide)}: "
        f"{count or 'no'} finding{'' if count == 1 else 's'}",
        highlight=False,
    )
    for finding in verification.findings:
        line = finding.page_line(lines)
        where = f"{path}:{line}" if line is not None else path
        if finding.kind == "missing" and (after := _next_aligned_step(verification, finding.reference_step)) is not None:
            where = f"{path}:{lines[after]} (before this line)"
        console.print(f"[bold red]{finding.kind}[/] {where} {escape(finding.message)}", highlight=False)
        for mismatch in finding.mismatches:
            differences = value_differences(mismatch.reference_value, mismatch.page_value, mismatch.observation)
            for name, expected, actual in differences[:SHOWN_DIFFERENCES]:
                console.print(f"    {escape(name)}: reference {escape(shown(expected, 60))}, page {escape(shown(actual, 60))}", highlight=False)
            if len(differences) > SHOWN_DIFFERENCES:
                console.print(f"    … and {len(differences) - SHOWN_DIFFERENCES} more values", highlight=False)
        if finding.consequences:
            console.print(f"    [dim]so values also differ in: {', '.join(finding.consequences)}[/]", highlight=False)


def _next_aligned_step(verification: Verification, step_id: str) -> int | None:
    """The first page step of the next reference step the page has: where a missing one goes."""
    alignment = verification.alignment
    position = alignment.guide.position(step_id)
    later = next((a for a in alignment.aligned if alignment.guide.position(a.reference_step) > position), None)
    return min(later.page_steps) if later else None


def print_references(console: Console, report: RunReport) -> None:
    for matrix in report.matrices():
        print_fitting(console, reference_matrix_table(matrix), lambda: reference_matrix_lines(matrix))
    for run in report.pages:
        explain_reference(console, run)


def print_run(console: Console, report: RunReport) -> None:
    record = run_record(report)
    print_pages(console, record)
    for run in report.pages:
        explain(console, run)
    print_references(console, report)
    print_totals(console, record)
