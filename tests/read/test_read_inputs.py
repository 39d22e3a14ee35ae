"""Bad inputs give an InputError whose message says what is wrong and what to do."""

from __future__ import annotations

import pytest

from polydoctest.errors import InputError
from polydoctest.read import MAX_PAGE_BYTES, read_page, repair_text


def _error(path) -> str:
    with pytest.raises(InputError) as caught:
        read_page(path)
    return str(caught.value)


def test_missing_file(tmp_path):
    message = _error(tmp_path / "nope.md")
    assert "nope.md" in message and "no such file" in message


def test_directory(tmp_path):
    assert "is a directory" in _error(tmp_path)


def test_empty_file(tmp_path):
    page = tmp_path / "empty.md"
    page.write_bytes(b"")
    assert "empty" in _error(page)


def test_whitespace_only_file(tmp_path):
    page = tmp_path / "blank.md"
    page.write_bytes(b"\n \n\t\n")
    assert "only whitespace" in _error(page)


def test_binary_file_with_nul(tmp_path):
    page = tmp_path / "model.bin"
    page.write_bytes(b"PK\x03\x04\x00\x00binary")
    message = _error(page)
    assert "binary" in message and "offset 4" in message


def test_binary_file_of_control_bytes(tmp_path):
    page = tmp_path / "noise.md"
    page.write_bytes(bytes(range(1, 32)) * 20)
    assert "binary" in _error(page)


def test_not_utf8_says_where(tmp_path):
    page = tmp_path / "latin1.md"
    page.write_bytes("# Titre\n\nLa bibliothèque\n".encode("latin-1"))
    message = _error(page)
    assert "not UTF-8" in message and "0xE8" in message and "line 3" in message and "offset 20" in message and "byte 12 of the line" in message
    assert "Re-save the page as UTF-8" in message


def test_huge_file(tmp_path):
    page = tmp_path / "huge.md"
    with page.open("wb") as handle:
        handle.truncate(MAX_PAGE_BYTES + 1)
    message = _error(page)
    assert "MB" in message and "not read" in message


def test_huge_text():
    with pytest.raises(InputError):
        repair_text("a" * (MAX_PAGE_BYTES + 1))


def test_exit_code_is_a_data_error(tmp_path):
    with pytest.raises(InputError) as caught:
        read_page(tmp_path / "nope.md")
    assert caught.value.exit_code == 65


def test_a_device_is_refused_before_reading_it():
    assert "/dev/zero is a device, not a regular file" in _error("/dev/zero")


def test_a_symlink_loop_is_named(tmp_path):
    loop = tmp_path / "page.md"
    loop.symlink_to(loop)
    assert "symlink loop" in _error(loop)


def test_repair_text_takes_corpus_texts_and_points_files_to_read_page(tmp_path):
    with pytest.raises(TypeError) as caught:
        repair_text("# 제목\n", corpus=[tmp_path])
    assert "read_page" in str(caught.value)
