"""What every page costs the browser: an icon found (no 404), a description for the public pages,
and text answers compressed where it is safe."""

import gzip

import pytest
from django.urls import reverse

from tests.factories import CreneauFactory, region

pytestmark = pytest.mark.django_db


def test_l_icone_du_portail_est_trouvee(client):
    page = client.get(reverse("creneaux:annuaire")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    # Browsers still ask for /favicon.ico: it leads to the same icon.
    reponse = client.get("/favicon.ico")
    assert reponse.status_code == 302 and reponse.url == "/static/favicon.svg"
    icone = client.get(reponse.url)
    assert icone.status_code == 200 and icone["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(icone.streaming_content)


def test_les_pages_publiques_se_decrivent(client):
    sans_vision = CreneauFactory(nom="Meuble", vision="", region_porteuse=region("17"))
    avec_vision = CreneauFactory(nom="Aluminium", vision="Devenir la référence nord-américaine de l'aluminium.")
    descriptions = {
        reverse("portail:accueil"): "Le portail des créneaux d’excellence du Québec",
        reverse("creneaux:annuaire"): "L’annuaire des créneaux d’excellence du Québec",
        reverse("donnees:accueil"): "Les données ouvertes du portail ACCORD",
        sans_vision.get_absolute_url(): "Meuble, créneau d’excellence de la région Centre-du-Québec",
        avec_vision.get_absolute_url(): "Devenir la référence nord-américaine de l&#x27;aluminium.",
    }
    for url, debut in descriptions.items():
        page = client.get(url).content.decode()
        assert f'<meta name="description" content="{debut}' in page, url
        assert page.count('<meta name="description"') == 1


def test_le_html_est_compresse_pour_qui_l_accepte(client):
    CreneauFactory(nom="Meuble")
    url = reverse("creneaux:annuaire")
    reponse = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert reponse["Content-Encoding"] == "gzip" and "Accept-Encoding" in reponse["Vary"]
    assert "Meuble" in gzip.decompress(reponse.content).decode()
    # Padded with random bytes (a gzip « file name » of random length) against BREACH.
    assert reponse.content[3] & gzip.FNAME
    assert not client.get(url).has_header("Content-Encoding")


def test_les_pages_du_compte_ne_sont_jamais_compressees(client):
    """The log-in and second-factor pages carry secrets (a TOTP key, recovery codes, tokens)."""
    reponse = client.get(reverse("login"), headers={"accept-encoding": "gzip"})
    assert reponse.status_code == 200 and not reponse.has_header("Content-Encoding")
    assert "<form" in reponse.content.decode()


def test_la_page_des_jetons_d_api_n_est_jamais_compressee(client):
    """It shows a new personal token once, in clear."""
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    reponse = client.get(reverse("api_jetons"), headers={"accept-encoding": "gzip"})
    assert reponse.status_code == 200 and not reponse.has_header("Content-Encoding")
    # The same user's other pages are compressed: the exemption is the token page's alone.
    assert client.get(reverse("creneaux:annuaire"), headers={"accept-encoding": "gzip"})["Content-Encoding"] == "gzip"
