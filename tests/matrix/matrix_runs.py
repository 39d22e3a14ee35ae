"""Run results from three versions of the same two pages, written by hand after the schema of
`polydoctest run --json` (in `runs/`): a page whose steps drift between 4.46, 4.57 and 5.23
(a renamed argument, a removed one, a removed pipeline and the step it blocks, an unexplained
failure), and a page that crashes on 5.23."""

from __future__ import annotations

from pathlib import Path

RUNS = Path(__file__).parent / "runs"
DEMO = "docs/source/ko/tasks/demo.md"
QUICKTOUR = "docs/source/ar/quicktour.md"
