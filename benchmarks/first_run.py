"""What a first run costs: the repair's models built cold, a changed page, a new language.

    .venv/bin/python benchmarks/first_run.py --tree /work/trees/docs/source/ko --new-language /work/trees/docs/source/ja

1. `polydoctest run docs/ -j 2` with an empty `$POLYDOCTEST_CACHE` (the installs done): the wall
   time, split into the repair's models (the progress lines of the phases named "repair
   models", which the command prints on standard error when it is not a terminal) and the rest
   (the stand-ins, also built cold, the runner and the pages).
2. A changed page in a tree of 100 clean pages: 100 pages of `--tree` (copied to a temporary
   tree, never into this repository) plus one of them damaged through cp1254. The damaged page
   is read once (the base model warm); then a clean page is edited, which changes the corpus,
   and the damaged page is read again in a fresh `polydoctest repair`. Printed: that command's
   wall time, and the read alone (the interpreter's start and imports excluded).
3. A page in a language not seen before: a page of `--new-language` damaged through cp1254 in a
   tree of 20 of that language's pages, read with the cache of step 1: what the language adds once.

Every figure has the machine's load (1-minute average, before and after) beside it, and the CPU
time its processes used (user + system, their children included), which other processes on a
shared machine do not inflate the way they inflate wall time. Nothing here is tuned to the
trees it reads.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLYDOCTEST = Path(sys.executable).with_name("polydoctest")
CHANGED_TREE_PAGES = 100
NEW_LANGUAGE_PAGES = 20
_PHASE_LINE = re.compile(r"^(?P<name>.+?): \S+ in (?P<seconds>[\d.]+) s$")
# Reads the damaged page and prints how long the read took, imports excluded.
_TIMED_READ = """
import sys, time
from polydoctest.load import load_page
start = time.perf_counter()
load_page(sys.argv[1])
print(time.perf_counter() - start)
"""


def load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def _environment(cache: Path) -> dict[str, str]:
    environment = dict(os.environ, POLYDOCTEST_CACHE=str(cache))
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    return environment


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], cache: Path, cwd: Path = ROOT) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall time, CPU time and outcome of `command`."""
    start, cpu = time.perf_counter(), _cpu_of_children()
    done = subprocess.run(command, cwd=cwd, env=_environment(cache), capture_output=True, text=True)
    return time.perf_counter() - start, _cpu_of_children() - cpu, done


def _check(done: subprocess.CompletedProcess, what: str) -> None:
    if done.returncode not in (0, 1):  # 1: a page has findings, which is not this benchmark's business
        sys.exit(f"{what} failed ({done.returncode}):\n{done.stderr[-3000:]}")


def phases(stderr: str) -> list[tuple[str, float]]:
    """(name, seconds) of every progress line in `stderr`."""
    found = []
    for line in stderr.splitlines():
        match = _PHASE_LINE.match(line.strip())
        if match:
            found.append((match["name"], float(match["seconds"])))
    return found


def cold_run(cache: Path) -> None:
    before = load()
    seconds, cpu, done = _timed([str(POLYDOCTEST), "run", "docs/", "-j", "2", "--json", str(cache / "run.json")], cache)
    _check(done, "polydoctest run docs/")
    found = phases(done.stderr)
    models = sum(seconds for name, seconds in found if name.startswith("repair models"))
    print(f"cold `polydoctest run docs/ -j 2`: {seconds:6.1f} s wall, {cpu:6.1f} s CPU (load {before} -> {load()})")
    print(f"    repair models {models:6.1f} s, the rest {seconds - models:6.1f} s; the phases:")
    for name, phase_seconds in found:
        print(f"      {phase_seconds:6.1f} s  {name}")


def _damage_page(source: Path, target: Path) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from polydoctest.read import damage

    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(damage(source.read_text(encoding="utf-8"), "cp1254"), encoding="utf-8")


def _tree(source: Path, count: int, into: Path) -> tuple[Path, list[Path]]:
    """`count` pages of `source` (sorted, the damaged page first) copied under
    `into/docs/source/{lang}`; the damaged page's path and the clean pages' paths."""
    pages = sorted(path for path in source.rglob("*") if path.suffix in (".md", ".mdx") and path.is_file())[: count + 1]
    language_root = into / "docs" / "source" / source.name
    clean = []
    for page in pages[1:]:
        copy = language_root / page.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, copy)
        clean.append(copy)
    damaged = language_root / ("damaged-" + pages[0].name)
    _damage_page(pages[0], damaged)
    return damaged, clean


def _timed_read(page: Path, cache: Path) -> tuple[float, float, float]:
    """(command wall time, its CPU time, the read alone) of reading `page` in a fresh interpreter."""
    seconds, cpu, done = _timed([sys.executable, "-c", _TIMED_READ, str(page)], cache)
    _check(done, f"reading {page}")
    return seconds, cpu, float(done.stdout.strip().splitlines()[-1])


def changed_page(cache: Path, source: Path, work: Path) -> None:
    damaged, clean = _tree(source, CHANGED_TREE_PAGES, work / "changed")
    _timed_read(damaged, cache)  # the base model, the corpus layer and the page, warm
    edited = clean[len(clean) // 2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n" + edited.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    before = load()
    wall, cpu, read = _timed_read(damaged, cache)
    print(
        f"a changed page in a tree of {len(clean)} clean {source.name} pages, the damaged page re-read: "
        f"{read:5.2f} s (the command {wall:5.2f} s wall, {cpu:5.2f} s CPU; load {before} -> {load()})"
    )


def new_language(cache: Path, source: Path, work: Path) -> None:
    damaged, clean = _tree(source, NEW_LANGUAGE_PAGES, work / "new")
    before = load()
    wall, cpu, read = _timed_read(damaged, cache)
    _, _, again = _timed_read(damaged, cache)
    print(
        f"a damaged page in a new language ({source.name}, {len(clean)} pages as corpus): first read {read:5.1f} s "
        f"(the command {wall:5.1f} s wall, {cpu:5.1f} s CPU; load {before} -> {load()}), then {again:5.2f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", type=Path, help="a language folder of a docs tree (100 of its pages are copied)")
    parser.add_argument("--new-language", type=Path, help="a language folder of a language not read before")
    parser.add_argument("--skip-cold", action="store_true", help="leave out the cold run (the cache is then still empty)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="polydoctest-first-run-") as temporary:
        work = Path(temporary)
        cache = work / "cache"
        if not args.skip_cold:
            cold_run(cache)
        if args.tree:
            changed_page(cache, args.tree, work)
        if args.new_language:
            new_language(cache, args.new_language, work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
