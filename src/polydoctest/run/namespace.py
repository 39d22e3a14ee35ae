"""The page's namespace: one `__main__` module shared by its steps, like notebook cells.

It is installed as `sys.modules["__main__"]` (in the page process only) so that pickling and
dataclasses find classes the steps define. Each step's code gets the file name `<step N>` and
its source is registered in `linecache`, so tracebacks, `inspect.getsource` and faulthandler
dumps show step lines (1-based) instead of an internal file.
"""

from __future__ import annotations

import ast
import builtins
import codeop
import linecache
import sys
import types
from types import CodeType, TracebackType

from polydoctest.run.job import StepJob


def step_filename(index: int) -> str:
    return f"<step {index}>"


def is_step_filename(filename: str) -> bool:
    return filename.startswith("<step ") and filename.endswith(">")


def step_tracebacks(tb: TracebackType | None) -> list[TracebackType]:
    """The entries of a traceback chain whose frame runs step code, outermost first."""
    entries = []
    while tb is not None:
        if is_step_filename(tb.tb_frame.f_code.co_filename):
            entries.append(tb)
        tb = tb.tb_next
    return entries


class PageNamespace:
    def __init__(self) -> None:
        self.module = types.ModuleType("__main__")
        self.module.__dict__["__builtins__"] = builtins
        # Remembers `from __future__` imports across steps, as the interactive interpreter does.
        self._compile = codeop.Compile()

    @property
    def globals(self) -> dict:
        return self.module.__dict__

    def install(self) -> None:
        sys.modules["__main__"] = self.module

    def compile(self, step: StepJob) -> tuple[ast.Module, list[CodeType]]:
        """The step's syntax tree and the code objects to run in order: one per top-level
        statement in `doctest` mode (compiled in `single` mode, so expression values go through
        `sys.displayhook`), the whole step in `exec` mode. Raises SyntaxError before anything runs."""
        filename = step_filename(step.index)
        linecache.cache[filename] = (len(step.source), None, step.source.splitlines(True), filename)
        tree = ast.parse(step.source, filename, "exec")
        if step.mode == "exec":
            return tree, [self._compile(tree, filename, "exec")]
        return tree, [
            self._compile(ast.Interactive(body=[statement]), filename, "single")
            for statement in tree.body
        ]
