"""The reference stage sits under the pipeline and the reports: it takes their data as
arguments and imports none of their modules, not even for type hints."""

from __future__ import annotations

import ast
from pathlib import Path

import polydoctest.reference

ABOVE = ("polydoctest.pipeline", "polydoctest.report", "polydoctest.cli", "polydoctest.pytest_plugin")


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_no_reference_module_imports_a_stage_above_it():
    package = Path(polydoctest.reference.__file__).parent
    upward = {
        str(path.relative_to(package)): sorted(m for m in imported_modules(path) if m.startswith(ABOVE))
        for path in sorted(package.rglob("*.py"))
    }
    assert {name: found for name, found in upward.items() if found} == {}
