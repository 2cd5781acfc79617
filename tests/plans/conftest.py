"""The same small world as the bilans tests: a créneau, its plan, its people, outsiders."""

from tests.bilans.conftest import monde  # noqa: F401
