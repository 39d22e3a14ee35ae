"""What verifying pages against their reference guides costs.

  prepare   identify the guide and align the page (static, before anything runs), per page;
  run       wall time of `run_loaded` on the pages without and with the reference (which adds
            one observation step per aligned reference step and one reference run per guide),
            in one warm runner with `--jobs` workers.

usage: .venv/bin/python benchmarks/reference.py [PATHS...] [--jobs N] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from polydoctest.drift import installed_versions
from polydoctest.load import find_pages, load_page
from polydoctest.pipeline import run_loaded
from polydoctest.plan import plan_page
from polydoctest.reference import prepare_page
from polydoctest.run import Runner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["docs"])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    pages = [load_page(path) for path in find_pages(args.paths)]
    versions = installed_versions()
    print("prepare (identify + align), ms per page:")
    for loaded in pages:
        plans = plan_page(loaded.page, versions)
        times = []
        for _ in range(5):
            started = time.perf_counter()
            check = prepare_page(loaded.page, plans)
            times.append((time.perf_counter() - started) * 1000)
        guide = check.identification.guide.id if check else "-"
        print(f"  {loaded.path}: {statistics.median(times):.0f} ms ({guide})")
    with Runner(workers=args.jobs) as runner:
        for reference in (False, True):
            walls = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                run_loaded(pages, runner=runner, reference=reference)
                walls.append(time.perf_counter() - started)
            label = "with reference" if reference else "pages only"
            print(f"run, {label}: median {statistics.median(walls):.1f} s over {args.repeat} ({', '.join(f'{w:.1f}' for w in walls)})")


if __name__ == "__main__":
    main()
