"""GitHub workflow annotations (`run --format github`, `merge --format github`), from the run's
JSON record, so that what a run found shows on the pull request's diff at the page's line.

One workflow command per finding, in the documented syntax
`::{level} file={path},line={line},title={title}::{message}`: `%`, `\\r` and `\\n` are escaped
everywhere, `:` and `,` also in properties. A step that fails (`failed`, `crashed`,
`timed-out`), a page that could not be read and a repair that changed code unsurely are
errors; a stale page (a rewrite), a doc defect, a problem in the page's Markdown and a
difference from the guide's reference are warnings, each at the line its finding names;
`unsupported` is the harness's gap, a notice, never an error. `file` is the page path as the
run was given it, so a path relative to the workspace lands on the diff.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from polydoctest.verdicts import Verdict

# The verdicts a pull request should see, and the level each gets.
LEVELS = {
    Verdict.FAILED: "error",
    Verdict.CRASHED: "error",
    Verdict.TIMED_OUT: "error",
    Verdict.PASSED_AFTER_REWRITE: "warning",
    Verdict.DOC_DEFECT: "warning",
    Verdict.UNSUPPORTED: "notice",
}


@dataclass(frozen=True)
class Annotation:
    level: str
    file: str
    line: int | None
    title: str
    message: str

    def command(self) -> str:
        properties = {"file": self.file, "line": self.line, "title": self.title}
        shown = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties.items() if value is not None)
        return f"::{self.level} {shown}::{escape_data(self.message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotations(record: Mapping[str, Any]) -> Iterator[Annotation]:
    """Every annotation of a run record (`records.run_record`, or shards merged), page by page."""
    for error in record["errors"]:
        yield Annotation("error", error["path"], None, "polydoctest: unreadable page", error["error"])
    for page in record["pages"]:
        yield from _page_annotations(page)


def _page_annotations(page: Mapping[str, Any]) -> Iterator[Annotation]:
    path = page["path"]
    for problem in page["problems"]:
        yield Annotation("warning", path, problem["line"], f"polydoctest: {problem['rule']}", problem["message"])
    for fill in page["damage"]["in_code"]:
        if fill["error"]:
            yield Annotation("error", path, fill["line"], "polydoctest: unsure repair in code", fill["error"])
    for step in page["steps"]:
        verdict = Verdict(step["verdict"])
        if verdict not in LEVELS:
            continue
        level, title = LEVELS[verdict], f"polydoctest: {verdict}"
        findings = step["findings"] if verdict in (Verdict.PASSED_AFTER_REWRITE, Verdict.DOC_DEFECT) else []
        for finding in findings:
            old = f"{finding['old']} " if finding["old"] else ""
            change = f" ({old}-> {finding['new']})" if finding["new"] else ""
            yield Annotation(level, path, finding["line"] or step["line_start"], f"{title} {finding['rule']}", finding["message"] + change)
        if not findings:
            yield Annotation(level, path, step["line_start"], title, f"step {step['index']}: {step['reason'] or verdict}")
    for finding in (page["reference"] or {}).get("findings", ()):
        title = f"polydoctest: reference {finding['kind']}"
        yield Annotation("warning", path, finding["line"], title, finding["message"])
