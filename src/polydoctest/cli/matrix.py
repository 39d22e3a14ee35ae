"""`polydoctest matrix RESULTS...`: merge runs on several library versions; diff two of them."""

from __future__ import annotations

import argparse
from pathlib import Path

STEP_COLUMN = 40  # width of the "line #step code" column in the terminal table
CELL_COLUMN = 38


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "matrix",
        help="merge `run --json` results from several library versions into one table; diff two versions",
        description=(
            "Merge the JSON results of `polydoctest run` on several library versions (one file per "
            "version, e.g. from `nox`) into a version x page x step table. With --diff, list the "
            "steps whose verdict changed between two versions and the drift rule that explains "
            "each. The exit status is 1 when a step or a reference guide fails on any version, or "
            "with --diff when a step or a reference guide fails on NEW that did not fail on OLD."
        ),
    )
    parser.add_argument("results", nargs="+", type=Path, metavar="RESULTS", help="`run --json` files, or folders of them")
    parser.add_argument("--json", metavar="FILE", help="write the merged table (and the diff) as JSON (- for standard output)")
    parser.add_argument("--html", metavar="FILE", type=Path, help="write the table as a self-contained HTML page")
    parser.add_argument(
        "--diff",
        nargs=2,
        metavar=("OLD", "NEW"),
        help="the two runs to compare: a transformers version or prefix (4.57, 5.23.0) or a results file",
    )
    parser.add_argument("--changed", action="store_true", help="show only steps whose verdict differs between versions")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from polydoctest.cli.common import write_json
    from polydoctest.files import write_output
    from polydoctest.matrix.diff import broken_references, diff
    from polydoctest.matrix.html import matrix_html
    from polydoctest.matrix.merge import load_matrix
    from polydoctest.matrix.records import diff_record, matrix_record
    from polydoctest.matrix.render import print_broken_references, print_diff, print_matrix

    matrix = load_matrix(args.results)
    console = Console(stderr=args.json == "-")
    if not console.is_terminal:
        console.width = max(console.width, STEP_COLUMN + CELL_COLUMN * len(matrix.columns))
    compared = None
    if args.diff:
        old, new = (matrix.column(spec) for spec in args.diff)
        compared = (diff(matrix, old, new), old, new)
        broken = broken_references(matrix, old, new)
        print_diff(console, *compared)
        print_broken_references(console, broken, old, new)
    else:
        print_matrix(console, matrix, changed_only=args.changed)
    if args.json:
        record = matrix_record(matrix)
        if compared:
            record["diff"] = diff_record(*compared)
        write_json(record, args.json)
    if args.html:
        write_output(args.html, matrix_html(matrix, compared))
    if compared:
        return 1 if broken or any(change.regression for change in compared[0]) else 0
    return 1 if matrix.failing() or matrix.failing_references() else 0
