"""How much a page costs the runner: fork overhead per page, overhead per step, and what the
warm parent saves on imports.

    .venv/bin/python benchmarks/run_fork.py [--pages 20] [--steps 200] [--light-only]

Figures:
- cold imports: the warm import list imported in a fresh interpreter (what every page would
  pay without a warm parent);
- warm-up: the same imports paid once by the Runner;
- page overhead: wall time per page for pages of one trivial step (fork, setup, seed, one
  message round trip, kill and reap, scratch directories), run one at a time;
- step overhead: extra wall time per trivial step, from a page of N steps against a page of 1;
- heavy import step: `import transformers; from transformers import Trainer, pipeline` as a
  step in a forked page, against the cold figure.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from polydoctest.run import DEFAULT_WARM_IMPORTS, PageJob, Runner, StepJob

HEAVY_STEP = "import transformers, datasets, evaluate\nfrom transformers import Trainer, pipeline"


def cold_import_s(names: tuple[str, ...]) -> float:
    code = (
        "import importlib, time\n"
        "started = time.perf_counter()\n"
        f"for name in {names!r}:\n"
        "    module, _, attribute = name.rpartition('.')\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ModuleNotFoundError:\n"
        "        getattr(importlib.import_module(module), attribute)\n"
        "print(time.perf_counter() - started)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(result.stdout)


def trivial_page(name: str, steps: int) -> PageJob:
    return PageJob(name, tuple(StepJob(index, "x = 1") for index in range(steps)))


def measure(runner: Runner, pages: int, steps: int) -> dict[str, float]:
    runner.run([trivial_page("warm-up", 1)])  # first fork touches fresh page tables
    walls = []
    for n in range(pages):
        started = time.perf_counter()
        runner.run([trivial_page(f"page {n}", 1)])
        walls.append(time.perf_counter() - started)
    started = time.perf_counter()
    [long_page] = runner.run([trivial_page("long", steps)])
    long_wall = time.perf_counter() - started
    page_s = statistics.median(walls)
    return {
        "page overhead (ms, median)": page_s * 1000,
        "page overhead (ms, max)": max(walls) * 1000,
        "step overhead (ms, wall)": (long_wall - page_s) / (steps - 1) * 1000,
        "step run time in the page (ms, mean)": statistics.mean(
            step.duration_s for step in long_page.steps
        ) * 1000,
        "page peak RSS (MB)": long_page.peak_rss_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--light-only", action="store_true", help="skip the HF stack")
    args = parser.parse_args()

    configurations = [("light (no warm imports)", ())]
    if not args.light_only:
        configurations.append(("warm (default imports)", DEFAULT_WARM_IMPORTS))
    for label, warm_imports in configurations:
        with Runner(warm_imports=warm_imports) as runner:
            print(f"== {label}: warm-up {runner.warm().seconds:.2f} s")
            for name, value in measure(runner, args.pages, args.steps).items():
                print(f"  {name:<40} {value:8.2f}")
            if warm_imports:
                [page] = runner.run([PageJob("heavy", (StepJob(0, HEAVY_STEP),))])
                step = page.steps[0]
                print(f"  {'heavy import step in a forked page (s)':<40} {step.duration_s:8.3f} ({step.status})")
    if not args.light_only:
        print(f"== cold imports of the warm list in a fresh interpreter: {cold_import_s(DEFAULT_WARM_IMPORTS):.2f} s")


if __name__ == "__main__":
    main()
