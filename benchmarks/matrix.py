"""Wall time of the version matrix (`nox`), cold and warm.

Three passes over the same sessions, each timed per session:
  cold     an empty polydoctest cache (no wheelhouse, no fixtures) and new environments:
           a fresh machine, apart from pip's own configuration and network;
  warm     the wheelhouse and fixtures from the cold pass, new environments (`nox` in CI
           with the cache restored);
  reused   the environments from the warm pass too (`nox -R`, a developer's second run).
Target: warm <= 10 min on the 2-core development machine.

    .venv/bin/python benchmarks/matrix.py                  # all three passes, docs/
    .venv/bin/python benchmarks/matrix.py --skip-cold      # warm and reused, with --cache DIR
    .venv/bin/python benchmarks/matrix.py --pages docs/source/ko
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from polydoctest.matrix.versions import lines  # noqa: E402


def sessions() -> list[str]:
    return [f"matrix({line.name})" for line in lines()] + ["matrix_report"]


def run_pass(name: str, cache: Path, envdir: Path, pages: list[str], reuse: bool) -> dict[str, float]:
    env = {**os.environ, "POLYDOCTEST_CACHE": str(cache)}
    env.pop("POLYDOCTEST_FIXTURES", None)
    times: dict[str, float] = {}
    for session in sessions():
        command = [sys.executable, "-m", "nox", "-f", str(ROOT / "noxfile.py"), "--envdir", str(envdir), "-s", session]
        command += ["-R"] if reuse else []
        started = time.perf_counter()
        done = subprocess.run([*command, "--", *pages], cwd=ROOT, env=env, capture_output=True, text=True)
        times[session] = time.perf_counter() - started
        status = "ok" if done.returncode == 0 else f"FAILED ({done.returncode})"
        print(f"  {name:<7} {session:<16} {times[session]:7.1f} s  {status}", flush=True)
        if done.returncode != 0:
            print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", file=sys.stderr)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", nargs="+", default=["docs/"], help="pages or folders to run (default: docs/)")
    parser.add_argument("--cache", type=Path, help="polydoctest cache to use (default: a new temporary folder)")
    parser.add_argument("--skip-cold", action="store_true", help="start with the cache as it is (give --cache)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="polydoctest-matrix-bench-") as scratch:
        cache = args.cache or Path(scratch) / "cache"
        passes: dict[str, dict[str, float]] = {}
        if not args.skip_cold:
            passes["cold"] = run_pass("cold", cache, Path(scratch) / "envs-cold", args.pages, reuse=False)
        passes["warm"] = run_pass("warm", cache, Path(scratch) / "envs-warm", args.pages, reuse=False)
        passes["reused"] = run_pass("reused", cache, Path(scratch) / "envs-warm", args.pages, reuse=True)
    print(f"\nmatrix wall time, {len(lines())} transformers lines on {' '.join(args.pages)} ({os.cpu_count()} cores)")
    print(f"{'session':<16}" + "".join(f"{name:>10}" for name in passes))
    for session in sessions():
        print(f"{session:<16}" + "".join(f"{times[session]:>9.0f}s" for times in passes.values()))
    print(f"{'total':<16}" + "".join(f"{sum(times.values()):>9.0f}s" for times in passes.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
