"""The warm main job (`polydoctest run docs/ -j 2 --json --junit --html`, caches built), where
its time goes, and a `--watch` re-run of a bundled page.

    .venv/bin/python benchmarks/main_job.py [--runs 3] [--docs docs]

Figures, with the load average before each run beside it (the machine's other work slows a
run down; compare CPU seconds when the load is high):
- wall: median of `--runs` runs after one unmeasured run that builds any missing cache; CPU:
  user + system seconds of the command and its children;
- phases: one more run under cProfile, the time spent inside each part of the command (the
  runner's warm-up proceeds beside the planning, so only the wait for it is on the path);
- watch re-run: `run PAGE --watch` on a copy of a bundled page, from a save of the page to
  its new JSON result, median of three saves.
"""

from __future__ import annotations

import argparse
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMAND = [sys.executable, "-m", "polydoctest", "run"]
WATCHED_PAGE = Path("source/ko/tasks/sequence_classification.md")
# (label, file suffix, function) of the parts of the command, as cProfile names them.
PHASES = (
    ("load pages (read, repair, parse)", "polydoctest/load.py", "load_pages"),
    ("plan steps (drift rewrites)", "polydoctest/plan.py", "plan_page"),
    ("stand-ins (requests, home checks)", "polydoctest/fixtures/synth/__init__.py", "ensure_stand_ins"),
    ("align with the reference guides", "polydoctest/reference/prepare.py", "prepare_page"),
    ("wait for the runner's warm-up", "polydoctest/run/remote.py", "warm"),
    ("run the pages and references", "polydoctest/run/remote.py", "run"),
    ("terminal report", "polydoctest/report/terminal.py", "print_run"),
    ("JSON, JUnit, HTML", "polydoctest/cli/common.py", "write_json"),
    ("", "polydoctest/report/junit.py", "write_junit"),
    ("", "polydoctest/report/html.py", "write_html"),
    ("stop the runner", "polydoctest/run/remote.py", "close"),
    ("command (from main)", "polydoctest/cli/__init__.py", "main"),
)


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def timed_run(arguments: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(arguments, check=False, capture_output=True, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def phases(arguments: list[str], scratch: Path) -> list[tuple[str, float]]:
    profile = scratch / "main_job.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), *arguments[1:]], check=False, capture_output=True, cwd=ROOT)
    stats = pstats.Stats(str(profile)).stats  # type: ignore[attr-defined]
    figures: list[tuple[str, float]] = []
    for label, suffix, function in PHASES:
        seconds = sum(row[3] for (file, _, name), row in stats.items() if file.endswith(suffix) and name == function)
        if label:
            figures.append((label, seconds))
        else:  # adds to the phase above it
            figures[-1] = (figures[-1][0], figures[-1][1] + seconds)
    return figures


def watch_rerun_s(docs: Path, scratch: Path, saves: int = 3) -> list[float]:
    page = scratch / "docs" / WATCHED_PAGE
    page.parent.mkdir(parents=True)
    shutil.copyfile(docs / WATCHED_PAGE, page)
    result = scratch / "watch.json"
    watcher = subprocess.Popen(
        [*COMMAND, str(page), "--watch", "--json", str(result)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
    )
    seconds = []
    try:
        wait_for_new(result, None, watcher)
        for _ in range(saves):
            written = result.stat().st_mtime_ns
            time.sleep(0.1)  # a save in a later clock tick than the last result
            page.write_bytes(page.read_bytes())
            saved = time.perf_counter()
            wait_for_new(result, written, watcher)
            seconds.append(time.perf_counter() - saved)
    finally:
        watcher.terminate()
        watcher.wait()
    return seconds


def wait_for_new(result: Path, written: int | None, watcher: subprocess.Popen, timeout_s: float = 600) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if watcher.poll() is not None:
            raise RuntimeError(f"the --watch run ended with status {watcher.returncode}")
        if result.exists() and result.stat().st_mtime_ns != written:
            return
        time.sleep(0.02)
    raise RuntimeError("no new result from --watch")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    parser.add_argument("--no-watch", dest="watch", action="store_false", help="skip the --watch figure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="polydoctest-bench-") as folder:
        scratch = Path(folder)
        outputs = ["--json", str(scratch / "run.json"), "--junit", str(scratch / "run.xml"), "--html", str(scratch / "run.html")]
        arguments = [*COMMAND, str(args.docs), "-j", "2", *outputs]
        print(f"{os.cpu_count()} cores; {' '.join(arguments[3:4])} -j 2 --json --junit --html")
        timed_run(arguments)  # builds what is missing; not measured
        walls = []
        for number in range(args.runs):
            started_load = load()
            wall, cpu = timed_run(arguments)
            walls.append(wall)
            print(f"run {number + 1}: {wall:.1f} s wall, {cpu:.1f} s CPU (load before: {started_load})")
        print(f"== warm main job: {statistics.median(walls):.1f} s wall, median of {args.runs} (load now: {load()})")
        print(f"== phases (one run under cProfile; load before: {load()})")
        for label, seconds in phases(arguments, scratch):
            print(f"   {label:<36} {seconds:6.1f} s")
        if args.watch:
            started_load = load()
            reruns = watch_rerun_s(args.docs, scratch)
            figures = ", ".join(f"{s:.1f}" for s in reruns)
            print(f"== --watch re-run of {WATCHED_PAGE}: {statistics.median(reruns):.1f} s median ({figures}; load before: {started_load})")
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")


if __name__ == "__main__":
    main()
