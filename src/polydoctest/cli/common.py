"""Options and helpers several subcommands share."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from polydoctest.files import write_output
from polydoctest.report.printable import one_line

if TYPE_CHECKING:  # the version matrix shares these helpers without loading the read stage
    from polydoctest.load import UnreadablePage


def add_corpus_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        metavar="DIR",
        action="append",
        default=[],
        type=Path,
        help="folder of clean pages to train the repair's language model on (repeatable); "
        "the clean pages next to each page are always used",
    )


def write_json(data: Any, destination: str) -> None:
    """JSON to a file (atomically) or, for `-`, to standard output."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if destination == "-":
        sys.stdout.write(text)
    else:
        write_output(Path(destination), text)


def write_run_outputs(record: dict[str, Any], args: argparse.Namespace) -> None:
    """A run record as the `--json`, `--junit` and `--html` files the command was asked for."""
    from polydoctest.report.html import write_html  # the renderers load the stages' types
    from polydoctest.report.junit import write_junit

    if args.json:
        write_json(record, args.json)
    if args.junit:
        write_junit(record, args.junit)
    if args.html:
        write_html(record, args.html)


def backup_path(page: Path) -> Path:
    """Where `--write` keeps a page as it was: `PATH.orig`, beside the path as given."""
    return page.with_name(page.name + ".orig")


def print_unreadable(pages: Iterable[UnreadablePage]) -> None:
    """One error line per page that could not be read, as `main` prints a command's error."""
    for page in pages:
        print(f"polydoctest: error: {one_line(page.message)}", file=sys.stderr)
