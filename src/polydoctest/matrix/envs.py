"""One virtual environment per transformers line for `polydoctest run --transformers LINE`.

nox builds the CI matrix's environments under `.nox/`; a user who wants to try a page on one
other version should not have to write nox configuration, so this builds the same environment
(the line's constraints, from the same wheelhouse) under polydoctest's cache, once, and runs
`polydoctest` inside it. An environment is rebuilt only when its constraints or the project's
requirements change; a lock keeps two runs from building the same one at once.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
import venv
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from packaging.version import Version

from polydoctest.errors import UserError
from polydoctest.files import cache_root
from polydoctest.matrix.versions import Line, constraints_file
from polydoctest.matrix.wheelhouse import Project, Wheelhouse

STAMP = "polydoctest-env.json"


def env_folder(line: Line) -> Path:
    return cache_root() / "envs" / f"transformers-{line.name}"


def _python(folder: Path) -> Path:
    return folder / "bin" / "python"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f"{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _run(command: Sequence[str], what: str) -> None:
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise UserError(f"{what} failed (pip exited with {done.returncode}):\n{done.stdout.strip()}")


def ensure_env(
    line: Line,
    project: Project | None = None,
    wheelhouse: Wheelhouse | None = None,
    say: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
) -> Path:
    """The Python of the line's environment, built first if missing or out of date."""
    project = project or Project.installed()
    wheelhouse = wheelhouse or Wheelhouse.default()
    folder = env_folder(line)
    wanted = {"line": line.name, "constraints": line.text, "project": project.requirement, "fingerprint": project.fingerprint}
    with _locked(folder):
        stamp = folder / STAMP
        if _python(folder).exists() and stamp.is_file() and json.loads(stamp.read_text()) == wanted:
            return _python(folder)
        say(f"polydoctest: building the transformers {line.transformers} environment in {folder} (once)")
        shutil.rmtree(folder, ignore_errors=True)
        venv.EnvBuilder(with_pip=True).create(folder)
        python = str(_python(folder))
        with constraints_file(line) as constraints:
            if not wheelhouse.filled(line, project):
                say(f"polydoctest: filling the wheelhouse {wheelhouse.folder}")
                _run(wheelhouse.fill_command(python, constraints, project), f"downloading the transformers {line.name} packages")
                wheelhouse.mark_filled(line, project)
            _run(wheelhouse.install_command(python, constraints, project), f"installing the transformers {line.name} environment")
        stamp.write_text(json.dumps(wanted, indent=2))
        return _python(folder)


def runs_here(line: Line) -> bool:
    """Whether this Python already has exactly the line's pins (then no environment is needed,
    and a run inside a line's environment never starts another one)."""
    for name, pinned in line.pins.items():
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            return False
        if installed.public != pinned:  # `2.13.0+cpu` is torch 2.13.0
            return False
    return True


def run_in_env(line: Line, argv: Sequence[str]) -> int:
    """Run `polydoctest ARGV` in the line's environment; its exit status."""
    python = ensure_env(line)
    return subprocess.call([str(python), "-m", "polydoctest", *argv])


def without_option(argv: Sequence[str], option: str) -> list[str]:
    """`argv` without `option VALUE` / `option=VALUE`, to hand the rest to the environment."""
    kept: list[str] = []
    skip_next = False
    for argument in argv:
        if skip_next:
            skip_next = False
        elif argument == option:
            skip_next = True
        elif not argument.startswith(f"{option}="):
            kept.append(argument)
    return kept
