"""Fixtures shared by the whole suite. Factories live in tests/factories/."""

import os
from contextlib import contextmanager

import pytest

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _media_temporaire(settings, tmp_path, request):
    """Uploaded files go to a per-test folder (with the demo's own, for a test using the demo)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if "demo" in request.fixturenames:
        from tests.demo_partagee import ecrire_fichiers_de_la_demo

        ecrire_fichiers_de_la_demo(settings.MEDIA_ROOT)


@pytest.fixture(autouse=True)
def _langue_du_portail():
    """Each test starts in the portal's language: a page served in English (LocaleMiddleware)
    leaves English active in the test's thread, which would leak into the next test."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@contextmanager
def chromium():
    """Headless Debian Chromium driven by Playwright (never `playwright install`)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} manque : lancez scripts/tester, qui installe le paquet Debian chromium.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield browser
        finally:
            # The ORM calls made while Playwright's loop runs use a connection of their own
            # (see `navigateur`): close it here, or it outlives the journey (a later test of the
            # worker would reuse a session the server may have ended).
            from django.db import connections

            connections.close_all()
            browser.close()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data set for the module's tests that ask for it, rolled back after the module:
    loaded once per run, replayed in a second elsewhere (tests/demo_partagee.py)."""
    from tests.demo_partagee import charger_demo, donnees_du_module

    with donnees_du_module(django_db_blocker, charger_demo):
        yield


@pytest.fixture
def navigateur():
    """The browser of a journey. Function-scoped on purpose: while Playwright's sync API is alive
    its event loop counts as running in this thread, so Django would hand later tests another
    connection object (one without the serialized reference data that transactional tests
    restore)."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(navigateur, live_server):
    context = navigateur.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def captures(request):
    """Folder for screenshots taken by browser journeys (looked at by a person)."""
    from pathlib import Path

    dossier = Path(os.environ.get("CAPTURES", Path(__file__).resolve().parent.parent / "captures"))
    dossier.mkdir(parents=True, exist_ok=True)
    return dossier


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the run's main process
        from tests.bases import nommer_execution
        from tests.demo_partagee import nommer_copie

        nommer_execution()
        nommer_copie()


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput"):
        from tests.bases import effacer_modele
        from tests.demo_partagee import effacer_copie

        effacer_copie()
        effacer_modele()


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """pytest-django's, but each worker's database is copied from the run's model (tests/bases.py)."""
    from django.test.utils import teardown_databases

    from tests.bases import preparer

    with django_db_blocker.unblock():
        configuration = preparer(request.config.option.verbose, serialized_aliases={"default"})
    yield
    with django_db_blocker.unblock():
        teardown_databases(configuration, verbosity=request.config.option.verbose)


def pytest_collection_modifyitems(items):
    """Every test driving Chromium through `page` or `navigateur` is a browser journey: marked
    `navigateur`, so `-m "not navigateur"` runs the fast lane without it. The tests on the demo
    data get twice the per-test timeout of pyproject.toml.

    Transactional tests flush the database when they end, reference data of the data
    migrations (regions, programme FSDCE, indicator catalogue) included: Django restores it when
    the next transactional test starts (serialized_rollback), and `pytest_runtest_teardown`
    below restores it at once for the ordinary tests that follow on the same worker."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if {"page", "navigateur"} & fixtures:
            item.add_marker(pytest.mark.navigateur)
        if "demo" in fixtures:
            # The first of them also loads the demo (tests/portail/conftest.py), counted in its time.
            item.add_marker(pytest.mark.timeout(600))
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and "serialized_rollback" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True), append=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    marker = item.get_closest_marker("django_db")
    if nextitem is None or not (marker and marker.kwargs.get("transaction")):
        return  # (after the worker's last test, the test database is already gone)
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    contenu = getattr(connection, "_test_serialized_contents", None)
    if contenu:
        with item.config.stash[blocking_manager_key].unblock():
            connection.creation.deserialize_db_from_string(contenu)


# The portal's signing certificate (a self-signed one), for the tests of signed documents.
from tests.signature import certificat  # noqa: E402,F401
