"""The repair's disk cache: a model appears whole or not at all, and old models make room."""

from __future__ import annotations

import os
import time

import pytest

from polydoctest.read import cache


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("POLYDOCTEST_CACHE", str(tmp_path))
    return tmp_path


def _write(size: int):
    def write(folder):
        (folder / "table.bin").write_bytes(b"x" * size)

    return write


def _age(folder, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(folder, (then, then))


def test_a_stored_folder_is_found_again_and_marked_as_used(root):
    assert cache.stored_folder("models", "k1") is None
    folder = cache.store_folder("models", "k1", _write(10))
    assert (folder / "table.bin").read_bytes() == b"x" * 10
    _age(folder, 5)
    assert cache.stored_folder("models", "k1") == folder
    assert time.time() - folder.stat().st_mtime < 60


def test_a_failed_write_leaves_nothing_behind(root):
    def fail(folder):
        (folder / "half").write_bytes(b"x")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        cache.store_folder("models", "k1", fail)
    assert cache.stored_folder("models", "k1") is None
    assert list((root / "models").iterdir()) == []


def test_storing_evicts_the_least_recently_used_beyond_the_budget(root, monkeypatch):
    monkeypatch.setenv(cache.BUDGET_VARIABLE, str(1500 / 2**20))  # room for one 1000-byte model
    old, older, recent = (cache.store_folder("models", key, _write(1000)) for key in ("old", "older", "recent"))
    _age(old, 3), _age(older, 5), _age(recent, 0.1)
    new = cache.store_folder("models", "new", _write(1000))
    # Four models do not fit: the two least recently used go; the one used minutes ago stays
    # although it does not fit either, since another process may be loading it.
    assert sorted(path.name for path in (root / "models").iterdir()) == ["new", "recent"]
    assert new.is_dir()


def test_a_bad_budget_setting_falls_back_to_the_default(monkeypatch):
    monkeypatch.setenv(cache.BUDGET_VARIABLE, "lots")
    assert cache.budget_bytes() == cache.DEFAULT_BUDGET_MB * 2**20


def test_a_stored_json_is_found_again_and_a_torn_one_is_computed_again(root):
    cache.store_json("readings", "k1", {"original": "نص", "fills": [1, 2]})
    assert cache.load_json("readings", "k1") == {"original": "نص", "fills": [1, 2]}
    # A cache file is not flushed to disk: after a crash it may be empty or cut short.
    for torn in ("", '{"original": "ن'):
        (root / "readings" / "k1.json").write_text(torn, encoding="utf-8")
        assert cache.load_json("readings", "k1") is None
    cache.store_json("readings", "k1", {"original": "again"})
    assert cache.load_json("readings", "k1") == {"original": "again"}
    assert [path.name for path in (root / "readings").iterdir()] == ["k1.json"]
