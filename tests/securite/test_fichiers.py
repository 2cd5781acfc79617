"""Point 5: one content check for every upload; the stored name's extension is the detected type's."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from creneaux.models import Reunion
from noyau.actions import ActionRefusee
from noyau.fichiers import verifier_fichier
from projets.models import PieceJointe
from seances import actions as seances
from tests.factories import circuit, seance_prete

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML_PNG = PNG + b"<html><script>alert(1)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def _docx():
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return tampon.getvalue()


@pytest.mark.parametrize(
    ("nom", "contenu", "attendu"),
    [
        ("photo.html", HTML_PNG, "photo.png"),
        ("rapport.pdf.html", b"%PDF-1.7 ...", "rapport_pdf.pdf"),
        ("../../etc/lettre.docx", _docx(), "lettre.docx"),
        ("sans-nom", PNG, "sans-nom.png"),
    ],
)
def test_le_nom_prend_l_extension_du_type_detecte(nom, contenu, attendu):
    fichier = SimpleUploadedFile(nom, contenu, content_type="text/html")
    verifier_fichier(fichier)
    assert fichier.name == attendu


@pytest.mark.parametrize("contenu", [SVG, HTML, b"MZ\x90\x00executable", b"", b"texte simple", b"PK\x03\x04pas un zip"])
def test_svg_html_et_inconnus_refuses(contenu):
    with pytest.raises(ValidationError) as e:
        verifier_fichier(SimpleUploadedFile("image.png", contenu, content_type="image/png"))
    assert "n'est pas accepté" in e.value.messages[0]


def test_limite_de_taille(settings):
    settings.PIECE_JOINTE_TAILLE_MAX = 100
    with pytest.raises(ValidationError) as e:
        verifier_fichier(SimpleUploadedFile("gros.pdf", b"%PDF-1.4" + b"0" * 200))
    assert "la limite est de" in e.value.messages[0]


@pytest.mark.django_db
def test_le_proces_verbal_signe_passe_par_le_meme_controle():
    s = seance_prete(statut=Reunion.Statut.PV_APPROUVE)
    for nom, contenu in [("pv.html", HTML), ("pv.svg", SVG)]:
        with pytest.raises(ActionRefusee) as refus:
            seances.deposer_pv_signe(
                s.seance, par=s.secretaire, fichier=SimpleUploadedFile(nom, contenu, content_type="text/html")
            )
        assert "fichier" in refus.value.erreurs
    s.seance.refresh_from_db()
    assert not s.seance.proces_verbal
    fichier = SimpleUploadedFile("pv.html", HTML_PNG, content_type="text/html")
    seances.deposer_pv_signe(s.seance, par=s.secretaire, fichier=fichier)
    s.seance.refresh_from_db()
    assert s.seance.proces_verbal.name.endswith("/pv.png")


@pytest.mark.django_db
def test_la_piece_jointe_garde_le_nom_du_type_detecte(client):
    c = circuit()
    projet = c.projet()
    client.force_login(c.coordination)
    url = reverse("projets:ajouter_piece", args=[projet.pk])
    client.post(url, {"fichier": SimpleUploadedFile("page.html", HTML_PNG, content_type="text/html")})
    piece = PieceJointe.objects.get(projet=projet)
    assert piece.fichier.name.endswith("/page.png") and piece.nom == "page.png" and piece.type_mime == "image/png"
    client.post(url, {"fichier": SimpleUploadedFile("dessin.svg", SVG, content_type="image/svg+xml")})
    assert PieceJointe.objects.filter(projet=projet).count() == 1
