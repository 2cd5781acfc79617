import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo data set (`manage.py demo`, ~40 s), loaded once for the package's tests that ask
    for it and rolled back after them."""
    enveloppe = transaction.atomic()
    # A test's wrapping transaction, as Django's TestCase marks its own: inside it the portal
    # behaves as in production (roles are cached across requests: creneaux.roles).
    enveloppe._from_testcase = True
    with django_db_blocker.unblock(), enveloppe, open("/dev/null", "w") as muet:
        call_command("demo", en_production=True, stdout=muet)
        yield
        transaction.set_rollback(True)
