"""Installed library versions, and how rules compare them.

Versions are read from package metadata, never by importing the libraries: importing
transformers or tensorflow costs seconds, and the drift stage must stay cheap.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import metadata

from packaging.version import InvalidVersion, Version

# Library name as the catalog and the runner use it -> distributions that provide it.
DISTRIBUTIONS: Mapping[str, tuple[str, ...]] = {
    "transformers": ("transformers",),
    "datasets": ("datasets",),
    "evaluate": ("evaluate",),
    "huggingface_hub": ("huggingface_hub",),
    "tokenizers": ("tokenizers",),
    "torch": ("torch",),
    "trl": ("trl",),
    "starlette": ("starlette",),
    "tensorflow": ("tensorflow", "tensorflow-cpu", "tensorflow-macos"),
}


def installed_versions() -> dict[str, str]:
    """Versions of the libraries the guides use, for those that are installed."""
    found: dict[str, str] = {}
    for library, distributions in DISTRIBUTIONS.items():
        for distribution in distributions:
            try:
                found[library] = metadata.version(distribution)
            except metadata.PackageNotFoundError:
                continue
            break
    return found


def release(version: str) -> tuple[int, ...] | None:
    """The release numbers of a version string, None when it is not a version.

    Pre-releases, dev builds and local tags count as their release (`5.0.0rc1` is 5.0.0,
    `2.13.0+cpu` is 2.13.0): a release candidate already carries the removals of its release.
    """
    try:
        numbers = Version(version).release
    except InvalidVersion:
        return None
    return numbers


def at_least(installed: tuple[int, ...], version: str) -> bool:
    """Whether an installed release is at or after `version` (zero-padded comparison)."""
    wanted = release(version)
    if wanted is None:
        raise ValueError(f"not a version: {version!r}")
    width = max(len(installed), len(wanted))
    return installed + (0,) * (width - len(installed)) >= wanted + (0,) * (width - len(wanted))
