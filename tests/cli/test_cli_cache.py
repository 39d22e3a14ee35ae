"""`polydoctest cache info|prune` on a cache the test lays out: each kind's entries and size,
a prune that keeps what the installed libraries use and removes the rest, and `--all`."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from polydoctest.cli import main
from polydoctest.fixtures.build import cache_key
from polydoctest.matrix.versions import lines

OLD = time.time() - 40 * 86400


def put(path: Path, content: bytes = b"x", *, mtime: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def age(path: Path) -> Path:
    os.utime(path, (OLD, OLD))
    return path


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("POLYDOCTEST_CACHE", str(root))
    monkeypatch.delenv("POLYDOCTEST_FIXTURES", raising=False)
    monkeypatch.setenv("POLYDOCTEST_MODEL_CACHE_MB", "1")
    # models: an old one beyond the 1 MB budget, and one just used
    put(root / "models" / "old" / "model.bin", b"m" * 2**20)
    age(root / "models" / "old")
    put(root / "models" / "recent" / "model.bin", b"m" * 2**20)
    # readings: one written long ago, one today
    put(root / "readings" / "old.json", b"{}", mtime=OLD)
    put(root / "readings" / "new.json", b"{}")
    # fixtures: the current home and an old one; homes with stand-ins on each; stand-ins
    fixtures = root / "fixtures"
    current = cache_key()
    put(fixtures / current / "manifest.json", json.dumps({"key": current}).encode())
    put(fixtures / "0000000000000000" / "manifest.json", json.dumps({"key": "0000000000000000"}).encode())
    weights = put(fixtures / "synth" / "used" / "model.safetensors", b"w" * 1000)
    put(fixtures / "synth" / "unused" / "model.safetensors", b"u" * 1000)
    put(fixtures / "synth" / "failed-now" / "failed.txt", b"the stand-in could not be built")
    put(fixtures / "synth" / "failed-before" / "failed.txt", b"the stand-in could not be built", mtime=OLD)
    put(fixtures / "with-stand-ins" / "on-current" / "manifest.json", json.dumps({"key": current}).encode())
    os.link(weights, fixtures / "with-stand-ins" / "on-current" / "model.safetensors")
    put(fixtures / "with-stand-ins" / "on-old" / "manifest.json", json.dumps({"key": "0000000000000000"}).encode())
    age(put(fixtures / ".dead.build" / "half-written"))
    age(fixtures / ".dead.build")
    # envs: a current line and a line the matrix no longer has
    newest = lines()[-1]
    put(root / "envs" / f"transformers-{newest.name}" / "bin" / "python")
    put(root / "envs" / "transformers-0.1" / "bin" / "python")
    put(root / "envs" / "transformers-0.1.lock", b"")
    # wheels: transformers at a pinned version and at another; a package no line pins
    put(root / "wheels" / f"transformers-{newest.transformers}-py3-none-any.whl")
    put(root / "wheels" / "transformers-0.0.1-py3-none-any.whl")
    put(root / "wheels" / "unpinned_package-1.0-py3-none-any.whl")
    put(root / "wheels" / ".filled" / f"transformers-{newest.name}-abc")
    (root / "uv").mkdir()
    return root


def test_info_lists_each_kind_with_its_entries_and_size(cache: Path, capsys):
    assert main(["cache", "info"]) == 0
    rows = {line.split("│")[1].strip(): line for line in capsys.readouterr().out.splitlines() if line.count("│") == 5}
    assert set(rows) == {"models", "readings", "fixtures", "envs", "wheels", "uv", "total"}
    assert [cell.strip() for cell in rows["models"].split("│")[3:5]] == ["2", "2.0 MB"]
    assert rows["readings"].split("│")[3].strip() == "2"
    assert rows["wheels"].split("│")[3].strip() == "3"


def test_prune_keeps_what_the_installed_libraries_use_and_removes_the_rest(cache: Path, capsys):
    assert main(["cache", "prune"]) == 0
    printed = capsys.readouterr().out
    assert "models: removed 1 entries, 1.0 MB freed" in printed

    def names(folder: str) -> set[str]:
        return {path.name for path in (cache / folder).iterdir()}

    assert names("models") == {"recent"}
    assert names("readings") == {"new.json"}
    assert names("fixtures") == {cache_key(), "synth", "with-stand-ins"}
    assert names("fixtures/synth") == {"used", "failed-now"}
    assert names("fixtures/with-stand-ins") == {"on-current"}
    assert names("envs") == {f"transformers-{lines()[-1].name}"}
    assert names("wheels") == {f"transformers-{lines()[-1].transformers}-py3-none-any.whl", "unpinned_package-1.0-py3-none-any.whl"}


def test_prune_all_removes_every_cache(cache: Path, capsys):
    assert main(["cache", "prune", "--all"]) == 0
    assert not any((cache / kind).exists() for kind in ("models", "readings", "fixtures", "envs", "wheels", "uv"))
    assert "fixtures: removed 4 entries" in capsys.readouterr().out
