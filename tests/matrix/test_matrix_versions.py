"""The constraints files define the lines the issue asks for, with companions that fit together
(the "which versions can be installed together" table of the drift notes)."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from polydoctest.errors import UserError
from polydoctest.matrix.versions import constraints_file, find_line, lines, parse_pins

REPO = Path(__file__).resolve().parents[2]


def pins(name: str) -> dict[str, Version]:
    return {package: Version(version) for package, version in find_line(name).pins.items()}


def test_the_lines_are_4_46_4_57_5_0_and_a_newest_5_x():
    names = [line.name for line in lines()]
    assert names[:3] == ["4.46", "4.57", "5.0"]
    assert len(names) == 4 and Version(names[3]).major == 5 and Version(names[3]) > Version("5.0")


@pytest.mark.parametrize("line", lines(), ids=lambda line: line.name)
def test_each_line_pins_its_own_transformers_and_every_companion(line):
    assert Version(line.transformers).release[:2] == Version(line.name).release
    assert set(line.pins) >= {"transformers", "huggingface-hub", "tokenizers", "datasets", "accelerate", "evaluate", "torch", "torchcodec"}


@pytest.mark.parametrize("line", lines(), ids=lambda line: line.name)
def test_lines_pin_the_cpu_torch_and_the_projects_torchcodec(line):
    # The lines install the hf extra alone, without torchvision: the CPU build of torch does, and
    # the project's torch/torchvision pair (a CUDA build) would only add gigabytes to each line.
    project = parse_pins((REPO / "constraints.txt").read_text())
    assert line.pins["torch"] == "2.13.0"
    assert "torchvision" not in line.pins and "torchvision" in project
    assert line.pins["torchcodec"] == project["torchcodec"]


@pytest.mark.parametrize("name", ["4.46", "4.57"])
def test_transformers_4_lines_use_a_hub_below_1_and_datasets_at_most_5_0(name):
    line = pins(name)
    assert line["huggingface-hub"] < Version("1.0")
    assert line["datasets"] < Version("5.1")


@pytest.mark.parametrize("line", lines(), ids=lambda line: line.name)
def test_datasets_5_1_and_later_sit_beside_a_hub_of_at_least_1_31(line):
    if Version(line.pins["datasets"]) >= Version("5.1"):
        assert Version(line.pins["huggingface-hub"]) >= Version("1.31")


def test_tokenizers_follow_each_transformers_line():
    assert pins("4.46")["tokenizers"].release[:2] == (0, 20)
    assert pins("4.57")["tokenizers"].release[:2] == (0, 22)
    assert Version("0.22") <= pins("5.0")["tokenizers"] <= Version("0.23.0")
    assert pins(lines()[-1].name)["tokenizers"] >= Version("0.23.1")
    assert pins("5.0")["accelerate"] >= Version("1.1")


def test_evaluate_is_0_4_6_everywhere():
    assert {line.pins["evaluate"] for line in lines()} == {"0.4.6"}


def test_the_newest_line_satisfies_the_requirements_transformers_declares():
    newest = lines()[-1]
    if metadata.version("transformers") != newest.transformers:
        pytest.skip(f"transformers {metadata.version('transformers')} installed, not the newest line's {newest.transformers}")
    for text in metadata.requires("transformers") or ():
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        if requirement.marker is None and name in newest.pins:
            assert requirement.specifier.contains(newest.pins[name]), f"{name}=={newest.pins[name]} vs {requirement}"


def test_a_line_is_named_by_its_version_its_pin_or_newest():
    assert find_line("4.57").name == "4.57"
    assert find_line(lines()[0].transformers).name == lines()[0].name
    assert find_line("newest") == lines()[-1]


def test_an_unknown_version_names_the_lines_and_the_pin_of_its_line():
    with pytest.raises(UserError) as raised:
        find_line("4.46.0")
    assert "4.46 line is pinned to 4.46.3" in str(raised.value)
    with pytest.raises(UserError, match=r"4\.57 \(transformers 4\.57\.\d+\)"):
        find_line("3.0")


def test_constraints_files_hold_exact_pins_only():
    assert parse_pins("# comment\ntorch==2.13.0  # pinned\n\n") == {"torch": "2.13.0"}
    with pytest.raises(ValueError, match="not an exact"):
        parse_pins("datasets<=5.0\n")


def test_each_constraints_file_is_a_file_pip_can_read():
    for line in lines():
        with constraints_file(line) as path:
            assert path.is_file() and path.read_text() == line.text
