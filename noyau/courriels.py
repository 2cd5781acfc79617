"""E-mails to the next actors, queued (noyau.tasks) only once the transaction that caused them has
committed."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from noyau.tasks import envoyer_courriels

_coupees: ContextVar[bool] = ContextVar("notifications_coupees", default=False)


@contextmanager
def sans_notifications():
    """Within the block, verbs notify nobody (loading demo data replays decisions silently)."""
    jeton = _coupees.set(True)
    try:
        yield
    finally:
        _coupees.reset(jeton)


def notifier_apres_commit(destinataires, sujet, gabarit, contexte):
    """Render `gabarit` (a text template) and e-mail each user in `destinataires` after commit."""
    if _coupees.get():
        return
    adresses = sorted({u.email for u in destinataires if u.email})
    if not adresses:
        return
    corps = render_to_string(gabarit, {**contexte, "portail_url": settings.PORTAIL_URL})
    messages = [(sujet, corps, settings.DEFAULT_FROM_EMAIL, [a]) for a in adresses]
    transaction.on_commit(lambda: envoyer_courriels.delay(messages))
