"""The matrix as one self-contained HTML file: inline CSS, no scripts, no external assets.

A table per page, steps down, versions across, each cell coloured by verdict; hovering shows
why, and clicking a cell opens its reason and drift findings (old code, new code, message).
When a diff was asked for, the changed steps come first with their causes.
"""

from __future__ import annotations

from collections import Counter

from polydoctest.matrix.diff import Change
from polydoctest.matrix.merge import Cell, Column, Matrix, Row
from polydoctest.matrix.render import cell_note, clipped, reference_note, short_rule
from polydoctest.report.html import document, legend
from polydoctest.report.printable import html_text as escape
from polydoctest.verdicts import Verdict

# The frame, base styles, verdict colours and legend are the run report's (report.html).
CSS = """
td.step { font-family: ui-monospace, monospace; font-size: 12px; white-space: pre; max-width: 26em; overflow: hidden; text-overflow: ellipsis; }
td.cell { min-width: 9em; max-width: 16em; }
td.cell summary { cursor: pointer; font-weight: 600; }
td.cell .note { color: #555; font-size: 12px; }
td.cell ul { margin: .3em 0; padding-left: 1.2em; font-size: 12px; }
.missing { color: #aaa; }
.changed td.step { border-left: 4px solid #f9a825; }
.regression { color: #c62828; font-weight: 600; }
.unexplained { color: #c62828; }
"""

MISSING = '<td class="cell missing" title="not in this run">—</td>'


def _cell_html(cell: Cell | None) -> str:
    if cell is None:
        return MISSING
    note = cell_note(cell)
    details = []
    if cell.reason:
        details.append(f"<p>{escape(cell.reason)}</p>")
    if cell.blocked_by is not None:
        details.append(f"<p>blocked by step {cell.blocked_by}</p>")
    if cell.findings:
        items = []
        for finding in cell.findings:
            change = f"<code>{escape(finding.old or '')}</code>"
            change += f" → <code>{escape(finding.new)}</code>" if finding.new is not None else " (reported, not rewritten)"
            where = f"line {finding.line}: " if finding.line is not None else ""
            items.append(f"<li><b>{escape(finding.rule)}</b> {where}{change}<br>{escape(finding.message)}</li>")
        details.append(f"<ul>{''.join(items)}</ul>")
    if cell.output_status:
        details.append(f"<p>output check: {escape(cell.output_status)}</p>")
    hover = " | ".join([cell.verdict, *([cell.reason] if cell.reason else []), *(f"{f.rule}: {f.message}" for f in cell.findings)])
    body = "".join(details) or "<p>no findings</p>"
    short_note = f'<div class="note">{escape(clipped(note, 60))}</div>' if note else ""
    return (
        f'<td class="cell v-{escape(cell.verdict)}" title="{escape(hover)}">'
        f"<details><summary>{escape(cell.verdict.short)}</summary>{body}</details>{short_note}</td>"
    )


def _column_header(column: Column) -> str:
    versions = ", ".join(f"{name} {version}" for name, version in column.versions.items())
    return f'<th title="{escape(versions)}">{escape(column.label)}</th>'


def _row_html(row: Row, columns: tuple[Column, ...]) -> str:
    changed = len({cell.verdict for cell in row.cells.values()}) > 1
    where = f"{row.line_start} #{row.index}" if row.line_start is not None else f"#{row.index}"
    source = row.source.strip()
    first = source.splitlines()[0] if source else ""
    return (
        f'<tr{" class=changed" if changed else ""}><td class="step" title="{escape(source)}">{escape(where)}  {escape(first)}</td>'
        + "".join(_cell_html(row.cells.get(column.label)) for column in columns)
        + "</tr>"
    )


def _page_html(matrix: Matrix, path: str) -> str:
    page = next(p for p in matrix.pages if p.path == path)
    broken = [f"{label}: {status}" + (f" ({page.message[label]})" if label in page.message else "") for label, status in page.status.items() if status != "ok"]
    note = f'<p class="regression">{escape("; ".join(broken))}</p>' if broken else ""
    head = "<tr><th>line #step  code</th>" + "".join(_column_header(c) for c in matrix.columns) + "</tr>"
    body = "".join(_row_html(row, matrix.columns) for row in matrix.page_rows(path))
    return f"<h2>{escape(path)}</h2>{note}<table><thead>{head}</thead><tbody>{body}</tbody></table>"


def _summary_html(matrix: Matrix) -> str:
    counts = {c.label: Counter(r.cells[c.label].verdict for r in matrix.rows if c.label in r.cells) for c in matrix.columns}
    head = "<tr><th>verdict</th>" + "".join(_column_header(c) for c in matrix.columns) + "</tr>"
    rows = [
        f'<tr><td class="v-{verdict}">{verdict}</td>' + "".join(f"<td>{counts[c.label][verdict]}</td>" for c in matrix.columns) + "</tr>"
        for verdict in Verdict
        if any(counts[c.label][verdict] for c in matrix.columns)
    ]
    walls = "".join(f"<td>{c.wall_s:.0f} s</td>" if c.wall_s is not None else "<td>?</td>" for c in matrix.columns)
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}<tr><td>wall time</td>{walls}</tr></tbody></table>"


def _references_html(matrix: Matrix) -> str:
    if not matrix.references:
        return ""
    head = "<tr><th>reference guide</th>" + "".join(_column_header(c) for c in matrix.columns) + "</tr>"
    rows = []
    for row in matrix.references:
        cells = []
        for column in matrix.columns:
            outcome = row.outcomes.get(column.label)
            if outcome is None:
                cells.append(MISSING)
            elif outcome.passed:
                cells.append('<td class="cell v-passed">passed</td>')
            else:
                cells.append(f'<td class="cell v-failed">failed<div class="note">{escape(reference_note(outcome))}</div></td>')
        rows.append(f"<tr><td>{escape(row.guide)}</td>{''.join(cells)}</tr>")
    return f"<h2>Reference guides</h2><table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _diff_html(changes: tuple[Change, ...], old: Column, new: Column) -> str:
    items = []
    for change in changes:
        row = change.row
        causes = "".join(
            f"<li>{'<b>' + escape(short_rule(c.rule)) + '</b>: ' if c.rule else ''}{escape(c.text)}</li>" for c in change.causes
        )
        flags = ('<span class="regression">regression</span> ' if change.regression else "") + (
            '<span class="unexplained">no drift rule explains this change</span>' if not change.explained else ""
        )
        items.append(
            f"<li><code>{escape(row.page)}:{row.line_start}</code> step {row.index}: "
            f'<span class="v-{escape(change.old.verdict)}">{escape(change.old.verdict)}</span> → '
            f'<span class="v-{escape(change.new.verdict)}">{escape(change.new.verdict)}</span> {flags}<ul>{causes}</ul></li>'
        )
    return (
        f"<h2>Verdict changes {escape(old.label)} → {escape(new.label)}: {len(changes)} steps</h2>"
        + (f"<ol>{''.join(items)}</ol>" if items else "<p>No step changed its verdict.</p>")
    )


def matrix_html(matrix: Matrix, diff: tuple[tuple[Change, ...], Column, Column] | None = None) -> str:
    title = f"polydoctest matrix: {len(matrix.pages)} pages, {len(matrix.rows)} steps, {len(matrix.columns)} versions"
    parts = [
        legend(),
        _summary_html(matrix),
        _references_html(matrix),
        _diff_html(*diff) if diff is not None else "",
        *(_page_html(matrix, page.path) for page in matrix.pages),
    ]
    return document(title, parts, CSS)
