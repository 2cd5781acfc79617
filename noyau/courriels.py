"""E-mails to the next actors, through a transactional outbox.

A verb's e-mails are written as rows (django-post-office's `Email`, one per recipient) in the
same transaction as its decision: they exist if and only if the decision does. After the commit
they are handed to the task queue (`noyau.tasks.distribuer_courriels`); if the broker is down
then, nothing fails: the periodic sweep (`noyau.tasks.balayer_courriels`, Celery beat) hands
over whatever is still waiting. Delivery (`distribuer`) locks each row, sends it once, and on
failure schedules it again with a growing delay for COURRIELS_RELANCE_DUREE seconds; what stays
undelivered is shown to administrators (admin › Post Office › Emails, action « Renvoyer »).

Each recipient reads them in the language chosen on the portal (the default one if none)."""

import datetime
import logging
from contextlib import contextmanager, suppress
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.mail import get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from post_office.models import STATUS, Attachment, Email, Log
from post_office.signals import email_queued

from noyau.horloge import maintenant

logger = logging.getLogger(__name__)

_coupees: ContextVar[bool] = ContextVar("notifications_coupees", default=False)

# The user's chosen language (comptes.Preferences, reached by name: noyau imports no upper layer).
CHAMP_LANGUE = "preferences__langue"


@contextmanager
def sans_notifications():
    """Within the block, verbs notify nobody (loading demo data replays decisions silently)."""
    jeton = _coupees.set(True)
    try:
        yield
    finally:
        _coupees.reset(jeton)


def notifications_actives():
    """False within `sans_notifications()` (a silent replay: nothing is sent, nothing prepared for it)."""
    return not _coupees.get()


def langues_des(users) -> dict:
    """{user pk: language} for `users`, in one query; the portal's default for who never chose."""
    langues = dict(settings.LANGUAGES)
    choisies = get_user_model().objects.filter(pk__in={u.pk for u in users}).values_list("pk", CHAMP_LANGUE)
    return {pk: (langue if langue in langues else settings.LANGUAGE_CODE) for pk, langue in choisies}


def notifier_apres_commit(destinataires, sujet, gabarit, contexte, pieces=None):
    """Render `gabarit` (a text template) and e-mail each user in `destinataires` after commit.

    The message is rendered once per language of its recipients. `sujet` is a string, a lazy
    translation, or a callable returning the subject (called in each language, so the subject is
    translated too: `lambda: _("… %(x)s") % {...}`); a plain string is sent as it is.
    `pieces`: a callable returning the attachments [(file name, text, MIME type)], called in each
    language like the subject (e.g. a calendar invitation).
    """
    if _coupees.get():
        return
    avec_adresse = [u for u in destinataires if u.email]
    if not avec_adresse:
        return
    langues = langues_des(avec_adresse)
    langue_par_adresse = {}
    for u in sorted(avec_adresse, key=lambda u: u.pk or 0):
        langue_par_adresse.setdefault(u.email, langues.get(u.pk, settings.LANGUAGE_CODE))
    adresses_par_langue: dict[str, set] = {}
    for adresse, langue in langue_par_adresse.items():
        adresses_par_langue.setdefault(langue, set()).add(adresse)
    messages, jointes = [], []
    for langue, adresses in sorted(adresses_par_langue.items()):
        with translation.override(langue):
            sujet_traduit = str(sujet()) if callable(sujet) else str(sujet)
            corps = render_to_string(gabarit, {**contexte, "portail_url": settings.PORTAIL_URL})
            pieces_de_la_langue = list(pieces()) if pieces else []
        lot = [
            Email(from_email=settings.DEFAULT_FROM_EMAIL, to=[a], subject=sujet_traduit, message=corps, status=STATUS.queued)
            for a in sorted(adresses)
        ]
        messages += lot
        if pieces_de_la_langue:
            jointes.append((lot, pieces_de_la_langue))
    ecrire(messages, jointes)


def ecrire(messages, jointes=()):
    """Write `messages` (unsaved `Email`s) to the outbox, in the caller's transaction, and have
    them handed to the queue once it commits. `jointes`: [(some of `messages`, their attachments
    [(file name, text, MIME type)])]; a MIME type may carry parameters (« text/calendar;
    method=REQUEST »), which Django's attach() keeps in the part's Content-Type."""
    messages = Email.objects.bulk_create(messages)
    for lot, pieces in jointes:
        for nom, contenu, type_mime in pieces:
            piece = Attachment(name=nom, mimetype=type_mime)
            piece.file.save(nom, ContentFile(contenu.encode() if isinstance(contenu, str) else contenu), save=True)
            piece.emails.add(*lot)
    email_queued.send(sender=Email, emails=messages)


def _remettre_apres_commit(sender, emails, **kwargs):
    """Every message queued in the outbox (ours, or Django's own mail such as the password reset
    through post_office's EmailBackend) is handed to the task queue after the commit."""
    pks = [e.pk for e in emails if e.pk]
    if pks:
        transaction.on_commit(lambda: remettre(pks))


email_queued.connect(_remettre_apres_commit, dispatch_uid="noyau.courriels")


def remettre(pks):
    """Hand the delivery of `pks` to the task queue. A broker that is down is not an error for the
    person whose decision was saved: the rows wait, and the periodic sweep hands them over."""
    from noyau.tasks import distribuer_courriels

    try:
        distribuer_courriels.delay(list(pks))
    except Exception:  # broker down or frozen: the sweep will do it
        logger.warning("File de tâches injoignable : %s courriel(s) laissé(s) au balayage", len(pks))


def delai_relance(essais):
    """Delay before attempt `essais` + 1: the first delay, doubled at each failure, up to the max."""
    premiere, plafond = settings.COURRIELS_RELANCE_PREMIERE, settings.COURRIELS_RELANCE_MAX
    return datetime.timedelta(seconds=min(plafond, premiere * 2 ** max(essais - 1, 0)))


def a_distribuer(pks=None):
    """The messages waiting whose time has come (all of them, or among `pks`)."""
    messages = Email.objects.filter(status__in=(STATUS.queued, STATUS.requeued))
    if pks is not None:
        messages = messages.filter(pk__in=pks)
    return messages.exclude(scheduled_time__gt=maintenant()).order_by("created")


def distribuer(pks=None, limite=500):
    """Send each waiting message once. Each row is locked while it is sent (SELECT … FOR UPDATE
    SKIP LOCKED): two workers or sweeps running at once never send the same message twice, and
    a message already sent is skipped. Returns (sent, failed) counts."""
    envoyes = echoues = 0
    connexion = None
    try:
        for pk in list(a_distribuer(pks).values_list("pk", flat=True)[:limite]):
            with transaction.atomic():
                message = (
                    Email.objects.select_for_update(skip_locked=True)
                    .filter(pk=pk, status__in=(STATUS.queued, STATUS.requeued))
                    .first()
                )
                if message is None:
                    continue  # sent meanwhile, or being sent by another worker
                if connexion is None:
                    connexion = get_connection(settings.POST_OFFICE["BACKENDS"]["default"], fail_silently=False)
                try:
                    connexion.send_messages([message.email_message()])
                except Exception as e:
                    echoues += 1
                    _echec(message, e)
                    with suppress(Exception):
                        connexion.close()
                    connexion = None  # a fresh connection for the next one
                else:
                    envoyes += 1
                    message.status = STATUS.sent
                    message.save(update_fields=["status", "last_updated"])
    finally:
        if connexion is not None:
            with suppress(Exception):
                connexion.close()
    return envoyes, echoues


def _echec(message, erreur):
    """Schedule `message` again after a growing delay, or, past COURRIELS_RELANCE_DUREE, mark it
    failed (the administrators see it and can send it again)."""
    message.number_of_retries = (message.number_of_retries or 0) + 1
    prochain = maintenant() + delai_relance(message.number_of_retries)
    if prochain - message.created > datetime.timedelta(seconds=settings.COURRIELS_RELANCE_DUREE):
        message.status = STATUS.failed
        logger.error("Courriel %s non distribué après %s essais : %s", message.pk, message.number_of_retries, erreur)
    else:
        message.status = STATUS.requeued
        logger.warning(
            "Courriel %s non distribué (essai %s), prochain essai à %s : %s",
            message.pk,
            message.number_of_retries,
            prochain,
            erreur,
        )
    message.scheduled_time = prochain if message.status == STATUS.requeued else None
    message.save(update_fields=["status", "scheduled_time", "number_of_retries", "last_updated"])
    Log.objects.create(email=message, status=STATUS.failed, message=str(erreur)[:1000], exception_type=type(erreur).__name__)


def renvoyer(messages):
    """An administrator's « Renvoyer »: put `messages` back in the outbox, delivered at once."""
    pks = list(messages.values_list("pk", flat=True))
    Email.objects.filter(pk__in=pks).update(status=STATUS.queued, scheduled_time=None, number_of_retries=0, created=maintenant())
    transaction.on_commit(lambda: remettre(pks))
    return len(pks)
