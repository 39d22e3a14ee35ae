"""Messages from a page process to its parent over a pipe: one JSON line each.

The page sends a message as soon as it has something to tell (setup done, step started, step
finished, page done), so everything up to the moment a page dies reaches the parent. JSON
with ASCII escapes keeps any text, even lone surrogates, intact.

Kinds: `setup` {error, isolation}, `start` {position}, `step` {position, outcome,
peak_rss_mb}, `done` {teardown_error}. Page code shares the page process, so the parent reads
these as untrusted input: a line that is not JSON, or longer than `MAX_LINE`, comes back as a
`ProtocolError` in its place among the messages (what messages may say is checked by the
supervisor).
"""

from __future__ import annotations

import json
import os
import select
from typing import Any

MAX_LINE = 256 * 1024 * 1024  # a step's captured output travels in its message


class ProtocolError(Exception):
    """The page process wrote something the runner's executor never writes."""


class Channel:
    """The page process's end."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, kind: str, **fields: Any) -> None:
        data = (json.dumps({"kind": kind, **fields}) + "\n").encode("ascii")
        while data:
            data = data[os.write(self.fd, data):]


class MessageReader:
    """The parent's end: reads whatever is available without blocking."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.closed = False  # the writer's end is closed and everything was read
        os.set_blocking(fd, False)
        self._partial = b""

    def wait(self, timeout_s: float) -> None:
        """Block until there is something to read (or the writer closed), at most `timeout_s`."""
        select.select([self.fd], [], [], max(0.0, timeout_s))

    def read(self) -> list[Any]:
        """The messages that arrived, in order; a line that is not one is a `ProtocolError`."""
        chunks = [self._partial]
        while not self.closed:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                break
            if not chunk:
                self.closed = True
                break
            chunks.append(chunk)
        *lines, self._partial = b"".join(chunks).split(b"\n")
        messages: list[Any] = []
        for line in lines:
            if line:
                try:
                    messages.append(json.loads(line))
                except ValueError:
                    messages.append(ProtocolError(f"a line that is not a message: {line[:60]!r}"))
        if len(self._partial) > MAX_LINE:
            messages.append(ProtocolError(f"a message longer than {MAX_LINE} bytes"))
            self._partial = b""
        return messages
