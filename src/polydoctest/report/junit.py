"""JUnit XML, for CI systems that draw test reports: a suite per page, a case per step, from
the run's JSON record (so a run and shards merged give the same file).

Verdicts map as in the pytest plugin: failing verdicts are failures, `skipped`, `blocked` and
`unsupported` (the harness could not verify the step) are skips with their reason, the rest
pass (a rewrite or doc defect is noted in system-out). A page that could not be read is a
suite with one case in error; the problems of a page's Markdown are its suite's system-out.
Every attribute and text is passed through `printable` once the tree is built, so the file
parses whatever the pages hold and the steps printed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from polydoctest.files import write_output
from polydoctest.report.printable import printable
from polydoctest.verdicts import Verdict


def junit_tree(record: Mapping[str, Any]) -> ET.ElementTree:
    """The JUnit tree of a run record (`records.run_record`, or shards merged)."""
    suites = ET.Element("testsuites", name="polydoctest", time=f"{record['wall_s']:.3f}")
    for page in record["pages"]:
        path = page["path"]
        suite = ET.SubElement(suites, "testsuite", name=path, time=f"{page['duration_s']:.3f}")
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for step in page["steps"]:
            verdict = Verdict(step["verdict"])
            case = ET.SubElement(
                suite,
                "testcase",
                classname=path,
                name=step["name"],
                file=path,
                line=str(step["line_start"]),
                time=f"{step['duration_s']:.3f}",
            )
            counts["tests"] += 1
            if verdict.fails:
                counts["failures"] += 1
                failure = ET.SubElement(case, "failure", type=verdict, message=step["reason"] or verdict)
                failure.text = step["source"]
            elif verdict in (Verdict.SKIPPED, Verdict.BLOCKED, Verdict.UNSUPPORTED):
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=f"{verdict}: {step['reason']}")
            if step["findings"]:
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(f"{path}:{f['line']} {f['rule']}: {f['message']}" for f in step["findings"])
        suite.attrib.update({name: str(value) for name, value in counts.items()})
        if page["problems"]:
            out = ET.SubElement(suite, "system-out")
            out.text = "\n".join(f"{path}:{p['line']} {p['rule']}: {p['message']}" for p in page["problems"])
    for error in record["errors"]:
        suite = ET.SubElement(suites, "testsuite", name=error["path"], tests="1", failures="0", errors="1", skipped="0")
        case = ET.SubElement(suite, "testcase", classname=error["path"], name="read", file=error["path"])
        ET.SubElement(case, "error", type="unreadable", message=error["error"])
    for element in suites.iter():
        element.attrib.update({key: printable(value) for key, value in element.attrib.items()})
        element.text = printable(element.text) if element.text else element.text
    return ET.ElementTree(suites)


def write_junit(record: Mapping[str, Any], path: Path) -> None:
    tree = junit_tree(record)
    ET.indent(tree)
    write_output(path, ET.tostring(tree.getroot(), encoding="utf-8", xml_declaration=True))
