"""Point 5: WeasyPrint loads only the portal's own static files."""

import logging

import pytest
from django.template import engines

from rapports import pdf
from rapports.pdf import RecuperateurStatique, racines_statiques


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/secret",
        "https://exemple.test/image.png",
        "ftp://exemple.test/x",
        "file:///work/main/accord/settings.py",
        racines_statiques()[0].as_uri() + "/../accord/settings.py",
        racines_statiques()[0].as_uri() + "/%2e%2e/%2e%2e/etc/passwd",
    ],
)
def test_le_recuperateur_refuse_ce_qui_n_est_pas_un_fichier_statique(url):
    with pytest.raises(ValueError):
        RecuperateurStatique().fetch(url)


def test_le_recuperateur_sert_les_fichiers_statiques_du_portail():
    reponse = RecuperateurStatique().fetch(racines_statiques()[0].as_uri() + "/css/accord.css")
    assert b".htmx-indicator" in reponse.read()
    reponse.close()


def test_un_gabarit_qui_pointe_ailleurs_ne_charge_rien(monkeypatch, caplog, tmp_path):
    """A template that would load /etc/passwd or an http URL (user text is escaped anyway): the
    fetcher is asked and refuses, WeasyPrint logs the refusal and renders the rest."""
    demandes = []
    original = RecuperateurStatique.fetch

    def espion(self, url, headers=None):
        demandes.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(RecuperateurStatique, "fetch", espion)
    gabarit = engines["django"].from_string(
        '<p>{{ description }}</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
        '<link rel="stylesheet" href="file:///etc/passwd"><img src="css/accord.css">'
    )
    monkeypatch.setattr(pdf, "render_to_string", lambda nom, contexte: gabarit.render(contexte))
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        contenu = pdf.rendre_pdf("x", {"description": '<img src="file:///etc/passwd">'})
    assert contenu.startswith(b"%PDF")
    assert "file:///etc/passwd" in demandes and "http://127.0.0.1:9/x.png" in demandes
    assert any("refusé" in r.getMessage() for r in caplog.records)
    assert b"root:x:0:0" not in contenu
