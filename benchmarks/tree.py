"""How much of a real docs tree polydoctest verifies, per language, and what to fix next.

    .venv/bin/python benchmarks/tree.py --docs PATH [--langs ar ko zh] [-j 2] [--json OUT]

Runs `polydoctest run` once per language folder of the tree (a fresh interpreter each, with the
same PYTHONPATH, so an older checkout can be measured the same way) and prints, per language
and in total: pages, pages with code, steps by verdict, the share of the steps not skipped
that run well (passed, passed-after-rewrite, or a doc defect whose remedy made the step run),
the share the harness could not verify (unsupported), the wall time, and the most frequent
causes of failed, blocked and unsupported steps, grouped by the first line of their reason with
ids, paths and numbers normalised. The machine's load is printed beside the figures, since a
shared machine slows every page.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ORDER = ("passed", "passed-after-rewrite", "doc-defect", "skipped", "blocked", "unsupported",
         "failed", "crashed", "timed-out")
CAUSE_VERDICTS = ("failed", "crashed", "timed-out", "blocked", "unsupported")

# Normalising reasons so that the same cause on different pages counts once.
_NORMALISE = (
    (re.compile(r"(?<![\w.])(?:/[\w.@+-]+){2,}/?"), "<path>"),
    (re.compile(r"(['\"`])[\w.-]+/[\w./-]+\1"), r"\1<id>\1"),
    (re.compile(r"0x[0-9a-f]+"), "0x…"),
    (re.compile(r"\d+(?:\.\d+)?"), "N"),
)


def normalise(reason: str | None) -> str:
    """The reason's first line (with the next one when it only introduces it), normalised."""
    lines = [line.strip() for line in (reason or "").splitlines() if line.strip()] or ["(no reason)"]
    line = " ".join(lines[:2]) if lines[0].endswith(":") else lines[0]
    for pattern, replacement in _NORMALISE:
        line = pattern.sub(replacement, line)
    return line[:160]


def runs_well(step: dict) -> bool:
    """A doc defect runs well when the step ran after its remedy: its finding carries the fix."""
    if step["verdict"] in ("passed", "passed-after-rewrite"):
        return True
    return step["verdict"] == "doc-defect" and any(
        finding["rule"].startswith("doc-defect.") and finding["new"] is not None for finding in step["findings"]
    )


def run_language(docs: Path, lang: str, jobs: int, out: Path) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "polydoctest", "run", str(docs / lang), "-j", str(jobs), "--json", str(out)]
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    if not out.exists():
        raise SystemExit(f"polydoctest wrote no results for {lang}: {' '.join(command)}")
    return time.perf_counter() - started


def figures(record: dict, wall_s: float) -> dict:
    steps = [step for page in record["pages"] for step in page["steps"]]
    verdicts = Counter(step["verdict"] for step in steps)
    considered = [step for step in steps if step["verdict"] != "skipped"]
    causes: dict[str, Counter[str]] = {verdict: Counter() for verdict in CAUSE_VERDICTS}
    for step in steps:
        if step["verdict"] in causes:
            causes[step["verdict"]][normalise(step["reason"])] += 1
    return {
        "pages": len(record["pages"]),
        "pages_with_code": sum(any(s["kind"] != "shell" for s in page["steps"]) for page in record["pages"]),
        "steps": len(steps),
        "verdicts": {verdict: verdicts.get(verdict, 0) for verdict in ORDER},
        "not_skipped": len(considered),
        "run_well": sum(runs_well(step) for step in considered),
        "wall_s": round(wall_s, 1),
        "causes": {verdict: dict(counter) for verdict, counter in causes.items()},
    }


def combine(parts: list[dict]) -> dict:
    total: dict = {"pages": 0, "pages_with_code": 0, "steps": 0, "not_skipped": 0, "run_well": 0, "wall_s": 0.0}
    verdicts: Counter[str] = Counter()
    causes: dict[str, Counter[str]] = {verdict: Counter() for verdict in CAUSE_VERDICTS}
    for part in parts:
        for key in total:
            total[key] += part[key]
        verdicts.update(part["verdicts"])
        for verdict, counter in part["causes"].items():
            causes[verdict].update(counter)
    total["wall_s"] = round(total["wall_s"], 1)
    total["verdicts"] = {verdict: verdicts.get(verdict, 0) for verdict in ORDER}
    total["causes"] = {verdict: dict(counter) for verdict, counter in causes.items()}
    return total


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "-"


def print_figures(label: str, data: dict, top: int) -> None:
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"== {label}: {data['pages']} pages, {data['pages_with_code']} with code, {data['steps']} steps, "
          f"{data['wall_s']:.0f} s wall (load {load})")
    print("   " + ", ".join(f"{verdict} {count}" for verdict, count in data["verdicts"].items()))
    print(f"   run well: {data['run_well']}/{data['not_skipped']} not-skipped steps "
          f"({share(data['run_well'], data['not_skipped'])}); unsupported "
          f"{share(data['verdicts']['unsupported'], data['not_skipped'])}")
    for verdict, counter in data["causes"].items():
        if counter:
            print(f"   top {verdict}:")
            for reason, count in Counter(counter).most_common(top):
                print(f"     {count:>4}  {reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, required=True, help="the tree holding one folder per language")
    parser.add_argument("--langs", nargs="+", default=["ar", "ko", "zh"])
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures as JSON")
    parser.add_argument("--top", type=int, default=12, help="causes shown per verdict")
    parser.add_argument("--runs", type=Path, metavar="DIR", help="keep each language's `polydoctest run --json` here")
    args = parser.parse_args()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="polydoctest-tree-") as scratch:
        runs = args.runs or Path(scratch)
        runs.mkdir(parents=True, exist_ok=True)
        for lang in args.langs:
            out = runs / f"{lang}.json"
            wall_s = run_language(args.docs, lang, args.jobs, out)
            results[lang] = figures(json.loads(out.read_text(encoding="utf-8")), wall_s)
            print_figures(lang, results[lang], args.top)
    if len(results) > 1:
        results["total"] = combine(list(results.values()))
        print_figures("total", results["total"], args.top)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
