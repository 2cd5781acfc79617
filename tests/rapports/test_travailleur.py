"""A real Celery worker, on Redis, builds a large report; the portal then serves what it made."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from accord.celery import app
from rapports import generation
from rapports.models import DocumentGenere
from tests.rapports.conftest import lire_pdf
from tests.rapports.donnees import province

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def travailleur(monkeypatch):
    """A worker process on a queue of its own, reading this test's database and media folder."""
    file = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "accord.settings_test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    commande = [sys.executable, "-m", "celery", "-A", "accord", "worker", "--pool=solo", "-Q", file, "-l", "WARNING"]
    processus = subprocess.Popen([*commande, "--without-gossip", "--without-mingle"], env=env, cwd=settings.BASE_DIR)
    ancienne = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")}
    _configurer(broker_url=REDIS_URL, task_always_eager=False, task_default_queue=file)
    try:
        yield processus
    finally:
        _configurer(**ancienne)
        processus.terminate()
        processus.wait(timeout=30)


def _configurer(**conf):
    """Point this process's Celery app at another broker/queue. Eager tasks run earlier in the
    session already built its producer pool and queue table for the in-process broker: drop them."""
    app.conf.update(conf)
    app.__dict__.pop("amqp", None)
    app._pool = None


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_provincial_report(client, central, travailleur, monkeypatch):
    province()
    monkeypatch.setattr(generation, "SEUIL_ARRIERE_PLAN", 1)
    client.force_login(central)

    reponse = client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026})
    document = DocumentGenere.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == document.get_absolute_url()

    limite = time.monotonic() + 90
    while not document.termine and time.monotonic() < limite:
        assert travailleur.poll() is None, "le travailleur s'est arrêté"
        time.sleep(0.5)
        document.refresh_from_db()
    assert document.statut == DocumentGenere.Statut.PRET, document.erreur or document.statut
    assert "Télécharger le PDF" in client.get(document.get_absolute_url()).content.decode()
    texte, pages, _ = lire_pdf(client.get(reverse("rapports:document_fichier", args=[document.pk])))
    assert "490 000,25 $" in texte and pages == document.pages
