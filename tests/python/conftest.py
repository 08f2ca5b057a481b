"""Fixtures of the tuntas package's tests (run with the package on PYTHONPATH: build/python)."""
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def mm1_file() -> Path:
    """Eight M/M/1 queues, rho = 0.5: theory says a mean wait of 1 s."""
    return REPO / "scenarios" / "examples" / "mm1.toml"


@pytest.fixture(scope="session")
def mm1_rush_file() -> Path:
    """mm1.toml with an edit: arrivals at queue 0 rise by 60 % from the 24th hour."""
    return REPO / "scenarios" / "examples" / "mm1-rush.toml"


@pytest.fixture(scope="session")
def short():
    """Overrides that keep an M/M/1 run short (2 h after a 1-minute warm-up)."""
    return {"duration": "2h", "mm1.warmup": "60s"}
