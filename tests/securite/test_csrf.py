"""A form sent without its CSRF token (session expired, page left open too long) is refused with
the portal's page: what happened, that nothing was saved, what to do — not Django's bare 403."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from projets.models import Commentaire, Statut
from tests.factories import circuit

pytestmark = pytest.mark.django_db

MESSAGE = "Votre session a expiré ou le formulaire est trop ancien : rechargez la page et recommencez. Rien n'a été enregistré."


def test_un_formulaire_sans_jeton_csrf_donne_la_page_du_portail_et_n_enregistre_rien():
    c = circuit()
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    navigateur = Client(enforce_csrf_checks=True)
    navigateur.force_login(c.coordination)
    reponse = navigateur.post(reverse("projets:commenter", args=[projet.pk]), {"texte": "Budget révisé."})
    assert reponse.status_code == 403
    page = reponse.content.decode()
    assert MESSAGE in page.replace("&#x27;", "'")
    assert "<title>Formulaire expiré · Portail ACCORD</title>" in page and 'id="contenu"' in page  # the base layout
    assert reverse("projets:liste") in page  # its navigation, for the signed-in user
    assert not Commentaire.objects.exists()
    # Reloading the page gives a new token: the same form then goes through.
    navigateur.get(projet.get_absolute_url())
    jeton = navigateur.cookies[settings.CSRF_COOKIE_NAME].value
    navigateur.post(reverse("projets:commenter", args=[projet.pk]), {"texte": "Budget révisé.", "csrfmiddlewaretoken": jeton})
    assert Commentaire.objects.get().texte == "Budget révisé."


def test_en_anglais_le_message_est_traduit():
    reponse = Client(enforce_csrf_checks=True, headers={"accept-language": "en"}).post(reverse("login"), {"username": "x"})
    assert reponse.status_code == 403
    assert (
        "Your session has expired or the form is too old: reload the page and try again. Nothing was saved."
        in reponse.content.decode()
    )
