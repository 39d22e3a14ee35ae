"""The `polydoctest` command: one module per subcommand, each exposing `register(subparsers)`.

Each subcommand module adds its parser and sets `handler` to a function taking the parsed
arguments and returning the exit status. This keeps the command line as thin as the stages
it calls. An error is one line on standard error, `polydoctest: error: ...`, with control
characters and newlines escaped; its exit status is in `EXIT_STATUSES` (and the README).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from rich.console import Console

from polydoctest import __version__, progress
from polydoctest.errors import UserError
from polydoctest.report.printable import one_line

SUBCOMMANDS = ("repair", "extract", "fixtures", "run", "fix", "matrix", "merge", "cache")
EX_IOERR = 74
# Exit statuses beside 0, following the BSD sysexits convention where one fits.
EXIT_STATUSES = {
    1: "a step failed, a page did not complete, or a repair in code is unsure",
    2: "the command line is wrong (argparse)",
    65: "an input is not a readable page (EX_DATAERR)",
    73: "an output cannot or may not be written (EX_CANTCREAT)",
    EX_IOERR: "the system refused another read or write (EX_IOERR)",
    130: "interrupted",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="polydoctest",
        description="Repair, extract, rewrite and run the code steps of translated guide pages.",
        epilog="exit status: 0 all well; " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_STATUSES.items()),
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
    # Phases show on standard error, so that standard output stays the command's result.
    progress.show_on(Console(stderr=True))
    try:
        return args.handler(args)
    except UserError as error:
        print(f"polydoctest: error: {one_line(str(error))}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        return 0
    except OSError as error:
        # What the stages did not foresee (a full disk, a vanished folder) is still one line.
        print(f"polydoctest: error: {one_line(str(error))}", file=sys.stderr)
        return EX_IOERR
    except KeyboardInterrupt:
        print("polydoctest: interrupted", file=sys.stderr)
        return 130
