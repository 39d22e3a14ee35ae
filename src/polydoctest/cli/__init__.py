"""The `polydoctest` command: one module per subcommand, each exposing `register(subparsers)`.

Each subcommand module adds its parser and sets `handler` to a function taking the parsed
arguments and returning the exit status. This keeps the command line as thin as the stages
it calls.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from polydoctest import __version__
from polydoctest.errors import UserError

SUBCOMMANDS = ("repair", "extract", "fixtures", "run", "fix", "matrix")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="polydoctest",
        description="Repair, extract, rewrite and run the code steps of translated guide pages.",
    )
    parser.add_argument("--version", action="version", version=f"polydoctest {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in SUBCOMMANDS:
        importlib.import_module(f"polydoctest.cli.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    args.argv = argv  # a command may hand itself over to another environment
    try:
        return args.handler(args)
    except UserError as error:
        print(f"polydoctest: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("polydoctest: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
