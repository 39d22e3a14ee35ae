"""The options of `run` for a docs repository's CI: which pages a job runs (`--changed-since`,
`--shard`, `--durations`) and how its findings are shown (`--format github`). Kept apart from
`run` so that the command reads as the pipeline it calls."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich.console import Console

from polydoctest.errors import UserError
from polydoctest.load import find_pages
from polydoctest.pipeline import RunReport
from polydoctest.report.github import annotations
from polydoctest.report.terminal import print_pages, print_run, print_totals
from polydoctest.select import USAGE, Shard, changed_pages, page_weights, recorded_durations, shard_pages

FORMATS = ("terminal", "github")


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=FORMATS, default="terminal",
        help="github: GitHub workflow annotations (errors, warnings, notices at the page's lines), then the summary",
    )


def add_ci_options(parser: argparse.ArgumentParser) -> None:
    add_format_option(parser)
    parser.add_argument(
        "--changed-since", metavar="REV",
        help="only the pages that differ from git revision REV (and the untracked ones), and the "
        "translations whose English original or guide reference changed",
    )
    parser.add_argument("--shard", type=Shard.parse, metavar="K/N", help="only the K-th of N deterministic shards of the pages")
    parser.add_argument(
        "--durations", type=Path, metavar="RUN.json",
        help="balance --shard by the page durations in this `run --json` (default: by step count)",
    )


def selected_pages(args: argparse.Namespace) -> list[Path]:
    """The pages this job runs; none (after saying why, in one line) when nothing is left."""
    if args.format == "github" and args.json == "-":
        raise UserError("--format github writes to standard output: give --json a file", USAGE)
    if args.durations and not args.shard:
        raise UserError("--durations balances --shard: give --shard K/N too", USAGE)
    pages = find_pages(args.paths)
    if args.changed_since:
        pages = changed_pages(pages, args.changed_since)
        if not pages:
            print(f"no page changed since {args.changed_since} in {', '.join(args.paths)}", file=sys.stderr)
            return []
    if args.shard:
        durations = recorded_durations(args.durations) if args.durations else None
        total = len(pages)
        pages = shard_pages(pages, page_weights(pages, durations), args.shard)
        if not pages:
            print(f"shard {args.shard.index}/{args.shard.count} has no page of the {total}", file=sys.stderr)
    return pages


def print_annotations(record: Mapping[str, Any]) -> None:
    for annotation in annotations(record):
        print(annotation.command())


def print_report(console: Console, report: RunReport, record: Mapping[str, Any], output_format: str) -> None:
    """The terminal report; with `github`, the annotations and the table instead of the
    explanations they carry."""
    if output_format == "github":
        print_annotations(record)
        print_pages(console, record)
        print_totals(console, record)
    else:
        print_run(console, report)
