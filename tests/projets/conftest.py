"""Fixtures shared by the project tests: one créneau's whole circuit, and a draft of it."""

import pytest

from tests.factories import circuit


@pytest.fixture
def c():
    return circuit()


@pytest.fixture
def brouillon(c):
    """A draft with porteur and partners but no budget yet."""
    return c.projet(budget=False)
