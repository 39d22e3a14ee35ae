"""`polydoctest merge RESULTS...`: the `run --json` files of a run's shards (CI jobs) as one
report: the terminal summary (or GitHub annotations), JSON, JUnit and HTML; the exit status is the
one a single run over all their pages would have had."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    from polydoctest.cli.ci import add_format_option

    parser = subparsers.add_parser(
        "merge",
        help="merge the `run --json` files of a run's shards into one report",
        description=(
            "Merge the JSON results of `polydoctest run --shard K/N` (one file per shard, same library "
            "versions) into the report one run would have written: the summary, --json, --junit and --html. "
            "Results from several library versions are compared by `polydoctest matrix`."
        ),
    )
    parser.add_argument("results", nargs="+", type=Path, metavar="RESULTS", help="`run --json` files, or folders of them")
    parser.add_argument("--json", metavar="FILE", help="write the merged results as JSON (- for standard output)")
    parser.add_argument("--junit", metavar="FILE", type=Path, help="write JUnit XML")
    parser.add_argument("--html", metavar="FILE", type=Path, help="write a self-contained HTML report")
    parser.add_argument("--strict", action="store_true", help="fail as `run --strict` would")
    add_format_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from polydoctest.cli.ci import print_annotations
    from polydoctest.cli.common import write_run_outputs
    from polydoctest.errors import InputError, UserError
    from polydoctest.report.merge import merge_records, read_record
    from polydoctest.report.records import run_failed
    from polydoctest.report.terminal import print_pages, print_totals

    if args.format == "github" and args.json == "-":
        raise UserError("--format github writes to standard output: give --json a file", 2)
    files = [file for path in args.results for file in (sorted(path.glob("*.json")) if path.is_dir() else [path])]
    if not files:
        raise InputError("no `run --json` files in " + ", ".join(map(str, args.results)))
    record = merge_records([read_record(file) for file in files], [str(file) for file in files])
    console = Console(stderr=args.json == "-")
    if args.format == "github":
        print_annotations(record)
    print_pages(console, record)
    print_totals(console, record)
    write_run_outputs(record, args)
    if record["errors"]:
        return InputError.exit_code
    return 1 if run_failed(record, strict=args.strict) else 0
