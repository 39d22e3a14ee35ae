"""`polydoctest extract PATH...`: the page model of each page, after encoding repair.

A page that cannot be read is reported (an entry with `path` and `error` in the JSON, an error
line otherwise) and the others are extracted; the exit status then says so. A page whose
Markdown has a problem (a fence never closed) or whose repair is unsure in code exits 1.
"""

from __future__ import annotations

import argparse

from rich.console import Console

from polydoctest.cli.common import add_corpus_option, print_unreadable, write_json
from polydoctest.errors import InputError
from polydoctest.load import load_pages
from polydoctest.report.records import page_record, unreadable_record
from polydoctest.report.terminal import extract_table, print_problems


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("extract", help="repair and parse pages; show their steps")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="pages or folders of pages")
    parser.add_argument("--json", action="store_true", help="print the page models as JSON")
    add_corpus_option(parser)
    parser.set_defaults(handler=extract)


def extract(args: argparse.Namespace) -> int:
    found = load_pages(args.paths, corpus_dirs=args.corpus)
    if args.json:
        write_json([page_record(loaded) for loaded in found.pages] + [unreadable_record(page) for page in found.unreadable], "-")
    elif found.pages:
        console = Console()
        console.print(extract_table(found.pages))
        for loaded in found.pages:
            print_problems(console, loaded)
    print_unreadable(found.unreadable)
    if found.unreadable:
        return InputError.exit_code
    return 1 if any(loaded.code_errors or loaded.page.problems for loaded in found.pages) else 0
