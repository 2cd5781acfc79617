"""The portal's signing certificate in tests (a self-signed one, made once per run) and poppler's
`pdfsig` to check a signed PDF as any reader would."""

import functools
import subprocess
import tempfile
from pathlib import Path

import pytest

from noyau.signature import certificat_autosigne

MOT_DE_PASSE = "essai-signature"
NOM = "Portail ACCORD (essais)"


@functools.cache
def fichier_certificat():
    """A self-signed certificate for this test process (made once: a key takes a while)."""
    chemin = Path(tempfile.mkdtemp(prefix="accord-signature-")) / "portail.p12"
    return certificat_autosigne(chemin, nom=NOM, mot_de_passe=MOT_DE_PASSE)


@pytest.fixture
def certificat(settings):
    """The portal signs its final documents with a self-signed certificate."""
    settings.SIGNATURE_CERTIFICAT = str(fichier_certificat())
    settings.SIGNATURE_MOT_DE_PASSE = MOT_DE_PASSE
    return settings.SIGNATURE_CERTIFICAT


def pdfsig(contenu: bytes) -> str:
    """What poppler's pdfsig says of a PDF's signatures."""
    with tempfile.TemporaryDirectory() as dossier:
        chemin = Path(dossier) / "document.pdf"
        chemin.write_bytes(contenu)
        resultat = subprocess.run(["pdfsig", str(chemin)], capture_output=True, text=True, timeout=60)
    return resultat.stdout + resultat.stderr


def assert_signe(contenu: bytes):
    """Signed by the portal, over the whole document, and the signature valid (the self-signed
    certificate itself is not trusted: pdfsig says so, which is expected)."""
    sortie = pdfsig(contenu)
    assert "Signature Validation: Signature is Valid." in sortie, sortie
    assert "Total document signed" in sortie, sortie
    assert NOM in sortie, sortie
    # One byte changed inside the first stream of the document: the signature no longer holds.
    i = contenu.index(b"stream\n") + 20
    altere = contenu[:i] + bytes([contenu[i] ^ 0x01]) + contenu[i + 1 :]
    sortie_alteree = pdfsig(altere)
    assert "Signature Validation: Digest Mismatch." in sortie_alteree, sortie_alteree[-500:]
    assert "Signature is Valid." not in sortie_alteree
    return sortie
