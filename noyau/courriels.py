"""E-mails to the next actors, queued (noyau.tasks) only once the transaction that caused them has
committed. Each recipient reads them in the language chosen on the portal (the default one if none)."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from noyau.tasks import envoyer_courriels, envoyer_courriels_avec_pieces

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
    messages = []
    for langue, adresses in sorted(adresses_par_langue.items()):
        with translation.override(langue):
            sujet_traduit = str(sujet()) if callable(sujet) else str(sujet)
            corps = render_to_string(gabarit, {**contexte, "portail_url": settings.PORTAIL_URL})
            jointes = [list(p) for p in pieces()] if pieces else None
        messages += [
            (sujet_traduit, corps, settings.DEFAULT_FROM_EMAIL, [a], *([jointes] if pieces else [])) for a in sorted(adresses)
        ]
    if pieces:
        transaction.on_commit(lambda: envoyer_courriels_avec_pieces.delay(messages))
    else:
        transaction.on_commit(lambda: envoyer_courriels.delay(messages))
