import pytest

from tests.demo_partagee import demo_dans_une_transaction


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo data set for this package's tests that ask for it (tests/demo_partagee.py)."""
    with demo_dans_une_transaction(django_db_blocker):
        yield
