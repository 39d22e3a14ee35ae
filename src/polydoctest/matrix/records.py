"""The JSON shapes of `polydoctest matrix --json`: the merged table, and the diff when asked.

Cells are keyed by column label (the transformers version), so a reader can pick one version
without knowing the column order.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from polydoctest.matrix.diff import Change
from polydoctest.matrix.merge import Cell, Column, Matrix


def cell_record(cell: Cell) -> dict[str, Any]:
    return {**asdict(cell), "rules": list(cell.rules)}


def matrix_record(matrix: Matrix) -> dict[str, Any]:
    return {
        "columns": [asdict(column) for column in matrix.columns],
        "pages": [
            {
                **asdict(page),
                "steps": [
                    {
                        "index": row.index,
                        "line_start": row.line_start,
                        "kind": row.kind,
                        "source": row.source,
                        "cells": {label: cell_record(cell) for label, cell in row.cells.items()},
                    }
                    for row in matrix.page_rows(page.path)
                ],
            }
            for page in matrix.pages
        ],
        "references": [
            {"guide": row.guide, "outcomes": {label: asdict(outcome) for label, outcome in row.outcomes.items()}}
            for row in matrix.references
        ],
    }


def diff_record(changes: tuple[Change, ...], old: Column, new: Column) -> dict[str, Any]:
    return {
        "old": asdict(old),
        "new": asdict(new),
        "changes": [
            {
                "page": change.row.page,
                "index": change.row.index,
                "line_start": change.row.line_start,
                "old": cell_record(change.old),
                "new": cell_record(change.new),
                "regression": change.regression,
                "explained": change.explained,
                "causes": [asdict(cause) for cause in change.causes],
            }
            for change in changes
        ],
    }
