"""The run as one self-contained HTML file a translator can open: inline CSS, no scripts, no
external assets.

It has the verdicts per page (steps the harness could not verify, `unsupported`, in a column
of their own, and how many steps it verified), and for every reference guide the cross-language matrix:
reference steps down, pages across, each cell coloured by verdict and marked by whether the
page produced the reference's values. Clicking a cell shows the page's code beside the
reference's, with the differences, the values that differ and the drift findings. Each
page's findings follow, code beside code. Where code stands beside code, the lines that hold
a call or an argument that differs are marked on both sides; lines that differ only in
comments or in the page's own names for things are not differences and are not marked. It
is drawn from the run's JSON record, so a run and its shards merged give the same report.
The document frame, the base and verdict styles and the legend are shared with the version
matrix (`polydoctest.matrix.html`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from polydoctest.files import write_output
from polydoctest.reference.values import shown, value_differences
from polydoctest.report.printable import html_text as escape
from polydoctest.verdicts import Verdict

# A page and a step as the run record has them (`records.run_page_record`).
Page = Mapping[str, Any]
Step = Mapping[str, Any]

BASE_CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; word-break: break-all; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #ddd; padding: 3px 6px; vertical-align: top; text-align: left; }
thead th { position: sticky; top: 0; background: #fafafa; }
code { font-family: ui-monospace, monospace; font-size: 12px; background: #0000000d; padding: 0 2px; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 4px; border-radius: 3px; }
"""
VERDICT_CSS = """
.v-passed { background: #e6f4ea; } .v-passed summary { color: #1e7b34; }
.v-passed-after-rewrite { background: #fff6d6; } .v-passed-after-rewrite summary { color: #8a6100; }
.v-doc-defect { background: #f6e8f8; } .v-doc-defect summary { color: #8e24aa; }
.v-skipped { background: #f4f4f4; } .v-skipped summary { color: #777; }
.v-blocked { background: #eceff1; } .v-blocked summary { color: #546e7a; }
.v-failed, .v-crashed, .v-timed-out { background: #fde7e7; } .v-failed summary, .v-crashed summary, .v-timed-out summary { color: #c62828; }
.v-unsupported { background: #e0f7fa; } .v-unsupported summary { color: #00838f; }
"""
RUN_CSS = """
.v-missing { background: #fde7e7; } .v-missing summary { color: #c62828; }
td.cell { min-width: 8em; } td.cell summary { cursor: pointer; font-weight: 600; }
td.cell details[open] { min-width: 64em; }
td.cell .note, .dim { color: #555; font-size: 12px; }
.check-verified { color: #1e7b34; } .check-reference { color: #555; } .check-mismatch, .check-missing, .check-reference-failed { color: #c62828; font-weight: 600; }
.check-not-run, .check-unobserved { color: #777; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin: .4em 0; }
.side h4 { margin: 0 0 2px; font-size: 12px; }
.side .differs { background: #ffd7d5; display: inline-block; width: 100%; }
pre { font-family: ui-monospace, monospace; font-size: 12px; background: #f7f7f9; border: 1px solid #e4e4e8;
      padding: 4px 6px; margin: 0; white-space: pre-wrap; word-break: break-word; }
.finding { border-left: 4px solid #c62828; padding: .2em .8em; margin: 1em 0; }
.finding.same-values { border-left-color: #f9a825; }
ul.values { font-size: 12px; margin: .3em 0; padding-left: 1.2em; }
td.step { font-family: ui-monospace, monospace; font-size: 12px; }
"""
# How a cell says whether the page produced the reference's values.
CHECK_MARK = {
    "verified": "= values",
    "mismatch": "≠ values",
    "not-run": "not verified",
    "missing": "missing",
    "reference-failed": "reference failed",
    "unobserved": "",
    "reference": "reference",
}
SHOWN_VALUES = 8


def document(title: str, parts: Iterable[str], css: str = "") -> str:
    """A whole HTML page: the shared styles, then `css`, then the parts in order."""
    head = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{BASE_CSS}{VERDICT_CSS}{css}</style></head><body>"
    )
    return "\n".join([head, f"<h1>{escape(title)}</h1>", *parts, "</body></html>"])


def legend(verdicts: Iterable[Verdict] = Verdict) -> str:
    items = "".join(f'<span class="v-{v}">{v}</span>' for v in verdicts)
    return f'<p class="legend">{items}</p>'


def write_html(record: Mapping[str, Any], path: Path) -> None:
    write_output(path, run_html(record))


def run_html(record: Mapping[str, Any]) -> str:
    """The report of a run record (`records.run_record`, or shards merged)."""
    pages = record["pages"]
    title = f"polydoctest run: {len(pages)} pages, {sum(len(page['steps']) for page in pages)} steps"
    versions = ", ".join(f"{name} {version}" for name, version in record["versions"].items())
    by_path = {page["path"]: page for page in pages}
    parts = [
        f'<p class="dim">{escape(versions)} · {record["wall_s"]:.1f} s</p>',
        legend(),
        _pages_table(pages),
        _unreadable_html(record["errors"]),
        *(_matrix_html(matrix, by_path) for matrix in record["matrices"]),
        *(_page_html(page) for page in pages),
    ]
    return document(title, parts, RUN_CSS)


def _pages_table(pages: Sequence[Page]) -> str:
    verdicts = "".join(f"<th class='v-{v}'>{v.short}</th>" for v in Verdict)
    head = f"<tr><th>page</th><th>lang</th>{verdicts}<th>verified</th><th>guide</th></tr>"
    rows = []
    for page in pages:
        guide_title = page["reference"]["title"] if page["reference"] else "—"
        rows.append(
            f"<tr><td><a href='#{_anchor(page['path'])}'>{escape(page['path'])}</a></td>"
            f"<td>{escape(page['language'])}</td>"
            + "".join(f"<td>{page['summary'].get(v) or ''}</td>" for v in Verdict)
            + f"<td>{page['verified']['steps']}/{page['verified']['of']}</td><td>{escape(guide_title)}</td></tr>"
        )
    return f"<h2>Pages</h2><table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _unreadable_html(errors: Sequence[Mapping[str, str]]) -> str:
    if not errors:
        return ""
    items = "".join(f"<li>{escape(error['error'])}</li>" for error in errors)
    return f"<h2>Pages that could not be read</h2><ul>{items}</ul>"


def _matrix_html(matrix: Mapping[str, Any], pages: Mapping[str, Page]) -> str:
    state = "the reference passed" if matrix["reference_passed"] else "the reference failed"
    head = "<tr><th>reference step</th>" + "".join(
        f"<th title='{escape(column['path'])}'>{escape(column['label'])}{' (reference)' if column.get('reference') else ''}</th>"
        for column in matrix["columns"]
    ) + "</tr>"
    rows = []
    for row in matrix["rows"]:
        step_id = row["reference_step"]
        cells = "".join(
            _reference_cell_html(row["cells"][column["label"]], row["code"], column)
            if column.get("reference")
            else _cell_html(row["cells"][column["label"]], step_id, row["code"], pages[column["path"]], column["label"])
            for column in matrix["columns"]
        )
        rows.append(f"<tr><td class='step' title='{escape(row['title'])}'>{escape(step_id)}</td>{cells}</tr>")
    return (
        f"<h2 id='matrix-{escape(matrix['guide'])}'>Reference: {escape(matrix['title'])}</h2>"
        f"<p class='dim'>Every step of the guide on every page ({state}). A cell is coloured by the verdict of the page "
        "steps that do the reference step; it says whether they produced the reference's values. Click it for the code "
        "side by side. A column marked as the reference is the English original's own run.</p>"
        f"<table class='matrix'><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _reference_cell_html(cell: Mapping[str, Any], code: str, column: Mapping[str, Any]) -> str:
    """The original's own step: how it ran as the reference, and its code."""
    verdict, status = cell["verdict"], cell["verification"]
    summary = f"{escape(Verdict(verdict).short)} <span class='check-{status}'>{escape(CHECK_MARK[status])}</span>"
    body = f"<div><h4>{escape(column['path'])}</h4><pre>{escape(code)}</pre></div>" + (
        f"<p>{_text(cell['reason'])}</p>" if cell["reason"] else ""
    )
    hover = " | ".join([verdict, CHECK_MARK[status]])
    return (
        f"<td class='cell reference v-{escape(verdict)}' title='{escape(hover)}'>"
        f"<details><summary>{summary}</summary>{body}</details></td>"
    )


def _cell_html(cell: Mapping[str, Any], step_id: str, reference_code: str, page: Page, label: str) -> str:
    verdict = cell["verdict"] or "missing"
    status = cell["verification"]
    summary = (
        f"{escape(Verdict(cell['verdict']).short)} <span class='check-{status}'>{escape(CHECK_MARK[status])}</span>"
        if cell["verdict"]
        else "missing"
    )
    notes = [rule.split(".", 1)[-1] for rule in cell["rules"]]
    if cell["code"] == "differs":
        notes.append("code differs")
    if cell["tensorflow_steps"]:
        notes.append(f"TF skipped ×{len(cell['tensorflow_steps'])}")
    steps = {step["index"]: step for step in page["steps"]}
    page_indexes = cell["page_steps"]
    reference = page["reference"]
    aligned = next((step for step in reference["aligned"] if step["reference_step"] == step_id), None)
    mismatches = [mismatch for mismatch in reference["mismatches"] if mismatch["reference_step"] == step_id]
    differences = aligned["differences"] if aligned else []
    body = [
        _side_by_side(
            f"page ({label}): {_where(page_indexes, steps)}" if page_indexes else f"page ({label}): no step does this",
            reference_code,
            page_indexes,
            steps,
            differences,
        ),
        f"<p>{_text(cell['reason'])}</p>" if cell["reason"] else "",
        _differences_html(differences),
        _mismatches_html(mismatches),
        _caused_by_html(mismatches[0]["caused_by"] if mismatches else []),
        _step_results_html([steps[i] for i in page_indexes if i in steps]),
        _tensorflow_html(cell["tensorflow_steps"], steps),
    ]
    hover = " | ".join([verdict, CHECK_MARK[status], *notes])
    note = f"<div class='note'>{escape(', '.join(notes))}</div>" if notes else ""
    return (
        f"<td class='cell v-{escape(verdict)}' title='{escape(hover)}'>"
        f"<details><summary>{summary}</summary>{''.join(body)}</details>{note}</td>"
    )


def _caused_by_html(causes: Sequence[str]) -> str:
    return f"<p class='dim'>values differ because of: {escape(', '.join(causes))}</p>" if causes else ""


def _side_by_side(
    page_title: str,
    reference_code: str,
    page_indexes: Sequence[int],
    steps: Mapping[int, Step],
    differences: Sequence[Mapping[str, Any]],
) -> str:
    """The page's code (its steps `page_indexes`, joined) in the left column, the reference's in
    the right, with the lines of each side that hold a difference marked."""
    page_lines, reference_lines = _differing_lines(page_indexes, steps, differences)
    return (
        "<div class='side'>"
        f"<div><h4>{escape(page_title)}</h4><pre>{_lines(_code(page_indexes, steps), page_lines) or '—'}</pre></div>"
        f"<div><h4>reference</h4><pre>{_lines(reference_code, reference_lines)}</pre></div>"
        "</div>"
    )


def _differing_lines(
    page_indexes: Sequence[int], steps: Mapping[int, Step], differences: Sequence[Mapping[str, Any]]
) -> tuple[set[int], set[int]]:
    """The 1-based lines of the page's joined steps and of the reference step that hold a
    difference's call or argument."""
    first_lines, count = {}, 0
    for index in page_indexes:
        first_lines[index] = count
        count += len(steps[index]["source"].splitlines())
    page = {
        first_lines[difference["page_step"]] + difference["line"]
        for difference in differences
        if difference["page_step"] in first_lines and difference["line"] is not None
    }
    return page, {difference["reference_line"] for difference in differences if difference["reference_line"] is not None}


def _lines(code: str, marked: set[int]) -> str:
    return "\n".join(
        f"<span class='differs'>{escape(line)}</span>" if number in marked else escape(line)
        for number, line in enumerate(code.splitlines(), 1)
    )


def _where(indexes: Sequence[int], steps: Mapping[int, Step]) -> str:
    lines = sorted({steps[i]["line_start"] for i in indexes})
    return f"{_plural('step', indexes)} {_listed(indexes)} ({_plural('line', lines)} {_listed(lines)})"


def _plural(word: str, items: Sequence[object]) -> str:
    return word + ("s" if len(items) > 1 else "")


def _listed(items: Iterable[object]) -> str:
    return ", ".join(map(str, items))


def _code(indexes: Sequence[int], steps: Mapping[int, Step]) -> str:
    return "".join(steps[i]["source"] for i in indexes)


def _differences_html(differences: Sequence[Mapping[str, Any]]) -> str:
    if not differences:
        return ""
    items = "".join(f"<li>{_text(difference['message'])}</li>" for difference in differences)
    return f"<p><b>Code differs:</b></p><ul>{items}</ul>"


def _mismatches_html(mismatches: Sequence[Mapping[str, Any]]) -> str:
    items = []
    for mismatch in mismatches:
        differences = value_differences(mismatch["reference_value"], mismatch["page_value"], mismatch["observation"])
        for name, expected, actual in differences[:SHOWN_VALUES]:
            items.append(
                f"<li><code>{escape(name)}</code>: reference <code>{escape(shown(expected))}</code>, "
                f"page <code>{escape(shown(actual))}</code></li>"
            )
        if len(differences) > SHOWN_VALUES:
            more = len(differences) - SHOWN_VALUES
            items.append(f"<li>… and {more} more values of <code>{escape(mismatch['observation'])}</code></li>")
    return f"<p><b>Values that differ:</b></p><ul class='values'>{''.join(items)}</ul>" if items else ""


def _step_results_html(steps: Sequence[Step]) -> str:
    items = []
    for step in steps:
        if step["verdict"] == Verdict.PASSED and not step["findings"]:
            continue
        reason = f": {escape(step['reason'])}" if step["reason"] else ""
        findings = "".join(
            f"<br><b>{escape(f['rule'])}</b> line {f['line']}: {escape(f['message'])}"
            + (f" <code>{escape(f['old'] or '')}</code> → <code>{escape(f['new'])}</code>" if f["new"] is not None else "")
            for f in step["findings"]
        )
        where = f"step {step['index']} (line {step['line_start']})"
        items.append(f"<li class='v-{escape(step['verdict'])}'>{where} {escape(step['verdict'])}{reason}{findings}</li>")
    return f"<p><b>How the page steps ran:</b></p><ul class='values'>{''.join(items)}</ul>" if items else ""


def _tensorflow_html(indexes: Sequence[int], steps: Mapping[int, Step]) -> str:
    if not indexes:
        return ""
    return (
        f"<p class='dim'>TensorFlow version on the page, not run here: {escape(_where(indexes, steps))}</p>"
        f"<pre>{escape(_code(indexes, steps))}</pre>"
    )


def _page_html(page: Page) -> str:
    path = page["path"]
    steps = {step["index"]: step for step in page["steps"]}
    reference = page["reference"]
    intro = "<p class='dim'>No reference guide: this page's steps are judged on their own.</p>"
    findings = ""
    if reference is not None:
        identified = reference["identified_by"]
        evidence = ", ".join(identified["evidence"])
        held = (
            f"the English original <code>{escape(reference['original_path'])}</code>"
            if reference["source"] == "original"
            else f"the hand-written guide {escape(reference['title'])}"
        )
        intro = (
            f"<p>Held against <a href='#matrix-{escape(reference['guide'])}'>{held}</a> "
            f"<span class='dim'>(score {identified['score']}; {escape(evidence)})</span></p>"
        )
        findings = "".join(_finding_html(finding, steps) for finding in reference["findings"])
        findings = findings or "<p>No findings: the page does what the reference does.</p>"
    rows = "".join(
        f"<tr><td>{step['line_start']}</td><td class='step'>{escape(_first_line(step['source']))}</td>"
        f"<td class='v-{escape(step['verdict'])}'>{escape(step['verdict'])}</td><td class='dim'>{escape(step['reason'] or '')}</td></tr>"
        for step in page["steps"]
    )
    head = "<tr><th>line</th><th>code</th><th>verdict</th><th>why</th></tr>"
    table = f"<table><thead>{head}</thead><tbody>{rows}</tbody></table>"
    table = f"<details><summary>{len(page['steps'])} steps</summary>{table}</details>"
    return f"<h2 id='{_anchor(path)}'>{escape(path)}</h2>{intro}{findings}{table}"


def _finding_html(finding: Mapping[str, Any], steps: Mapping[int, Step]) -> str:
    line = finding["line"]
    where = f" — line {line}, page {_where(finding['page_steps'], steps)}" if line is not None else ""
    consequences = ", ".join(finding["consequences"])
    consequences = f"<p class='dim'>so values also differ in: {escape(consequences)}</p>" if consequences else ""
    if finding["kind"] == "extra":
        code = f"<pre>{escape(finding['page_code'])}</pre>"
    else:
        code = _side_by_side("page", finding["reference_code"], finding["page_steps"], steps, finding["differences"])
    # A difference with no values to show for it: worth a look, not an alarm.
    quiet = finding["kind"] in ("code-differs", "extra") and not finding["mismatches"] and not finding["consequences"]
    return (
        f"<div class='finding{' same-values' if quiet else ''}'>"
        f"<p><b>{escape(finding['kind'])}</b>{escape(where)}: {_text(finding['message'])}</p>"
        f"{code}{_mismatches_html(finding['mismatches'])}{consequences}</div>"
    )


def _text(message: str) -> str:
    """A message with its `code` spans as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(message))


def _first_line(source: str) -> str:
    return next((line for line in source.splitlines() if line.strip()), "")


def _anchor(path: str) -> str:
    return "page-" + "".join(c if c.isalnum() else "-" for c in path)
