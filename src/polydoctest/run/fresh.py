"""Undo, in the page process, the process-wide settings it inherited from its caller.

The page process is a fork of a CLI or of pytest, whose settings are not the page's: pytest's
log capture handler on the root logger, its warning filters (possibly `error`) and recording
of warnings, its command line in `sys.argv` (which `HfArgumentParser` would parse). A reader
runs a guide in a fresh interpreter, so the page starts from what a fresh interpreter has.
Libraries' own settings, made at import in the warm parent, are kept.
"""

from __future__ import annotations

import logging
import sys
import warnings
from typing import TextIO

# The filters of a fresh interpreter started without -W options (non-debug build).
_DEFAULT_FILTERS = (
    ("default", DeprecationWarning, "__main__"),
    ("ignore", DeprecationWarning, ""),
    ("ignore", PendingDeprecationWarning, ""),
    ("ignore", ImportWarning, ""),
    ("ignore", ResourceWarning, ""),
)


def start_fresh() -> None:
    sys.argv = [""]  # as in the interactive interpreter
    sys.displayhook = sys.__displayhook__
    sys.excepthook = sys.__excepthook__
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.setLevel(logging.WARNING)  # warnings reach stderr through logging.lastResort
    warnings.resetwarnings()
    for action, category, module in reversed(_DEFAULT_FILTERS):
        warnings.filterwarnings(action, category=category, module=module)
    warnings.showwarning = _show_warning


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """The standard display, also when the caller was recording warnings (pytest does)."""
    (file or sys.stderr).write(warnings.formatwarning(message, category, filename, lineno, line))
