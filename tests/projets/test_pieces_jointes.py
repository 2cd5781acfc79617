"""Attachments: accepted by their content, size-capped, stored under MEDIA_ROOT and served only to
those who may see the project."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from projets.models import PieceJointe, Statut
from tests.factories import UserFactory, circuit

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def png():
    sortie = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(sortie, "PNG")
    return sortie.getvalue()


def jpeg():
    sortie = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(sortie, "JPEG")
    return sortie.getvalue()


def office(dossier):
    """A minimal DOCX (`word/`) or XLSX (`xl/`) zip container."""
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(f"{dossier}document.xml", "<document/>")
    return sortie.getvalue()


@pytest.fixture
def projet(c):
    return c.projet()


def _deposer(client, projet, nom, contenu):
    return client.post(reverse("projets:ajouter_piece", args=[projet.pk]), {"fichier": SimpleUploadedFile(nom, contenu)})


@pytest.mark.parametrize(
    ("nom", "contenu", "mime"),
    [
        ("budget.pdf", PDF, "application/pdf"),
        ("logo.png", png(), "image/png"),
        ("photo.jpg", jpeg(), "image/jpeg"),
        ("lettre.docx", office("word/"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("budget.xlsx", office("xl/"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_les_formats_permis_sont_acceptes_et_ranges_hors_static(client, c, projet, nom, contenu, mime):
    client.force_login(c.coordination)
    reponse = _deposer(client, projet, nom, contenu)
    assert reponse.status_code == 302
    piece = PieceJointe.objects.get(projet=projet)
    assert (piece.nom, piece.type_mime, piece.taille, piece.ajoute_par) == (nom, mime, len(contenu), c.coordination)
    chemin = Path(piece.fichier.path)
    assert chemin.is_relative_to(Path(settings.MEDIA_ROOT)) and "static" not in chemin.parts


@pytest.mark.parametrize(
    ("nom", "contenu"),
    [
        ("faux.pdf", b"Ceci n'est qu'un texte renomme en PDF.\n" * 20),
        ("archive.docx", office("autre/")),
        ("image.png", b"GIF89a" + b"\x00" * 64),
    ],
    ids=["texte-renomme-pdf", "zip-sans-word", "gif-renomme-png"],
)
def test_un_contenu_non_permis_est_refuse_avec_un_message(client, c, projet, nom, contenu):
    client.force_login(c.coordination)
    reponse = _deposer(client, projet, nom, contenu)
    assert reponse.status_code == 200
    assert "seuls les formats PDF, DOCX, XLSX, PNG, JPEG sont permis" in reponse.context["form_piece"].errors["fichier"][0]
    assert not PieceJointe.objects.exists()


def test_un_fichier_trop_gros_est_refuse(client, c, projet, settings):
    settings.PIECE_JOINTE_TAILLE_MAX = 1024
    client.force_login(c.coordination)
    reponse = _deposer(client, projet, "gros.pdf", PDF + b"0" * 1024)
    assert "la limite est de" in reponse.context["form_piece"].errors["fichier"][0]
    assert not PieceJointe.objects.exists()


def test_seule_la_coordination_depose_en_preparation(client, c, projet):
    client.force_login(c.dr)
    assert _deposer(client, projet, "budget.pdf", PDF).status_code == 403
    soumis = c.projet(statut=Statut.COMITE_CRENEAU)
    client.force_login(c.coordination)
    assert _deposer(client, soumis, "budget.pdf", PDF).status_code == 403
    assert not PieceJointe.objects.exists()


@pytest.fixture
def piece(client, c, projet):
    client.force_login(c.coordination)
    _deposer(client, projet, "budget détaillé.pdf", PDF)
    client.logout()
    return PieceJointe.objects.get()


def test_le_telechargement_passe_par_la_permission(client, c, piece):
    url = reverse("projets:piece", args=[piece.pk])
    for autorise in (c.coordination, c.dr, c.central):
        client.force_login(autorise)
        reponse = client.get(url)
        assert reponse.status_code == 200
        assert reponse["Content-Disposition"].startswith("attachment;")
        assert b"".join(reponse.streaming_content) == PDF


def test_le_telechargement_est_refuse_ailleurs(client, c, piece):
    url = reverse("projets:piece", args=[piece.pk])
    assert client.get(url).url.startswith(reverse("login"))
    autre_creneau_meme_region = circuit("17", voisin=c)
    autre_region = circuit("05")
    # The draft is not before any comité yet: its members don't see it either.
    for refuse in (autre_creneau_meme_region.coordination, autre_region.dr, c.secretaire, c.president_regional, UserFactory()):
        client.force_login(refuse)
        assert client.get(url).status_code == 403
    assert not str(settings.MEDIA_URL).startswith("/static")
