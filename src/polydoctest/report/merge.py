"""Shards' run records merged into the record one run over all their pages would have written.

Each shard of a CI job writes `run --json`; the merge takes them as they are (the run record is
the one source of the names, `records.run_record`), so every renderer that reads a record (the
page table, JUnit, HTML, the GitHub annotations, the exit status) gives for the merge what it
gives for one run. Shards must have run on the same library versions (runs on several versions are
the version matrix's, `polydoctest matrix`), and a page may be in one shard only. Pages come in
path order, as one run over their folder orders them; the totals are summed, the wall time is
the longest shard's (they run side by side), a guide's reference run is taken once, and each
guide's matrix gets the columns (languages) of every shard.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from polydoctest.errors import InputError
from polydoctest.reference.matrix import column_label

RECORD_KEYS = ("versions", "wall_s", "summary", "sandbox", "errors", "verified", "pages", "references", "matrices")


def read_record(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"{path}: cannot read a run record ({error})") from error
    if not isinstance(record, dict) or not all(key in record for key in RECORD_KEYS):
        raise InputError(f"{path}: not the JSON of `polydoctest run --json`")
    return record


def merge_records(records: Sequence[Mapping[str, Any]], sources: Sequence[str]) -> dict[str, Any]:
    """One run record from the shards' `records` (`sources` name them in errors)."""
    first = records[0]
    for record, source in zip(records, sources):
        if record["versions"] != first["versions"]:
            raise InputError(
                f"{source} ran on other library versions than {sources[0]}: shards of one run share them "
                "(`polydoctest matrix` compares versions)"
            )
    pages: dict[str, Mapping[str, Any]] = {}
    for record, source in zip(records, sources):
        for page in record["pages"]:
            if page["path"] in pages:
                raise InputError(f"{page['path']} is in more than one shard (again in {source})")
            pages[page["path"]] = page
    return {
        "versions": dict(first["versions"]),
        "wall_s": max(record["wall_s"] for record in records),
        "summary": _summed([record["summary"] for record in records]),
        "sandbox": list(dict.fromkeys(description for record in records for description in record["sandbox"])),
        "errors": sorted((error for record in records for error in record["errors"]), key=lambda error: error["path"]),
        "verified": _summed([record["verified"] for record in records]),
        "pages": [pages[path] for path in sorted(pages)],
        "references": list({run["guide"]: run for record in records for run in record["references"]}.values()),
        "matrices": _merged_matrices([matrix for record in records for matrix in record["matrices"]]),
    }


def _summed(counts: Sequence[Mapping[str, int]]) -> dict[str, int]:
    return {key: sum(count.get(key, 0) for count in counts) for key in dict.fromkeys(k for count in counts for k in count)}


def _merged_matrices(matrices: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per guide, the columns of every shard, each row's cells joined by page; columns are
    labelled again over all shards, so two pages of one language say which file they are."""
    merged: dict[str, dict[str, Any]] = {}
    for matrix in matrices:
        into = merged.setdefault(
            matrix["guide"], {**matrix, "columns": [], "rows": [{**row, "cells": {}} for row in matrix["rows"]]}
        )
        known = {column["path"] for column in into["columns"]}
        into["columns"] += [column for column in matrix["columns"] if column["path"] not in known]
        path_of = {column["label"]: column["path"] for column in matrix["columns"]}
        cells = {row["reference_step"]: row["cells"] for row in matrix["rows"]}
        for row in into["rows"]:
            row["cells"].update({path_of[label]: cell for label, cell in cells.get(row["reference_step"], {}).items()})
    for matrix in merged.values():
        columns = sorted(matrix["columns"], key=lambda column: (column.get("reference", False), column["path"]))
        languages = [column["language"] for column in columns]
        matrix["columns"] = [{**column, "label": column_label(column["language"], column["path"], languages)} for column in columns]
        for row in matrix["rows"]:
            row["cells"] = {column["label"]: row["cells"][column["path"]] for column in matrix["columns"]}
    return list(merged.values())
