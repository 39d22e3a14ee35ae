"""`polydoctest extract PATH...`: the page model of each page, after encoding repair."""

from __future__ import annotations

import argparse

from rich.console import Console

from polydoctest.cli.common import add_corpus_option, write_json
from polydoctest.load import find_pages, load_page
from polydoctest.report.records import page_record
from polydoctest.report.terminal import extract_table


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("extract", help="repair and parse pages; show their steps")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="pages or folders of pages")
    parser.add_argument("--json", action="store_true", help="print the page models as JSON")
    add_corpus_option(parser)
    parser.set_defaults(handler=extract)


def extract(args: argparse.Namespace) -> int:
    pages = [load_page(path, corpus_dirs=args.corpus) for path in find_pages(args.paths)]
    if args.json:
        write_json([page_record(loaded) for loaded in pages], "-")
    else:
        Console().print(extract_table(pages))
    return 1 if any(loaded.code_errors for loaded in pages) else 0
