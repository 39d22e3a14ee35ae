"""`polydoctest fixtures build|list|where`: build, list and locate the offline fixture home."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fixtures",
        help="build, list or locate the offline stand-ins for Hub models, datasets and metrics",
        description=(
            "Pages run offline against tiny stand-ins of the Hub repos they use, built once "
            "per installed library set into a fixture home."
        ),
    )
    actions = parser.add_subparsers(dest="fixtures_command", metavar="ACTION", required=True)
    build = actions.add_parser("build", help="build the fixture home (if not built yet)")
    build.add_argument("--force", action="store_true", help="rebuild even if it is built")
    build.set_defaults(handler=run_build)
    listing = actions.add_parser("list", help="list the fixtures: repo id, kind, size")
    listing.add_argument("--json", action="store_true", help="print the manifest as JSON")
    listing.set_defaults(handler=run_list)
    where = actions.add_parser("where", help="print the fixture home's path")
    where.set_defaults(handler=run_where)
    for action in (build, listing, where):
        action.add_argument(
            "--root",
            type=Path,
            help="folder holding fixture homes (default: $POLYDOCTEST_FIXTURES, "
            "$POLYDOCTEST_CACHE/fixtures or ~/.cache/polydoctest/fixtures)",
        )


def run_build(args: argparse.Namespace) -> int:
    from polydoctest.fixtures.home import ensure_home, home_path

    home = home_path(args.root)
    if args.force:
        shutil.rmtree(home, ignore_errors=True)
    started = time.perf_counter()
    built_before = (home / "manifest.json").is_file()
    ensure_home(args.root)
    state = "already built" if built_before else f"built in {time.perf_counter() - started:.1f} s"
    print(f"{home} ({state})")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from polydoctest.fixtures.home import ensure_home

    manifest = json.loads((ensure_home(args.root) / "manifest.json").read_text())
    if args.json:
        print(json.dumps(manifest, indent=2))
        return 0
    rows = []
    for entry in manifest["entries"]:
        notes = [f"also {alias}" for alias in entry.get("aliases", ())]
        notes += [f"@{revision}" for revision in entry.get("revisions", ())]
        notes += [f"config {entry['config']}"] if entry.get("config") else []
        notes += entry.get("files", [])
        rows.append((entry["repo_id"], entry["kind"], _size(entry["bytes"]), ", ".join(notes)))
    width = max(len(row[0]) for row in rows)
    kind_width = max(len(row[1]) for row in rows)
    for repo_id, kind, size, notes in rows:
        print(f"{repo_id:<{width}}  {kind:<{kind_width}}  {size:>8}  {notes}".rstrip())
    return 0


def run_where(args: argparse.Namespace) -> int:
    from polydoctest.fixtures.home import home_path

    home = home_path(args.root)
    print(home)
    if not (home / "manifest.json").is_file():
        print("(not built yet: run `polydoctest fixtures build`)", file=sys.stderr)
    return 0


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count / 1024 / 1024:.1f} MB"
