"""Messages from a page process to its parent over a pipe: one signed JSON line each.

The page sends a message as soon as it has something to tell (setup done, step started, step
finished, page done), so everything up to the moment a page dies reaches the parent. JSON
with ASCII escapes keeps any text, even lone surrogates, intact.

Kinds: `setup` {error, isolation}, `start` {position}, `step` {position, outcome,
peak_rss_mb}, `observed` {position, values} (an `observe` step's values), `done`
{teardown_error}.

Page code shares the page process and can write to the channel, so every message is signed.
The parent makes a fresh random key for each page after forking it (`new_key`) and writes it
into a pipe of its own (`hand_over_key`); the page process reads it once and closes that pipe
before any page code runs (`receive_key`), so the key is in no environment, argument, file or
module attribute, nor in the memory the page inherits at the fork (that holds the keys of pages
running beside it, which are of no use without their channels). The executor keeps it only in
its sender's closure (`signed_sender`). A line is the hex HMAC-SHA256 of the message's sequence
number and JSON under the page's key, a space, and the JSON; the key being the page's own, a
message cannot pass for another page's.

The parent reads the channel as untrusted input: a line whose MAC is not the one for the next
sequence number (forged, replayed, reordered, or garbled by anything else written to the pipe),
or longer than `MAX_LINE`, comes back as a `ProtocolError` in its place among the messages,
before anything of its content is read (what signed messages say is checked by the supervisor).
What the signature cannot stop: page code that finds the key in its own process's memory, or
changes the executor's code there, can sign results for its own later steps.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import secrets
import select
from typing import Any, Callable

MAX_LINE = 256 * 1024 * 1024  # a step's captured output travels in its message
KEY_BYTES = 32

Send = Callable[..., None]  # send(kind, **fields)


class ProtocolError(Exception):
    """The page process wrote something the runner's executor never writes."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def hand_over_key(fd: int, key: bytes) -> None:
    """The parent's side: write the key into the page's key pipe and close it."""
    try:
        os.write(fd, key)  # fits in a pipe's buffer whether or not the page reads it yet
    finally:
        os.close(fd)


def receive_key(fd: int) -> bytes:
    """The page process's side: read the key once and close the pipe."""
    try:
        key = b""
        while len(key) < KEY_BYTES:
            chunk = os.read(fd, KEY_BYTES - len(key))
            if not chunk:
                raise ProtocolError("the parent closed the key pipe before it wrote the key")
            key += chunk
    finally:
        os.close(fd)
    return key


def message_line(key: bytes, sequence: int, kind: str, **fields: Any) -> bytes:
    """Message number `sequence` of a page, as it travels on the channel."""
    body = json.dumps({"kind": kind, **fields}).encode("ascii")
    return _mac(key, sequence, body) + b" " + body + b"\n"


def _mac(key: bytes, sequence: int, body: bytes) -> bytes:
    return hmac.new(key, b"%d:" % sequence + body, hashlib.sha256).hexdigest().encode("ascii")


def signed_sender(fd: int, key: bytes) -> Send:
    """The page process's end: a `send(kind, **fields)` that numbers and signs each message."""
    sequence = itertools.count()

    def send(kind: str, **fields: Any) -> None:
        data = message_line(key, next(sequence), kind, **fields)
        while data:
            data = data[os.write(fd, data):]

    return send


class MessageReader:
    """The parent's end: reads whatever is available without blocking, and checks each line's
    MAC against the next sequence number."""

    def __init__(self, fd: int, key: bytes) -> None:
        self.fd = fd
        self.closed = False  # the writer's end is closed and everything was read
        os.set_blocking(fd, False)
        self._key = key
        self._sequence = 0  # of the next message
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
        messages = [self._open(line) for line in lines]
        if len(self._partial) > MAX_LINE:
            messages.append(ProtocolError(f"a message longer than {MAX_LINE} bytes"))
            self._partial = b""
        return messages

    def _open(self, line: bytes) -> Any:
        mac, _, body = line.partition(b" ")
        expected = _mac(self._key, self._sequence, body)
        if not hmac.compare_digest(mac, expected):
            shown = body if len(mac) == len(expected) else line  # what it says, not a MAC's digits
            return ProtocolError(f"a message the executor did not sign as its message {self._sequence}: {shown[:60]!r}")
        self._sequence += 1
        try:
            return json.loads(body)
        except ValueError:
            return ProtocolError(f"a signed line that is not a message: {body[:60]!r}")
