"""How a line's environment is installed; building one for real is `benchmarks/matrix.py`'s job
(it needs the network and a minute per environment)."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from polydoctest.matrix.envs import env_folder, runs_here, without_option
from polydoctest.matrix.versions import Line, constraints_file, find_line, lines
from polydoctest.matrix.wheelhouse import Project, Wheelhouse

REPO = Path(__file__).resolve().parents[2]


def test_this_checkout_is_installed_editable_with_the_hf_extra():
    project = Project.installed()
    assert project == Project.at(REPO)
    assert project.install_arguments() == ["-e", f"{REPO}[hf]"]
    assert "setuptools>=68" in project.build_requirements


def test_installs_take_the_lines_pins_from_the_wheelhouse_alone(tmp_path):
    wheelhouse, line = Wheelhouse(tmp_path), find_line("4.57")
    with constraints_file(line) as constraints:
        install = wheelhouse.install_command("python", constraints, Project.at(REPO))
        fill = wheelhouse.fill_command("python", constraints, Project.at(REPO))
    assert install[1:3] == ["pip", "install"] and install[install.index("--python") + 1] == "python"
    assert install[install.index("--link-mode") + 1] == "hardlink"  # the lines share their files
    assert "--no-index" in install and install[install.index("--find-links") + 1] == str(tmp_path)
    assert install[install.index("--constraint") + 1] == str(constraints)
    assert fill[3] == "wheel" and fill[fill.index("--wheel-dir") + 1] == str(tmp_path)
    assert "setuptools>=68" in fill  # so that `--no-index` can build the editable project


def test_a_filled_wheelhouse_is_remembered_per_constraints_and_project(tmp_path):
    wheelhouse, project = Wheelhouse(tmp_path), Project.at(REPO)
    assert not wheelhouse.filled(find_line("4.46"), project)
    wheelhouse.mark_filled(find_line("4.46"), project)
    assert wheelhouse.filled(find_line("4.46"), project)
    assert not wheelhouse.filled(find_line("4.57"), project)
    changed = Project(project.requirement, project.editable, project.build_requirements, "another pyproject")
    assert not wheelhouse.filled(find_line("4.46"), changed)


def test_environments_live_in_polydoctests_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("POLYDOCTEST_CACHE", str(tmp_path))
    assert env_folder(find_line("5.0")) == tmp_path / "envs" / "transformers-5.0"


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "docs/", "--transformers", "4.46", "--json", "x.json"],
        ["run", "--transformers=4.46", "docs/", "--json", "x.json"],
    ],
)
def test_the_environment_gets_the_command_line_without_the_version_option(argv):
    assert without_option(argv, "--transformers") == ["run", "docs/", "--json", "x.json"]


def test_a_python_with_exactly_the_lines_pins_runs_it_without_an_environment():
    names = ("torch", "transformers", "datasets", "huggingface-hub")
    here = Line("here", {name: metadata.version(name).split("+")[0] for name in names}, "")
    assert runs_here(here)  # torch's local tag (+cpu) does not count
    other = [line for line in lines() if line.transformers != metadata.version("transformers")]
    assert other and not any(runs_here(line) for line in other)
