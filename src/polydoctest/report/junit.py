"""JUnit XML, for CI systems that draw test reports: a suite per page, a case per step.

Verdicts map as in the pytest plugin: failing verdicts are failures, `skipped`, `blocked` and
`unsupported` (the harness could not verify the step) are skips with their reason, the rest
pass (a rewrite or doc defect is noted in system-out). A page that could not be read is a
suite with one case in error; the problems of a page's Markdown are its suite's system-out.
Every attribute and text is passed through `printable` once the tree is built, so the file
parses whatever the pages hold and the steps printed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from polydoctest.files import write_output
from polydoctest.pipeline import RunReport
from polydoctest.report.names import step_name
from polydoctest.report.printable import printable
from polydoctest.verdicts import Verdict


def junit_tree(report: RunReport) -> ET.ElementTree:
    suites = ET.Element("testsuites", name="polydoctest", time=f"{report.wall_s:.3f}")
    for run in report.pages:
        steps = {step.index: step for step in run.loaded.page.steps}
        suite = ET.SubElement(suites, "testsuite", name=str(run.loaded.path), time=f"{run.outcome.duration_s:.3f}")
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for result in run.results:
            step = steps[result.index]
            case = ET.SubElement(
                suite,
                "testcase",
                classname=str(run.loaded.path),
                name=step_name(step),
                file=str(run.loaded.path),
                line=str(step.line_start),
                time=f"{result.duration_s:.3f}",
            )
            counts["tests"] += 1
            if result.verdict.fails:
                counts["failures"] += 1
                failure = ET.SubElement(case, "failure", type=result.verdict, message=result.reason or result.verdict)
                failure.text = step.source
            elif result.verdict in (Verdict.SKIPPED, Verdict.BLOCKED, Verdict.UNSUPPORTED):
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=f"{result.verdict}: {result.reason}")
            if result.findings:
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(f"{run.loaded.path}:{f.line} {f.rule}: {f.message}" for f in result.findings)
        suite.attrib.update({name: str(value) for name, value in counts.items()})
        if run.loaded.page.problems:
            out = ET.SubElement(suite, "system-out")
            out.text = "\n".join(f"{run.loaded.path}:{p.line} {p.rule}: {p.message}" for p in run.loaded.page.problems)
    for page in report.unreadable:
        suite = ET.SubElement(suites, "testsuite", name=str(page.path), tests="1", failures="0", errors="1", skipped="0")
        case = ET.SubElement(suite, "testcase", classname=str(page.path), name="read", file=str(page.path))
        ET.SubElement(case, "error", type="unreadable", message=page.message)
    for element in suites.iter():
        element.attrib.update({key: printable(value) for key, value in element.attrib.items()})
        element.text = printable(element.text) if element.text else element.text
    return ET.ElementTree(suites)


def write_junit(report: RunReport, path: Path) -> None:
    tree = junit_tree(report)
    ET.indent(tree)
    write_output(path, ET.tostring(tree.getroot(), encoding="utf-8", xml_declaration=True))
