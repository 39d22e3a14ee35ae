"""Messages from a page process to its parent over a pipe: one JSON line each.

The page sends a message as soon as it has something to tell (setup done, step started, step
finished, page done), so everything up to the moment a page dies reaches the parent. JSON
with ASCII escapes keeps any text, even lone surrogates, intact.

Kinds: `setup` {error}, `start` {position}, `step` {position, outcome, peak_rss_mb},
`done` {teardown_error}.
"""

from __future__ import annotations

import json
import os
from typing import Any


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
        os.set_blocking(fd, False)
        self._partial = b""

    def read(self) -> list[dict[str, Any]]:
        chunks = [self._partial]
        while True:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        *lines, self._partial = b"".join(chunks).split(b"\n")
        return [json.loads(line) for line in lines if line]
