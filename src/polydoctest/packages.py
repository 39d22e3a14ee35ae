"""The packages a page has the reader write: steps that are the modules of a package a later
step imports.

A page may show the modules of a package one step each (a config class; a model class that
imports it by `from .configuration_resnet import ResnetConfig`) and then import them as the
reader saved them (`from resnet_model.configuration_resnet import ResnetConfig`). The page
never says which step goes to which file, so the files are found by names: a module `pkg.mod`
a step imports names from, where `pkg` is no installed package, is made of the earlier steps
that define those names (not by importing them); a relative import inside such a step names a
sibling module, made the same way from the names it imports. The package is the page's only
when every module it imports is found so, each step in one module: otherwise the import is of
a package the reader has elsewhere or one not installed, and stays as the page wrote it.

A module step runs in the page's namespace as well as being a file of the package: there its
relative imports read as absolute ones (`from resnet_model.configuration_resnet import ...`),
which import the package's file, as the reader's saved module would.

Plain data in (the steps' sources), plain data out (`PackageModule`s).
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from polydoctest.pycode import defined_names, imported_names


@dataclass(frozen=True)
class PackageModule:
    """One module of a package the page writes: its dotted name, the steps it is made of (in
    page order) and the first step that imports it."""

    name: str
    steps: tuple[int, ...]
    imported_by: int

    @property
    def package(self) -> str:
        return self.name.partition(".")[0]

    @property
    def path(self) -> str:
        """Where the module's file is, relative to the working directory."""
        return self.name.replace(".", "/") + ".py"


def _installed(package: str) -> bool:
    return importlib.util.find_spec(package) is not None


def page_modules(
    sources: Mapping[int, str], installed: Callable[[str], bool] = _installed
) -> dict[int, PackageModule]:
    """The module each step is a file of, by step index, for the packages the page writes;
    `sources` are the steps' code by index (shell steps left out)."""
    trees = {index: tree for index, source in sources.items() if (tree := _parse(source)) is not None}
    own = {index: defined_names(sources[index]) - imported_names(sources[index]) for index in trees}
    wanted = [
        (node.module, tuple(alias.name for alias in node.names), index)
        for index, tree in sorted(trees.items())
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 0 and "." in (node.module or "")
    ]
    packages: dict[str, dict[str, PackageModule] | None] = {}
    for name, _, _ in wanted:
        top = name.partition(".")[0]
        if top not in packages:
            packages[top] = None if installed(top) else {}
    pending = list(wanted)
    while pending:
        name, names, importer = pending.pop(0)
        modules = packages.get(name.partition(".")[0])
        if modules is None:
            continue
        steps = {_last_definer(own, item, importer) for item in names}
        if None in steps:
            packages[name.partition(".")[0]] = None  # a name no earlier step defines: not the page's package
            continue
        known = modules.get(name)
        added = steps - set(known.steps) if known else steps
        if known is not None:
            steps |= set(known.steps)
            importer = min(importer, known.imported_by)
        modules[name] = PackageModule(name, tuple(sorted(steps)), importer)
        for step in added:
            for node in ast.walk(trees[step]):
                if isinstance(node, ast.ImportFrom) and node.level > 0:
                    sibling = _sibling(name, node)
                    if sibling is None:
                        packages[name.partition(".")[0]] = None
                    else:
                        pending.append((sibling, tuple(alias.name for alias in node.names), step))
    by_step: dict[int, PackageModule] = {}
    for modules in packages.values():
        for module in (modules or {}).values():
            for step in module.steps:
                if by_step.setdefault(step, module) != module:
                    return {}  # one step claimed by two modules: the names do not tell the files apart
    return by_step


def absolute_imports(source: str, module: PackageModule) -> tuple[str, list[tuple[int, str, str]]]:
    """`source` with its relative imports written as absolute ones inside `module`'s package,
    and each change as (line, old, new). The lines stay where they were."""
    tree = _parse(source)
    lines = source.splitlines(keepends=True)
    changes = []
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, ast.ImportFrom) and node.level > 0 and (sibling := _sibling(module.name, node)):
            line = lines[node.lineno - 1]
            relative = "." * node.level + (node.module or "")
            head = line.index("from", node.col_offset)
            at = line.index(relative, head)
            new = line[:at] + sibling + line[at + len(relative) :]
            changes.append((node.lineno, line.strip(), new.strip()))
            lines[node.lineno - 1] = new
    return "".join(lines), sorted(changes)


def package_imports(source: str, modules: Iterable[PackageModule]) -> list[tuple[int, PackageModule]]:
    """The lines of `source` that import one of `modules` by its absolute name, each with it."""
    by_name = {module.name: module for module in modules}
    tree = _parse(source)
    found = [
        (node.lineno, by_name[node.module])
        for node in (ast.walk(tree) if tree else ())
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in by_name
    ]
    return sorted(found, key=lambda item: item[0])


def _sibling(module: str, node: ast.ImportFrom) -> str | None:
    """The absolute name of what `node` imports relatively from inside `module`; None when it
    climbs out of the package or names the package itself."""
    parents = module.split(".")[: -node.level]
    if not parents or not node.module:
        return None
    return ".".join([*parents, node.module])


def _last_definer(own: Mapping[int, set[str]], name: str, before: int) -> int | None:
    return max((index for index, names in own.items() if index < before and name in names), default=None)


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return None
