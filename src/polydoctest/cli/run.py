"""`polydoctest run PATHS...`: run every step of every page and say the truth about each, and
verify every page of a reference guide against the guide's reference, and every other
translated page against its English original (`--no-reference` not); with `--watch`, again on
each save (`watch.py`)."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from polydoctest.cli.ci import add_ci_options, print_report, selected_pages
from polydoctest.cli.common import add_corpus_option, print_unreadable, write_run_outputs
from polydoctest.cli.watch import watch
from polydoctest.errors import InputError, UserError
from polydoctest.load import LoadedPage, PageSet, load_page, load_pages
from polydoctest.matrix.envs import run_in_env, runs_here, without_option
from polydoctest.matrix.versions import find_line
from polydoctest.pipeline import Limits, RunReport, library_versions, run_loaded
from polydoctest.fixtures import DEFAULT_USER
from polydoctest.reference import ReferenceRun
from polydoctest.report.records import run_failed, run_record
from polydoctest.run import Runner
from polydoctest.select import USAGE, english_original


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="run the code steps of pages offline and judge each step")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="pages or folders of pages")
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON (- for standard output)")
    parser.add_argument("--junit", metavar="FILE", type=Path, help="write JUnit XML")
    parser.add_argument("--html", metavar="FILE", type=Path, help="write a self-contained HTML report")
    parser.add_argument(
        "--no-reference", dest="reference", action="store_false",
        help="do not verify guide pages against their reference guide",
    )
    parser.add_argument(
        "--original", metavar="EN_PAGE", type=Path,
        help="the English original of the one page given, to verify it against when it is no reference "
        "guide (by default the page's `en/` twin in its docs tree, when there is one)",
    )
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="pages run at once (default 1)")
    parser.add_argument("--lang", action="append", metavar="L", help="only pages in language L (repeatable)")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="also fail on stale pages, doc defects, output mismatches and differences from the reference",
    )
    parser.add_argument("--step-timeout", type=float, default=Limits.step_timeout_s, metavar="S", help="seconds per step")
    parser.add_argument("--memory", type=int, default=Limits.memory_limit_mb, metavar="MB", help="memory cap per page")
    parser.add_argument(
        "--require-sandbox", action="store_true",
        help="refuse to run a page that this platform cannot fully sandbox (see the README's security section)",
    )
    parser.add_argument("--user", default=DEFAULT_USER, help=f"the Hub user the offline Hub logs in (default {DEFAULT_USER})")
    parser.add_argument(
        "--transformers",
        metavar="VERSION",
        help="run in an environment with this transformers line (e.g. 4.46, 4.57.6, newest), "
        "built once under the cache from the matrix's constraints",
    )
    parser.add_argument(
        "--watch", action="store_true",
        help="keep the runner warm and run the pages again each time one is saved (Ctrl-C to stop)",
    )
    add_corpus_option(parser)
    add_ci_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.transformers:
        line = find_line(args.transformers)
        if not runs_here(line):
            return run_in_env(line, without_option(args.argv, "--transformers"))
    console = Console(stderr=args.json == "-")
    limits = Limits(step_timeout_s=args.step_timeout, memory_limit_mb=args.memory, require_sandbox=args.require_sandbox)
    if args.watch:
        with Runner(workers=max(1, args.jobs)) as runner:
            references: tuple[ReferenceRun, ...] = ()

            def run_again() -> list[Path]:
                # A reference guide's run does not depend on the page: it is run once.
                nonlocal references
                report, files = run_once(args, console, limits, runner, references)
                references = report.references
                return files

            watch(run_again)
    report, _ = run_once(args, console, limits)
    if report.unreadable:
        return InputError.exit_code
    return 1 if run_failed(run_record(report), strict=args.strict) else 0


def run_once(
    args: argparse.Namespace,
    console: Console,
    limits: Limits,
    runner: Runner | None = None,
    known_references: tuple[ReferenceRun, ...] = (),
) -> tuple[RunReport, list[Path]]:
    """Run the pages once, in `runner` if given (else in a runner of their own), and write the
    reports; the run's report and the files it read."""
    selected = selected_pages(args)
    found = load_pages(selected, corpus_dirs=args.corpus) if selected else PageSet((), ())
    pages = found.pages
    if args.lang and selected:
        pages = tuple(page for page in pages if page.page.language in args.lang)
        if not pages and not found.unreadable:
            raise InputError(f"no pages in language {', '.join(args.lang)}")
    if pages:
        originals = english_originals(pages, args.original, args.corpus) if args.reference else {}
        with contextlib.nullcontext(runner) if runner else Runner(workers=max(1, args.jobs)) as active:
            report = run_loaded(
                pages, runner=active, user=args.user, limits=limits, reference=args.reference,
                unreadable=found.unreadable, known_references=known_references, originals=originals,
            )
    else:  # nothing to run: no runner to warm, only the pages that could not be read to report
        report = RunReport(library_versions(), 0.0, (), unreadable=found.unreadable)
    record = run_record(report)
    print_report(console, report, record, args.format)
    print_unreadable(report.unreadable)
    write_run_outputs(record, args)
    return report, [Path(loaded.path) for loaded in found.pages] + [Path(page.path) for page in found.unreadable]


def english_originals(pages: Sequence[LoadedPage], given: Path | None, corpus: Sequence[str]) -> dict[str, LoadedPage]:
    """The English original of each page, by the page's path: `given` for the one page run,
    else the page's `en/` twin in its docs tree when that exists. An original that cannot be
    read is no reference (the page is still run and judged)."""
    if given is not None and len(pages) != 1:
        raise UserError(f"--original names the original of one page, and {len(pages)} pages were given", USAGE)
    found: dict[str, LoadedPage] = {}
    for page in pages:
        original = given or english_original(page.path.absolute())
        if original is None or not original.is_file() or original.resolve() == page.path.resolve():
            continue
        with contextlib.suppress(InputError):
            found[str(page.path)] = load_page(original, corpus_dirs=corpus)
    return found
