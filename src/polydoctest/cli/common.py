"""Options and helpers several subcommands share."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from polydoctest.files import write_atomic


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
        write_atomic(Path(destination), text)
