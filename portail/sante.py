"""Health endpoint for the load balancer and monitoring: the database, the task broker and the file
storage each answer, or the page says which does not (503). No secret, host or version is shown."""

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _base():
    with connection.cursor() as curseur:
        curseur.execute("SELECT 1")


def _file_de_taches():
    if not settings.REDIS_URL:
        return  # tasks run in-process: nothing to reach
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()


def _stockage():
    nom = default_storage.save(f"sante/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        assert default_storage.open(nom).read() == b"ok"
    finally:
        default_storage.delete(nom)


VERIFICATIONS = {"base_de_donnees": _base, "file_de_taches": _file_de_taches, "stockage": _stockage}


@never_cache
def sante(request):
    etats = {}
    for nom, verifier in VERIFICATIONS.items():
        try:
            verifier()
            etats[nom] = "ok"
        except Exception:  # any failure is the answer itself; the details stay in the logs
            etats[nom] = "en panne"
    ok = all(e == "ok" for e in etats.values())
    return JsonResponse({"etat": "ok" if ok else "en panne", **etats}, status=200 if ok else 503)
