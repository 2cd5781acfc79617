"""Verbs of the API tokens: make one (its clear text is returned once, only its digest is kept)
and revoke one."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from api.models import PREFIXE, JetonAPI, empreinte
from noyau.actions import ActionRefusee, exiger, verrouiller
from noyau.horloge import maintenant

# At most this many active tokens per account.
MAX_JETONS = 10


def creer_jeton(*, par, nom, connexion):
    """(JetonAPI, clear token). `connexion`: api.rules.EtatConnexion of the request."""
    nom = (nom or "").strip()
    with transaction.atomic():
        exiger("api.creer_jeton", par, connexion)
        if not nom:
            raise ActionRefusee(_("Donnez un nom à ce jeton."), champ="nom")
        if JetonAPI.objects.filter(user=par, revoque_le__isnull=True).count() >= MAX_JETONS:
            raise ActionRefusee(
                _("Vous avez déjà %(n)s jetons actifs : révoquez-en un d'abord.") % {"n": MAX_JETONS}, champ="nom"
            )
        clair = PREFIXE + secrets.token_urlsafe(32)
        jeton = JetonAPI.objects.create(user=par, nom=nom[:100], debut=clair[: len(PREFIXE) + 4], empreinte=empreinte(clair))
    return jeton, clair


def revoquer_jeton(jeton, *, par):
    with transaction.atomic():
        jeton = verrouiller(JetonAPI.objects.all(), jeton)
        exiger("api.revoquer_jeton", par, jeton)
        if jeton.revoque_le is not None:
            raise ActionRefusee(_("Ce jeton est déjà révoqué."))
        jeton.revoque_le = maintenant()
        jeton.save(update_fields=["revoque_le"])
    return jeton
