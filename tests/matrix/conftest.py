from __future__ import annotations

import pytest
from matrix_runs import RUNS

from polydoctest.matrix.merge import Matrix, load_matrix


@pytest.fixture
def matrix() -> Matrix:
    return load_matrix([RUNS])
