"""Wall time of the main job on the bundled guides, cold and warm, and where the time goes.

    .venv/bin/python benchmarks/run_seeds.py [--jobs 2] [PATHS...]

Each measurement is a fresh interpreter. "cold" uses an empty polydoctest cache (the repair's
language models, repaired texts and the fixture home are all built); "warm" runs again on the
cache the cold run left. Phases: importing polydoctest, loading the pages (read + repair +
parse), warming the runner (importing torch, transformers, datasets, evaluate once), and the
run itself (plan, fixture home check or build, pages forked and run, verdicts), with each
page's own time inside the run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys, time
started = time.perf_counter()
from polydoctest.load import find_pages, load_page
from polydoctest.pipeline import run_loaded
from polydoctest.run import Runner
phases = {"import": time.perf_counter() - started}
mark = time.perf_counter()
pages = [load_page(path) for path in find_pages(sys.argv[2:])]
phases["load pages"] = time.perf_counter() - mark
mark = time.perf_counter()
with Runner(workers=int(sys.argv[1])) as runner:
    runner.warm()
    phases["warm runner"] = time.perf_counter() - mark
    mark = time.perf_counter()
    report = run_loaded(pages, runner=runner)
    phases["run"] = time.perf_counter() - mark
phases["total"] = time.perf_counter() - started
pages = {str(run.loaded.path): run.outcome.duration_s for run in report.pages}
verdicts = [result.verdict for run in report.pages for result in run.results]
print(json.dumps({"phases": phases, "pages": pages, "steps": len(verdicts), "failed": sum(v in ("failed", "crashed", "timed-out") for v in verdicts)}))
"""


def measure(cache: Path, jobs: int, paths: list[str]) -> dict:
    env = {**os.environ, "POLYDOCTEST_CACHE": str(cache)}
    env.pop("POLYDOCTEST_FIXTURES", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(jobs), *paths], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("paths", nargs="*", default=["docs"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="polydoctest-bench-") as cache:
        runs = {"cold": measure(Path(cache), args.jobs, args.paths), "warm": measure(Path(cache), args.jobs, args.paths)}
    print(f"main job on {', '.join(args.paths)} with -j {args.jobs} ({runs['warm']['steps']} steps, {runs['warm']['failed']} failing)")
    print(f"{'phase':<28}{'cold s':>10}{'warm s':>10}")
    for phase in runs["cold"]["phases"]:
        print(f"{phase:<28}{runs['cold']['phases'][phase]:>10.2f}{runs['warm']['phases'][phase]:>10.2f}")
    print("time per page inside the run:")
    for page in runs["cold"]["pages"]:
        print(f"  {page:<56}{runs['cold']['pages'][page]:>8.2f}{runs['warm']['pages'][page]:>10.2f}")


if __name__ == "__main__":
    main()
