"""Helpers of the import tests: the Ministère's users, a file to upload, a fingerprint of the
domain's tables (to prove an import or a preview changed nothing)."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers import serialize

from comptes.models import AffectationMinistere
from creneaux.models import Comite, Creneau, Mandat, Organisation, Personne
from importations import actions
from projets.models import Decision, Projet, Versement
from tests.factories import AffectationMinistereFactory, region

RACINE = Path(__file__).resolve().parents[2]
DONNEES = Path(__file__).resolve().parent / "donnees"


@pytest.fixture
def central(db):
    return AffectationMinistereFactory(niveau=AffectationMinistere.Niveau.CENTRAL, region=None).user


@pytest.fixture
def dr_centre(db):
    return AffectationMinistereFactory(region=region("17")).user


def fichier(contenu, nom="fichier.csv"):
    if isinstance(contenu, str):
        contenu = contenu.encode("utf-8")
    return SimpleUploadedFile(nom, contenu)


def importer(contenu, type_, par, nom="fichier.csv", ignorer_invalides=False):
    """Upload, preview and confirm: (Importation, preview at upload, preview at confirmation)."""
    importation, apercu = actions.deposer(fichier(contenu, nom), type_, par=par)
    importation, confirme = actions.confirmer(importation, par=par, ignorer_invalides=ignorer_invalides)
    return importation, apercu, confirme


MODELES = (Organisation, Personne, Creneau, Comite, Mandat, Projet, Decision, Versement)


def empreinte():
    """A fingerprint of every domain table an import may write (rows and their history)."""
    h = hashlib.sha256()
    for modele in MODELES:
        h.update(serialize("json", modele.objects.order_by("pk")).encode())
        if hasattr(modele, "history"):
            h.update(str(modele.history.count()).encode())
    return h.hexdigest()


def par_ligne(apercu):
    return {ligne.numero: ligne for ligne in apercu.lignes}


def erreurs(ligne):
    """Every message of a row, by column ('' for the row as a whole)."""
    out = {"": list(ligne.erreurs)}
    for c in ligne.cellules:
        if c.erreurs:
            out[c.colonne] = c.erreurs
    return out
