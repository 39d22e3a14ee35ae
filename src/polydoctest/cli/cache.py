"""`polydoctest cache info|prune [--all]`: what polydoctest keeps under its cache root, and
removing what the installed libraries and code no longer use (`polydoctest.caches` says what
each kind keeps)."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from polydoctest import caches
from polydoctest.files import cache_root


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "cache",
        help="show or prune polydoctest's caches ($POLYDOCTEST_CACHE, default ~/.cache/polydoctest)",
    )
    actions = parser.add_subparsers(dest="cache_command", metavar="ACTION", required=True)
    actions.add_parser("info", help="each kind of cache: entries and size").set_defaults(handler=run_info)
    prune = actions.add_parser("prune", help="remove what the installed libraries and code no longer use")
    prune.add_argument("--all", action="store_true", help="remove every cache (all is built again when needed)")
    prune.set_defaults(handler=run_prune)


def run_info(args: argparse.Namespace) -> int:
    kinds = caches.info()
    table = Table(title=f"caches in {cache_root()}", title_justify="left")
    for column in ("kind", "holds", "entries", "size"):
        table.add_column(column, justify="right" if column in ("entries", "size") else "left")
    for kind in kinds:
        table.add_row(kind.name, kind.description, str(kind.entries), megabytes(kind.bytes))
    table.add_row("total", "", str(sum(k.entries for k in kinds)), megabytes(sum(k.bytes for k in kinds)))
    Console().print(table)
    return 0


def run_prune(args: argparse.Namespace) -> int:
    before = {kind.name: kind.bytes for kind in caches.info()}
    removed = caches.prune_all() if args.all else caches.prune()
    after = {kind.name: kind.bytes for kind in caches.info()}
    for name, paths in removed.items():
        print(f"{name}: removed {len(paths)} entries, {megabytes(before[name] - after[name])} freed")
    return 0


def megabytes(count: int) -> str:
    return f"{count / 2**20:.1f} MB"
