"""Fixtures shared by the whole suite. Factories live in tests/factories/."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _media_temporaire(settings, tmp_path):
    """Uploaded files go to a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def navigateur():
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
        yield browser
        browser.close()


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


def _recharger_donnees_des_migrations():
    """Run again the data migrations of the portal's own apps (regions, programme FSDCE, catalogue
    of indicators…); their loaders are idempotent (update_or_create)."""
    from django.apps import apps
    from django.conf import settings
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    nos_apps = {
        a.label
        for a in apps.get_app_configs()
        if Path(a.path).is_relative_to(settings.BASE_DIR) and "site-packages" not in a.path
    }
    graphe = MigrationLoader(connection).graph
    plan = dict.fromkeys(cle for feuille in graphe.leaf_nodes() for cle in graphe.forwards_plan(feuille))
    with connection.schema_editor() as schema_editor:
        for cle in plan:
            if cle[0] in nos_apps:
                for operation in graphe.nodes[cle].operations:
                    if isinstance(operation, RunPython):
                        operation.code(apps, schema_editor)


@pytest.fixture(autouse=True)
def _donnees_de_reference(request):
    """A transactional test (browser journeys, concurrency tests) ends by emptying every table, data
    migrations' rows included; the tests that come after it in the same process get them back."""
    if not (
        request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("_django_db_helper")
    from regions.models import Region

    if not Region.objects.exists():
        _recharger_donnees_des_migrations()
