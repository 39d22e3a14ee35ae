"""Fixture figures: cold build, cached lookup, home size, per-page copy and activation.

Goals (from the fixtures issue): cold build <= 20 s, cached <= 0.5 s, home <= 10 MB.
Cold and cached are measured in fresh interpreters, so they include what a real first call
pays (imports); the in-call time of the cached lookup is printed too.

usage: .venv/bin/python benchmarks/fixtures.py [--repeat N] [--docs PATH ...]

With --docs, also the cold build of every model stand-in the pages under PATH ask for
(fixtures/synth, goal <= 2 minutes on 2 cores): how many distinct repos they ask for, how many
are synthesised, and why the others are not.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE = """
import json, sys, time
started = time.perf_counter()
from polydoctest.fixtures import ensure_home
home = ensure_home(sys.argv[1])
print(json.dumps({"home": str(home), "call": time.perf_counter() - started}))
"""


def fresh_ensure_home(root: Path) -> tuple[float, float, Path]:
    """(wall seconds of a whole interpreter, seconds inside import+ensure_home, home)."""
    started = time.perf_counter()
    output = subprocess.run(
        [sys.executable, "-c", PROBE, str(root)], check=True, capture_output=True, text=True
    ).stdout
    wall = time.perf_counter() - started
    seen = json.loads(output.strip().splitlines()[-1])
    return wall, seen["call"], Path(seen["home"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--docs", nargs="*", default=[], help="docs trees or pages whose stand-ins to build")
    args = parser.parse_args()
    if args.docs:
        stand_ins(args.docs)

    from polydoctest.fixtures import offline_session, page_home
    from polydoctest.fixtures.files import tree_size

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        cold = []
        for run in range(args.repeat):
            wall, _, home = fresh_ensure_home(root / f"cold-{run}")
            cold.append(wall)
        cached = [fresh_ensure_home(root / "cold-0") for _ in range(args.repeat)]
        size = tree_size(home)

        copies, activations = [], []
        for run in range(args.repeat):
            started = time.perf_counter()
            copy = page_home(home, root / f"page-{run}")
            copies.append(time.perf_counter() - started)
            started = time.perf_counter()
            with offline_session(copy):
                activations.append(time.perf_counter() - started)

    def show(name: str, values: list[float], goal: str = "") -> None:
        median = statistics.median(values)
        figures = f"median {median:.3f} s  (min {min(values):.3f}, max {max(values):.3f})"
        print(f"{name:<38} {figures}  {goal}".rstrip())

    print(f"fixture figures over {args.repeat} runs ({sys.executable})")
    show("cold build, fresh interpreter", cold, "goal <= 20 s")
    show("cached ensure_home, fresh interpreter", [wall for wall, _, _ in cached])
    show("cached ensure_home, the call itself", [call for _, call, _ in cached], "goal <= 0.5 s")
    show("page_home copy (symbolic links)", copies)
    show("offline_session enter", activations)
    print(f"{'fixture home size':<38} {size / 1024 / 1024:.2f} MB  goal <= 10 MB")


def stand_ins(paths: list[str]) -> None:
    from collections import Counter

    from polydoctest.drift import installed_versions
    from polydoctest.fixtures import DEFAULT_USER
    from polydoctest.fixtures.synth import Unsupported, store, wanted
    from polydoctest.load import find_pages, load_page
    from polydoctest.plan import plan_page

    versions = installed_versions()
    pages = []
    for path in find_pages(paths):
        plans = plan_page(load_page(path).page, versions)
        pages.append([plan.job().source for plan in plans if plan.runs])
    specs, unsupported, _pins = wanted(pages, DEFAULT_USER)
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        found = store.built(specs, Path(scratch))
        cold = time.perf_counter() - started
    failed = [f for f in found.values() if isinstance(f, Unsupported)]
    print(f"stand-ins for {len(pages)} pages: {len(specs) + len(unsupported)} repos beyond the catalog, "
          f"{len(specs) - len(failed)} synthesised, cold build {cold:.1f} s  goal <= 120 s")
    reasons = Counter(reason_kind(u.reason) for u in (*unsupported, *failed))
    for reason, count in reasons.most_common():
        print(f"  {count:3d}  {reason}")


def reason_kind(reason: str) -> str:
    """A reason without the repo's own words, so that like reasons are counted together."""
    return reason.split(" in the name ")[0].split(": ", 1)[-1][:110]


if __name__ == "__main__":
    main()
