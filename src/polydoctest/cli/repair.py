"""`polydoctest repair PATH`: the page with its encoding damage repaired, and what was done.

The repaired page goes to standard output (or `-o OUT`, or back into the page with
`--write`, keeping `PATH.orig`); the report goes to standard error (and `--report` as
JSON). Writing is refused while a repair changes executable code without confidence: a
wrong guess there would change what the guide runs; so is replacing a read-only file.
`--force` overrides both.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from polydoctest.cli.common import add_corpus_option, backup_path, write_json
from polydoctest.errors import UserError
from polydoctest.files import write_output
from polydoctest.load import LoadedPage, load_page
from polydoctest.report.printable import markup_text as escape
from polydoctest.report.records import damage_record


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("repair", help="repair a page's encoding damage")
    parser.add_argument("path", metavar="PATH", help="the page")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", metavar="OUT", type=Path, help="write the repaired page to OUT")
    target.add_argument("--write", action="store_true", help="repair the page in place (keeps PATH.orig)")
    parser.add_argument("--report", metavar="FILE.json", help="write the repair report as JSON")
    parser.add_argument("--force", action="store_true", help="write even when repairs in code are unsure, or the file is read-only")
    add_corpus_option(parser)
    parser.set_defaults(handler=repair)


def print_report(console: Console, loaded: LoadedPage) -> None:
    report, path = loaded.reading.report, loaded.path
    if report.codepage is None:
        console.print(f"{escape(str(path))}: clean, nothing to repair")
        return
    console.print(
        f"{escape(str(path))}: damaged through [bold]{report.codepage}[/] "
        f"(detection confidence {report.detection_confidence:.2f}); "
        f"{report.holes} holes, {report.filled} filled, {report.unresolved} unresolved"
    )
    for code_fill in loaded.code_fills:
        fill = code_fill.fill
        style = "bold red" if code_fill.error else "cyan"
        console.print(
            f"  [{style}]{'UNSURE ' if code_fill.error else ''}in code[/] {escape(str(path))}:{fill.line}:{fill.column} "
            f"({code_fill.where}, step {code_fill.step}) {escape(repr(fill.chosen))} confidence {fill.confidence:.2f}"
        )
    for fill in report.fills:
        if fill.low_confidence:
            others = ", ".join(f"{escape(repr(text))} {score:.2f}" for text, score in fill.alternatives[:3])
            console.print(f"  [yellow]low confidence[/] {escape(str(path))}:{fill.line}:{fill.column} chose {escape(repr(fill.chosen))}; alternatives: {others}")


def repair(args: argparse.Namespace) -> int:
    loaded = load_page(args.path, corpus_dirs=args.corpus)
    print_report(Console(stderr=True), loaded)
    if args.report:
        write_json({"path": str(loaded.path), "damage": damage_record(loaded)}, args.report)
    unsafe = loaded.code_errors
    destination = loaded.path if args.write else args.output
    if destination is None:
        sys.stdout.write(loaded.reading.text)
        return 1 if unsafe else 0
    if unsafe and not args.force:
        where = ", ".join(f"{fill.fill.line}:{fill.fill.column}" for fill in unsafe)
        raise UserError(f"not writing: unsure repairs change executable code at {where} (check them, or use --force)")
    if args.write and loaded.reading.report.codepage is None:
        return 0  # a clean page is left untouched, byte for byte
    backup = backup_path(loaded.path) if args.write else None
    write_output(destination, loaded.reading.text, backup=backup, force=args.force)
    return 0
