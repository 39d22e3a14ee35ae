"""Merging shards' run records: two pages of one guide and one language, each in its own shard,
keep both columns of the guide's matrix, labelled by file as one run over both labels them."""

from polydoctest.report.merge import merge_records


def shard(path: str, verdict: str) -> dict:
    column = {"label": "ko", "path": path, "language": "ko"}
    return {
        "versions": {"transformers": "5.0"},
        "wall_s": 1.0,
        "summary": {"passed": 1},
        "sandbox": [],
        "errors": [],
        "verified": {"steps": 1, "of": 1},
        "pages": [{"path": path}],
        "references": [{"guide": "quicktour"}],
        "matrices": [
            {
                "guide": "quicktour",
                "columns": [column],
                "rows": [{"reference_step": "pipeline", "cells": {"ko": {"verdict": verdict}}}],
            }
        ],
    }


def test_two_shards_with_one_language_keep_both_pages_columns():
    merged = merge_records([shard("ko/b.md", "failed"), shard("ko/a.md", "passed")], ["1.json", "2.json"])
    [matrix] = merged["matrices"]
    assert [column["label"] for column in matrix["columns"]] == ["ko: a", "ko: b"]
    assert matrix["rows"][0]["cells"] == {"ko: a": {"verdict": "passed"}, "ko: b": {"verdict": "failed"}}
    assert [page["path"] for page in merged["pages"]] == ["ko/a.md", "ko/b.md"]


def test_one_page_per_language_keeps_the_language_as_its_label():
    merged = merge_records([shard("ko/a.md", "passed")], ["1.json"])
    assert [column["label"] for column in merged["matrices"][0]["columns"]] == ["ko"]
