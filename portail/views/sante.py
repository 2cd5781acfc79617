"""Health endpoints. `/sante/` for the load balancer: fast, the database, the task broker and the file
storage each answer, or the page says which does not (503). `/sante/detail/` for monitoring and the
operators (administrators, or the SANTE_JETON token): also the task worker's heartbeat (a ping
through the broker), the SMTP server, the e-mail outbox (backlog and age of its oldest message,
undelivered ones) and the stuck documents. No secret, host or version is shown."""

import datetime
import hmac
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import get_connection
from django.db import connection
from django.db.models import Min, Q
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from post_office.models import STATUS, Email

from noyau.horloge import maintenant
from rapports.models import DocumentGenere


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
    for nom, sonde in VERIFICATIONS.items():
        try:
            sonde()
            etats[nom] = "ok"
        except Exception:  # any failure is the answer itself; the details stay in the logs
            etats[nom] = "en panne"
    ok = all(e == "ok" for e in etats.values())
    return JsonResponse({"etat": "ok" if ok else "en panne", **etats}, status=200 if ok else 503)


def _travailleur():
    if not settings.REDIS_URL:
        return  # tasks run in-process: no worker to ask
    from celery import current_app as app

    if not app.control.ping(timeout=2.0):
        raise RuntimeError("aucun travailleur ne répond")


def _smtp():
    connexion = get_connection(settings.COURRIELS_TRANSPORT, fail_silently=False, timeout=3)
    connexion.open()
    connexion.close()


DETAILS = {"travailleur": _travailleur, "smtp": _smtp}
# The outbox is late when its oldest message waits longer than this (minutes).
RETARD_COURRIELS_MINUTES = 15


def _file_de_courriels():
    attente = Email.objects.filter(status__in=(STATUS.queued, STATUS.requeued))
    plus_ancien = attente.aggregate(m=Min("created"))["m"]
    age = int((maintenant() - plus_ancien).total_seconds() // 60) if plus_ancien else 0
    return {
        "en_attente": attente.count(),
        "plus_ancien_minutes": age,
        "non_distribues": Email.objects.filter(status=STATUS.failed).count(),
    }


def _documents_bloques():
    moment = maintenant()
    attente = moment - datetime.timedelta(seconds=settings.DOCUMENT_DELAI_ATTENTE)
    bloque = moment - datetime.timedelta(seconds=settings.DOCUMENT_DELAI_BLOQUE)
    return DocumentGenere.objects.filter(
        Q(statut=DocumentGenere.Statut.EN_ATTENTE, cree_le__lt=attente)
        | Q(statut=DocumentGenere.Statut.EN_COURS, commence_le__lt=bloque)
    ).count()


def _autorise(request):
    if request.user.is_authenticated and request.user.is_superuser:
        return True
    donne = request.headers.get("X-Sante-Jeton") or request.GET.get("jeton") or ""
    return bool(settings.SANTE_JETON) and hmac.compare_digest(donne.encode(), settings.SANTE_JETON.encode())


@never_cache
def sante_detail(request):
    if not _autorise(request):
        raise Http404
    etats = {}
    for nom, sonde in {**VERIFICATIONS, **DETAILS}.items():
        if nom == "travailleur" and etats["file_de_taches"] != "ok":
            etats[nom] = "en panne"  # no broker, no worker to ask (and no wait on it)
            continue
        try:
            sonde()
            etats[nom] = "ok"
        except Exception:
            etats[nom] = "en panne"
    courriels = _file_de_courriels()
    bloques = _documents_bloques()
    ok = (
        all(e == "ok" for e in etats.values())
        and courriels["plus_ancien_minutes"] < RETARD_COURRIELS_MINUTES
        and not courriels["non_distribues"]
        and not bloques
    )
    corps = {"etat": "ok" if ok else "en panne", **etats, "courriels": courriels, "documents_bloques": bloques}
    return JsonResponse(corps, status=200 if ok else 503)
