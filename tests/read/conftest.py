"""Shared fixtures for the read stage: the seed pages, read once per session.

Each page is read the way the harness reads a docs tree: with the pages of its language
directory as corpus. The first run builds the models (a minute or two); they are cached on
disk, after which the whole directory runs in well under a minute.
"""

from __future__ import annotations

import pytest
from read_support import DOCS

from polydoctest.read import Reading, read_page


@pytest.fixture(scope="session")
def read_seed():
    """Read a seed page (relative to docs/source) with its language directory as corpus."""
    readings: dict[str, Reading] = {}

    def read(relative: str) -> Reading:
        if relative not in readings:
            language = relative.split("/")[0]
            readings[relative] = read_page(DOCS / relative, language=language, corpus=[DOCS / language])
        return readings[relative]

    return read
