"""Per-step capture of the page process's stdout and stderr, at the file-descriptor level.

File descriptors 1 and 2 of the page process point, for its whole life, at two files in the
page's scratch directory; each step truncates them first and reads them at its end. Capturing
at the fd level also catches C extensions, subprocesses and log handlers that hold an old
stream object, and because the files outlive the process the parent can still read what a
step wrote before the page crashed or was killed. stdout and stderr stay apart: libraries log
and draw progress bars on stderr, which is not a failure.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from pathlib import Path

STDOUT_FILE = "stdout.txt"
STDERR_FILE = "stderr.txt"


def read_captured(directory: Path) -> tuple[str, str]:
    """What the current step has written to stdout and stderr so far."""
    return tuple(  # type: ignore[return-value]
        _read(directory / name) for name in (STDOUT_FILE, STDERR_FILE)
    )


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""


class StepCapture:
    """Installed once in the page process; `begin()`/`end()` bracket each step."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        old_streams = {id(sys.stdout): "stdout", id(sys.stderr): "stderr"}
        for fd, name in ((1, STDOUT_FILE), (2, STDERR_FILE)):
            # O_APPEND: after a truncation every writer, including subprocesses, starts at 0.
            file_fd = os.open(directory / name, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND)
            os.dup2(file_fd, fd)
            os.close(file_fd)
        sys.stdout = _text_stream(1)
        sys.stderr = _text_stream(2)
        _repoint_log_handlers(old_streams)

    def begin(self) -> None:
        self._flush()
        for fd in (1, 2):
            os.ftruncate(fd, 0)

    def end(self) -> tuple[str, str]:
        self._flush()
        return read_captured(self.directory)

    @staticmethod
    def _flush() -> None:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass  # a step may have closed or replaced the stream; its output is in the file


def _text_stream(fd: int) -> io.TextIOWrapper:
    # UTF-8 whatever the locale: the guides print Arabic, Korean and Chinese text.
    return io.TextIOWrapper(
        io.FileIO(fd, "w", closefd=False), encoding="utf-8", errors="backslashreplace",
        line_buffering=True,
    )


def _repoint_log_handlers(old_streams: dict[int, str]) -> None:
    """Libraries' handlers created before the fork (at warm import) may write to a stream
    object of the parent's, e.g. pytest's capture buffer; point them at the page's streams."""
    loggers = [
        logger for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if isinstance(handler, logging.StreamHandler) and id(handler.stream) in old_streams:
                handler.setStream(getattr(sys, old_streams[id(handler.stream)]))
