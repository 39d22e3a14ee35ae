"""The channel from a page process to the runner: signed messages arrive as the executor sent
them, anything else written to the pipe is a `ProtocolError`, and the key reaches the page
process through a pipe that is closed once read."""

from __future__ import annotations

import os

import pytest
from run_helpers import page

from polydoctest.run import run_page
from polydoctest.run.wire import (
    KEY_BYTES,
    MessageReader,
    ProtocolError,
    hand_over_key,
    message_line,
    new_key,
    receive_key,
    signed_sender,
)


@pytest.fixture
def pipe():
    read_fd, write_fd = os.pipe()
    yield read_fd, write_fd
    for fd in (read_fd, write_fd):
        try:
            os.close(fd)
        except OSError:
            pass


def test_what_the_executor_sends_arrives_in_order(pipe):
    read_fd, write_fd = pipe
    key = new_key()
    send = signed_sender(write_fd, key)
    send("setup", error=None, isolation={})
    send("start", position=0)
    send("step", position=0, outcome={"index": 0, "status": "ok", "output": "caf\u00e9 \ud800"}, peak_rss_mb=1.0)
    reader = MessageReader(read_fd, key)
    messages = reader.read()
    assert [message["kind"] for message in messages] == ["setup", "start", "step"]
    assert messages[2]["outcome"]["output"] == "caf\u00e9 \ud800"


def test_a_message_split_across_reads_still_verifies(pipe):
    read_fd, write_fd = pipe
    key = new_key()
    line = message_line(key, 0, "done", teardown_error=None)
    reader = MessageReader(read_fd, key)
    os.write(write_fd, line[:20])
    assert reader.read() == []
    os.write(write_fd, line[20:])
    assert reader.read() == [{"kind": "done", "teardown_error": None}]


def _read_after(key: bytes, pipe, *lines: bytes) -> list:
    read_fd, write_fd = pipe
    for line in lines:
        os.write(write_fd, line)
    return MessageReader(read_fd, key).read()


def test_a_message_signed_with_another_key_is_tampering(pipe):
    key = new_key()
    [message] = _read_after(key, pipe, message_line(new_key(), 0, "setup", error=None, isolation={}))
    assert isinstance(message, ProtocolError) and "did not sign" in str(message)


@pytest.mark.parametrize("line", [
    b'{"kind": "setup", "error": null, "isolation": {}}\n',  # the executor's JSON, unsigned
    b"not json\n",
    b"\n",
    b"0" * 64 + b' {"kind": "setup"}\n',
])
def test_an_unsigned_line_is_tampering(pipe, line):
    [message] = _read_after(new_key(), pipe, line)
    assert isinstance(message, ProtocolError)


def test_a_replayed_message_is_tampering(pipe):
    key = new_key()
    start = message_line(key, 0, "start", position=0)
    first, again = _read_after(key, pipe, start, start)
    assert first == {"kind": "start", "position": 0}
    assert isinstance(again, ProtocolError) and "message 1" in str(again)


def test_messages_out_of_order_are_tampering(pipe):
    key = new_key()
    [message, _] = _read_after(key, pipe, message_line(key, 1, "start", position=0), message_line(key, 0, "setup", error=None))
    assert isinstance(message, ProtocolError)


def test_text_written_between_messages_spoils_the_next_one(pipe):
    key = new_key()
    first, second = _read_after(
        key, pipe, message_line(key, 0, "setup", error=None), b"partial ", message_line(key, 1, "start", position=0)
    )
    assert first["kind"] == "setup" and isinstance(second, ProtocolError)


def test_the_key_is_handed_over_once_and_both_ends_are_closed(pipe):
    read_fd, write_fd = pipe
    key = new_key()
    hand_over_key(write_fd, key)
    assert receive_key(read_fd) == key and len(key) == KEY_BYTES
    for fd in (read_fd, write_fd):
        with pytest.raises(OSError):
            os.fstat(fd)


def test_a_key_pipe_closed_early_is_an_error(pipe):
    read_fd, write_fd = pipe
    os.write(write_fd, b"short")
    os.close(write_fd)
    with pytest.raises(ProtocolError):
        receive_key(read_fd)


def test_every_page_gets_a_key_of_its_own():
    assert len({new_key() for _ in range(3)}) == 3


def test_page_code_holds_no_pipe_but_its_channel():
    source = (
        "import os\n"
        "fds = os.listdir('/proc/self/fd')  # with the one listdir used, closed by now\n"
        "sum(os.path.exists(f'/proc/self/fd/{fd}') and os.readlink(f'/proc/self/fd/{fd}').startswith('pipe:') for fd in fds)"
    )
    [step] = run_page(page(source), warm_imports=()).steps
    assert (step.status, step.output) == ("ok", "1\n")  # the key's pipe is closed before page code runs
