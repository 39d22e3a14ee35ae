"""`polydoctest fix PATHS`: the encoding repair and the drift rewrites, as a patch of the page.

`--write` rewrites each page atomically and keeps it as it was in `PATH.orig`, as `repair
--write` does, and refuses what `repair --write` refuses unless `--force`. A page that cannot
be read is reported and the others are fixed; the exit status then says so.
"""

from __future__ import annotations

import argparse
import difflib
import sys

from rich.console import Console

from polydoctest.cli.common import add_corpus_option, backup_path, print_unreadable
from polydoctest.drift import CATALOG, installed_versions
from polydoctest.errors import InputError, UserError
from polydoctest.files import write_output
from polydoctest.fix import fix_page
from polydoctest.load import load_pages
from polydoctest.report.printable import markup_text
from polydoctest.plan import plan_page


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("fix", help="repair the encoding and rewrite stale API use in the pages")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="pages or folders of pages")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print a unified diff (the default)")
    mode.add_argument("--write", action="store_true", help="rewrite the pages in place, atomically (keeps PATH.orig)")
    parser.add_argument("--force", action="store_true", help="write even when repairs in code are unsure, or a page is read-only")
    add_corpus_option(parser)
    parser.set_defaults(handler=fix)


def fix(args: argparse.Namespace) -> int:
    console = Console(stderr=True)
    versions = installed_versions()
    # Only API changes belong in the page; what the harness adds for its own runs does not.
    api_rules = [rule for rule in CATALOG if rule.applies_before is None]
    changed = 0
    found = load_pages(args.paths, corpus_dirs=args.corpus)
    for loaded in found.pages:
        path = loaded.path
        result = fix_page(loaded.reading.text, plan_page(loaded.page, versions, api_rules))
        for index in result.left_out:
            line = loaded.page.steps[index].line_start
            console.print(f"{markup_text(str(path))}:{line}: step {index}: its rewrite changes the number of lines; apply it by hand")
        original = loaded.reading.original
        if result.text == original:
            continue
        changed += 1
        if args.write:
            if loaded.code_errors and not args.force:
                raise UserError(f"{path}: not writing, unsure repairs change executable code (see `polydoctest repair {path}`)")
            write_output(path, result.text, backup=backup_path(path), force=args.force)
            console.print(f"fixed {markup_text(str(path))}: encoding {loaded.reading.report.codepage or 'clean'}, rewrites in steps {list(result.applied)}")
        else:
            diff = difflib.unified_diff(
                original.splitlines(keepends=True),
                result.text.splitlines(keepends=True),
                fromfile=f"a/{path}",
                tofile=f"b/{path}",
            )
            sys.stdout.writelines(diff)
    console.print(f"{changed} page(s) {'fixed' if args.write else 'would change'}")
    print_unreadable(found.unreadable)
    return InputError.exit_code if found.unreadable else 0
