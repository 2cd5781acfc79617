"""Helpers of the report tests: users by role, PDF text, and a silent WeasyPrint."""

import io
import logging
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.factories import AffectationMinistereFactory, UserFactory, region


@pytest.fixture(autouse=True)
def weasyprint_silencieux(caplog):
    """No missing image, font or CSS warning from WeasyPrint in any test."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield
    avertissements = [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING]
    assert avertissements == []


def lire_pdf(reponse):
    """(text of all pages with spaces normalised, page count, reader) of a PDF response."""
    assert reponse.status_code == 200, reponse.status_code
    assert reponse["Content-Type"] == "application/pdf"
    contenu = reponse.content if hasattr(reponse, "content") else b"".join(reponse.streaming_content)
    if dossier := os.environ.get("RAPPORTS_PDF"):  # keep the PDFs to look at them (pdftoppm)
        nom = re.sub(r"[^\w-]+", "_", os.environ.get("PYTEST_CURRENT_TEST", "document").split(" ")[0])
        (Path(dossier) / f"{nom}.pdf").write_bytes(contenu)
    lecteur = PdfReader(io.BytesIO(contenu))
    verifier_balisage(lecteur)
    texte = "\n".join(page.extract_text() for page in lecteur.pages)
    return " ".join(texte.replace("\xa0", " ").replace("\u202f", " ").split()), len(lecteur.pages), lecteur


def _elements(noeud):
    """Every element of a PDF structure tree, depth first."""
    noeud = noeud.get_object()
    if not isinstance(noeud, dict):
        return
    yield noeud
    enfants = noeud.get("/K")
    for enfant in enfants if isinstance(enfants, list) else [enfants] if enfants is not None else []:
        yield from _elements(enfant)


def verifier_balisage(lecteur):
    """A tagged PDF (PDF/UA) a screen reader can read: structure tree, language, title shown,
    bookmarks, and a text alternative on every figure. Every PDF the tests read is checked."""
    racine = lecteur.trailer["/Root"]
    assert bool(racine["/MarkInfo"]["/Marked"])
    assert str(racine["/Lang"]).startswith(("fr", "en"))
    assert bool(racine["/ViewerPreferences"]["/DisplayDocTitle"])
    assert (lecteur.metadata.title or "").strip()
    elements = list(_elements(racine["/StructTreeRoot"]))
    types = {str(e.get("/S")) for e in elements}
    assert "/Document" in types and types & {"/H1", "/H2"}, types
    assert lecteur.outline, "no bookmarks"
    assert all(str(e.get("/Alt") or "").strip() for e in elements if e.get("/S") == "/Figure")
    return types


def polices(lecteur):
    """Names of the fonts embedded in the PDF."""
    noms = set()
    for page in lecteur.pages:
        for police in (page.get("/Resources") or {}).get("/Font", {}).values():
            noms.add(str(police.get_object()["/BaseFont"]))
    return noms


@pytest.fixture
def central(db):
    return AffectationMinistereFactory(
        niveau="central", region=None, user=UserFactory(first_name="Claire", last_name="Centrale")
    ).user


@pytest.fixture
def dr_centre(db):
    return AffectationMinistereFactory(region=region("17")).user


@pytest.fixture
def dr_bas_saint_laurent(db):
    return AffectationMinistereFactory(region=region("01")).user
