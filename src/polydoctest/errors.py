"""Errors a user can act on.

Every stage raises `UserError` (or a subclass) for bad input or an unmet precondition; the CLI
prints its message and exits with its code instead of showing a traceback.
"""


class UserError(Exception):
    """A problem the user can fix; `exit_code` follows the BSD sysexits convention."""

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(UserError):
    """The input is missing, unreadable or not a guide page (EX_NOINPUT / EX_DATAERR)."""

    exit_code = 65


class OutputError(UserError):
    """An output cannot or may not be written: a folder, read-only, no space (EX_CANTCREAT)."""

    exit_code = 73
