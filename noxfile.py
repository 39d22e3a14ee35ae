"""The version matrix: run the guides on every transformers line, then merge and diff the runs.

    nox                              # every line, then the regression diff and the table
    nox -s "matrix(4.57)"            # one line
    nox -R                           # reuse the environments built last time
    nox -- docs/source/ko            # other pages (default: docs/)

Each `matrix` session is one line, in its own virtual environment under `.nox/`, installed
from the line's constraints file (`src/polydoctest/matrix/constraints/`) out of the shared
wheelhouse (`$POLYDOCTEST_CACHE/wheels`, filled on first use); it builds that environment's
fixtures with its own libraries, then `polydoctest run` writes `out/matrix/<line>.json`.
`matrix_report` prints the version x page x step table, writes `out/matrix.json` and
`out/matrix.html`, and prints the steps whose verdict changed between the last line of the
previous major version and the newest line.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))  # the lines and the install recipe are the package's own

from polydoctest.matrix.versions import constraints_file, find_line, lines  # noqa: E402
from polydoctest.matrix.wheelhouse import Project, Wheelhouse  # noqa: E402

PYTHON = "3.11"  # the newest transformers line needs Python >= 3.11
RESULTS = ROOT / "out" / "matrix"
LINES = [line.name for line in lines()]

nox.options.sessions = ["matrix", "matrix_report"]


@nox.session(python=PYTHON)
@nox.parametrize("transformers", LINES, ids=LINES)
def matrix(session: nox.Session, transformers: str) -> None:
    """Run the pages on one transformers line."""
    line = find_line(transformers)
    project, wheelhouse = Project.at(ROOT), Wheelhouse.default()
    with constraints_file(line) as constraints:
        if not wheelhouse.filled(line, project):
            session.run(*wheelhouse.fill_command("python", constraints, project))
            wheelhouse.mark_filled(line, project)
        python = str(Path(session.bin) / "python")
        session.run(*wheelhouse.install_command(python, constraints, project), external=True)  # uv is the outer environment's
    # The fixtures are built with this environment's libraries, in a process of their own:
    # `run` forks its pages from a warm parent, which must not have started torch's threads.
    session.run("polydoctest", "fixtures", "build")
    RESULTS.mkdir(parents=True, exist_ok=True)
    pages = session.posargs or ["docs/"]
    # Exit status 1 means some step failed: that is a result of the matrix, not an error.
    session.run("polydoctest", "run", *pages, "-j", "2", "--json", str(RESULTS / f"{line.name}.json"), success_codes=[0, 1])


@nox.session(python=PYTHON)
def matrix_report(session: nox.Session) -> None:
    """Merge the runs into the table (terminal, JSON, HTML) and diff the previous major line
    with the newest."""
    session.install("--find-links", str(Wheelhouse.default().folder), "-e", str(ROOT))
    runs = [str(RESULTS / f"{name}.json") for name in LINES if (RESULTS / f"{name}.json").is_file()]
    if not runs:
        session.error(f"no results in {RESULTS}: run `nox -s matrix` first")
    out = ROOT / "out"
    newest = find_line(LINES[-1])
    previous = [name for name in LINES if find_line(name).major < newest.major]
    if previous and str(RESULTS / f"{previous[-1]}.json") in runs and str(RESULTS / f"{newest.name}.json") in runs:
        # Exit status 1 means a regression: the diff is the report, the session still succeeds.
        session.run("polydoctest", "matrix", *runs, "--diff", previous[-1], newest.name, success_codes=[0, 1])
    # The table last; its exit status 1 (a step fails on some line) fails the session.
    session.run("polydoctest", "matrix", *runs, "--json", str(out / "matrix.json"), "--html", str(out / "matrix.html"))
