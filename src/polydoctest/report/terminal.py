"""What a person reads in the terminal: live progress, a table per page, the problems found.

Every problem is printed as `file:line` in the original page with the step's code, so a
translator can jump to it; verdict colours match the HTML report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from polydoctest.load import LoadedPage
from polydoctest.pipeline import PageRun, RunReport
from polydoctest.report.records import VERDICTS, page_counts, total_counts
from polydoctest.run import PageFinished, PageStarted, RunEvent, StepFinished

STYLE = {
    "passed": "green",
    "passed-after-rewrite": "yellow",
    "doc-defect": "magenta",
    "skipped": "dim",
    "blocked": "bright_black",
    "failed": "bold red",
    "crashed": "bold red",
    "timed-out": "bold red",
}
SHORT = {"passed-after-rewrite": "rewritten", "doc-defect": "defect", "timed-out": "timeout"}
# Verdicts that get a detailed entry under the table.
EXPLAINED = ("passed-after-rewrite", "doc-defect", "blocked", "failed", "crashed", "timed-out")


@contextmanager
def live_progress(console: Console, total_pages: int) -> Iterator[Callable[[RunEvent], None]]:
    """A progress display fed by the runner's events; yields the event callback."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    pages = progress.add_task("pages", total=total_pages)
    steps: dict[int, int] = {}

    def on_event(event: RunEvent) -> None:
        if isinstance(event, PageStarted):
            steps[event.position] = progress.add_task(f"  {event.page_id}", total=event.steps)
        elif isinstance(event, StepFinished):
            progress.advance(steps[event.position])
        elif isinstance(event, PageFinished):
            progress.remove_task(steps.pop(event.position))
            progress.advance(pages)

    with progress:
        yield on_event


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
            str(loaded.path),
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


def run_table(report: RunReport) -> Table:
    table = Table(title="steps per page", title_justify="left")
    table.add_column("page")
    table.add_column("lang")
    for verdict in VERDICTS:
        table.add_column(SHORT.get(verdict, verdict), justify="right", style=STYLE[verdict])
    table.add_column("output", justify="right")
    table.add_column("time", justify="right")
    for run in report.pages:
        counts = page_counts(run)
        checks = [r.output_check.status for r in run.results if r.output_check]
        shape = sum(status in ("exact", "structural") for status in checks)
        status = "" if run.outcome.status == "ok" else f" [bold red]({run.outcome.status})[/]"
        table.add_row(
            escape(str(run.loaded.path)) + status,
            run.loaded.page.language,
            *(str(counts.get(verdict, 0) or "") for verdict in VERDICTS),
            f"{shape}/{len(checks)}",
            f"{run.outcome.duration_s:.1f}s",
        )
    return table


def explain(console: Console, run: PageRun) -> None:
    """One entry per step that a translator should look at, pointing at the page."""
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


def print_run(console: Console, report: RunReport) -> None:
    console.print(run_table(report))
    for run in report.pages:
        explain(console, run)
    totals = total_counts(report)
    parts = [f"[{STYLE[v]}]{totals[v]} {v}[/]" for v in VERDICTS if totals.get(v)]
    versions = ", ".join(f"{name} {version}" for name, version in report.versions.items())
    console.print(f"{sum(totals.values())} steps in {len(report.pages)} pages: " + ", ".join(parts) + f" ({report.wall_s:.1f} s)")
    console.print(f"[dim]{versions}[/]")
