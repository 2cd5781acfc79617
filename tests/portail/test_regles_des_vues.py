"""Every page of the portal says which rule lets a user in (docs/permissions.md): a view without
a rule is one of the few named here, each with why."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import URLResolver, get_resolver

from noyau.permissions import _REGLES, verifier

# Pages that need no rule of the portal, and why.
SANS_REGLE = {
    # The account's own pages (log-in, password, second factor, language): Django's and django-otp's
    # views, for the account itself (the comptes app sits below the rules, which need the roles).
    "login": "connexion",
    "logout": "déconnexion",
    "connexion_admin": "connexion, pour l'administration",
    "password_change": "le compte lui-même",
    "password_change_done": "le compte lui-même",
    "password_reset": "réinitialisation, sans connexion",
    "password_reset_done": "réinitialisation, sans connexion",
    "password_reset_confirm": "réinitialisation : le jeton du lien est la preuve",
    "password_reset_complete": "réinitialisation, sans connexion",
    "securite": "le compte lui-même",
    "double_facteur_verifier": "le compte lui-même",
    "double_facteur_activer": "le compte lui-même",
    "double_facteur_codes": "le compte lui-même",
    "double_facteur_regenerer": "le compte lui-même",
    "double_facteur_desactiver": "le compte lui-même",
    "langue": "préférence du compte",
    "set_language": "langue de l'interface (Django)",
    "favicon": "icône",
    "portail:sante": "surveillance de l'exploitation (rien de personnel)",
    "portail:sante_detail": "surveillance de l'exploitation (rien de personnel)",
    "seances:calendrier": "le flux personnel du compte lui-même",
    "seances:renouveler_calendrier": "le flux personnel du compte lui-même",
    "seances:revoquer_calendrier": "le flux personnel du compte lui-même",
    "seances:flux_calendrier": "le jeton privé de l'adresse est la preuve",
}


def _vues(motifs, espace=None):
    for motif in motifs:
        if isinstance(motif, URLResolver):
            yield from _vues(motif.url_patterns, motif.namespace or espace)
        elif motif.name:
            yield (f"{espace}:{motif.name}" if espace else motif.name), motif.callback


def _regle(vue):
    classe = getattr(vue, "view_class", None)
    return getattr(classe, "regle", None) if classe else getattr(vue, "regle", None)


def vues_du_portail():
    """{url name: view} of the portal's own pages (the Django admin and the API, with its
    tokens and its own rules in each endpoint, aside)."""
    return {
        nom: vue
        for nom, vue in _vues(get_resolver().url_patterns)
        if not nom.startswith(("admin:", "api-v1:")) and not vue.__module__.startswith("django.contrib.admin")
    }


def test_chaque_page_du_portail_declare_sa_regle():
    sans = sorted(nom for nom, vue in vues_du_portail().items() if _regle(vue) is None and nom not in SANS_REGLE)
    assert not sans, f"Pages sans règle : {sans}"
    inconnues = sorted({_regle(v) for v in vues_du_portail().values() if _regle(v)} - set(_REGLES))
    assert not inconnues, f"Règles inconnues : {inconnues}"
    assert not set(SANS_REGLE) - set(vues_du_portail()), "une exemption nomme une page qui n'existe plus"


@pytest.mark.django_db
@pytest.mark.parametrize("regle", ["portail.accueil", "creneaux.annuaire", "donnees.consulter"])
def test_les_pages_publiques_s_ouvrent_sans_connexion(regle):
    assert verifier(regle, AnonymousUser()).ok


@pytest.mark.django_db
@pytest.mark.parametrize("regle", ["api.gerer_jetons", "seances.lister"])
def test_les_pages_d_un_compte_demandent_la_connexion(regle):
    verdict = verifier(regle, AnonymousUser())
    assert not verdict.ok and "Connectez-vous" in verdict.raison
