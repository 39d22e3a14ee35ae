"""The matrix and the diff in the terminal: one table per page, a summary, the changed steps.

Rows are steps (`line #index` and the start of their code), columns are versions, a cell is
the verdict and, in a word, why: the drift rules that touched the step, or the start of the
failure or skip reason. Verdict colours are those of `polydoctest run`.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from polydoctest.matrix.diff import Change
from polydoctest.matrix.merge import Cell, Column, Matrix, ReferenceOutcome, ReferenceRow, Row
from polydoctest.report.printable import markup_text as escape
from polydoctest.report.style import STYLE
from polydoctest.verdicts import Verdict

NOTE_WIDTH = 34


def short_rule(rule: str) -> str:
    """`transformers.eval-strategy` -> `eval-strategy`: the library is clear from the message."""
    return rule.split(".", 1)[-1]


def cell_note(cell: Cell) -> str:
    """A few words on why: the rules for steps that ran, the reason for the others."""
    if cell.verdict in (Verdict.PASSED, Verdict.PASSED_AFTER_REWRITE, Verdict.DOC_DEFECT) and cell.rules:
        return ", ".join(short_rule(rule) for rule in cell.rules)
    return cell.reason or ""


def step_label(row: Row) -> str:
    first = next((line.strip() for line in row.source.splitlines() if line.strip()), "")
    first = first.removeprefix(">>> ")
    where = f"{row.line_start} #{row.index}" if row.line_start is not None else f"#{row.index}"
    return f"{where}  {first[:28]}{'…' if len(first) > 28 else ''}"


def clipped(note: str, width: int) -> str:
    return note if len(note) <= width else note[: width - 1] + "…"


def _cell_text(cell: Cell | None) -> Text:
    if cell is None:
        return Text("—", style="dim")
    text = Text(cell.verdict.short, style=STYLE[cell.verdict])
    note = cell_note(cell)
    if note:
        text.append("\n" + clipped(note, NOTE_WIDTH), style="dim")
    return text


def _header(column: Column) -> str:
    versions = column.versions
    parts = [f"hub {versions['huggingface_hub']}" if "huggingface_hub" in versions else "", f"ds {versions.get('datasets', '?')}"]
    return f"{column.label}\n" + " ".join(part for part in parts if part)


def page_table(matrix: Matrix, path: str, changed_only: bool = False) -> Table | None:
    header = next(page for page in matrix.pages if page.path == path)
    rows = [row for row in matrix.page_rows(path) if not changed_only or len({c.verdict for c in row.cells.values()}) > 1]
    if not rows:
        return None
    title = escape(path)
    broken = [f"{label}: {status}" for label, status in header.status.items() if status != "ok"]
    if broken:
        title += f" [bold red]({escape(', '.join(broken))})[/]"
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    table.add_column("line #step  code", no_wrap=True)
    for column in matrix.columns:
        table.add_column(_header(column), max_width=NOTE_WIDTH + 2)
    for row in rows:
        table.add_row(step_label(row), *(_cell_text(row.cells.get(column.label)) for column in matrix.columns))
    return table


def summary_table(matrix: Matrix) -> Table:
    table = Table(title="steps per verdict", title_justify="left")
    table.add_column("verdict")
    for column in matrix.columns:
        table.add_column(column.label, justify="right")
    counts = {c.label: Counter(row.cells[c.label].verdict for row in matrix.rows if c.label in row.cells) for c in matrix.columns}
    for verdict in Verdict:
        if any(counts[c.label][verdict] for c in matrix.columns):
            table.add_row(Text(verdict, style=STYLE[verdict]), *(str(counts[c.label][verdict]) for c in matrix.columns))
    table.add_row("wall time", *(f"{c.wall_s:.0f} s" if c.wall_s is not None else "?" for c in matrix.columns), end_section=True)
    return table


def reference_note(outcome: ReferenceOutcome) -> str:
    """Why a reference guide did not pass: its first failing step, or how the run ended."""
    if outcome.errors:
        step, error = outcome.errors[0]
        return f"{step}: {error.strip().splitlines()[-1] if error.strip() else error}"
    return outcome.status


def _reference_text(outcome: ReferenceOutcome | None) -> Text:
    if outcome is None:
        return Text("—", style="dim")
    if outcome.passed:
        return Text("passed", style=STYLE[Verdict.PASSED])
    return Text("failed", style=STYLE[Verdict.FAILED]).append("\n" + clipped(reference_note(outcome), NOTE_WIDTH), style="dim")


def reference_table(matrix: Matrix) -> Table:
    table = Table(title="reference guides", title_justify="left")
    table.add_column("guide")
    for column in matrix.columns:
        table.add_column(column.label, max_width=NOTE_WIDTH + 2)
    for row in matrix.references:
        table.add_row(row.guide, *(_reference_text(row.outcomes.get(column.label)) for column in matrix.columns))
    return table


def print_matrix(console: Console, matrix: Matrix, changed_only: bool = False) -> None:
    steps = len(matrix.rows)
    console.print(
        f"[bold]polydoctest matrix[/]: {len(matrix.pages)} pages, {steps} steps, "
        f"{len(matrix.columns)} versions ({', '.join(escape(c.label) for c in matrix.columns)})"
    )
    tables = [table for page in matrix.pages if (table := page_table(matrix, page.path, changed_only))]
    if changed_only and not tables:
        console.print("every step has the same verdict on every version")
    references = [reference_table(matrix)] if matrix.references else []
    console.print(Group(*tables, *references, summary_table(matrix)))


def print_broken_references(console: Console, rows: tuple[ReferenceRow, ...], old: Column, new: Column) -> None:
    for row in rows:
        console.print(
            f"[bold red]regression[/] reference guide {escape(row.guide)}: passed on {escape(old.label)}, "
            f"failed on {escape(new.label)}: {escape(reference_note(row.outcomes[new.label]))}",
            highlight=False,
        )


def print_diff(console: Console, changes: tuple[Change, ...], old: Column, new: Column) -> None:
    regressions = sum(change.regression for change in changes)
    unexplained = sum(not change.explained for change in changes)
    console.print(
        f"[bold]verdict changes {escape(old.label)} → {escape(new.label)}[/]: {len(changes)} steps"
        f" ({regressions} regressions, {unexplained} not explained by a drift rule)"
    )
    for change in changes:
        row = change.row
        where = f"{row.page}:{row.line_start}" if row.line_start is not None else row.page
        marker = "[bold red]regression[/] " if change.regression else ""
        console.print(
            f"{marker}{escape(where)} step {row.index}: "
            f"[{STYLE[change.old.verdict]}]{change.old.verdict}[/] → [{STYLE[change.new.verdict]}]{change.new.verdict}[/]"
        )
        if not change.explained:
            console.print("    [bold red]no drift rule explains this change[/]")
        for cause in change.causes:
            label = f"[cyan]{escape(cause.rule)}[/]: " if cause.rule else ""
            console.print(f"    {label}{escape(cause.text)}", highlight=False)
