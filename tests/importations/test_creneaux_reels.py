"""The real list of créneaux (creneaux/donnees/creneaux.csv, copied from the public sources)
imports as it is kept, twice with the same result, and shows on the public directory."""

import pytest
from django.urls import reverse

from creneaux.models import Creneau, Organisation
from importations.models import ElementImporte, Importation
from tests.importations.conftest import RACINE, empreinte, erreurs, importer

LISTE = RACINE / "creneaux" / "donnees" / "creneaux.csv"

pytestmark = pytest.mark.django_db


def test_la_liste_reelle_des_creneaux_s_importe_deux_fois_avec_le_meme_resultat(central, client):
    contenu = LISTE.read_bytes()
    lignes = contenu.decode("utf-8").strip().splitlines()[1:]

    premiere, apercu, _ = importer(contenu, "creneaux", central, nom="creneaux.csv", ignorer_invalides=True)

    # Technologies propres (CETP): the source gives no region porteuse, the row says so.
    invalides = apercu.lignes_invalides
    assert [(ligne.numero, erreurs(ligne)) for ligne in invalides] == [
        (39, {"": [], "region_porteuse": ["Donnez la région porteuse du créneau (code de 01 à 17 ou nom)."]})
    ]
    assert (premiere.crees, premiere.modifies, premiere.inchanges, premiere.invalides) == (len(lignes) - 1, 0, 0, 1)
    assert Creneau.objects.count() == len(lignes) - 1
    # Managing organisations not yet in the register are created once (AMETVS manages two).
    assert Organisation.objects.filter(nom="AMETVS").count() == 1

    rstm = Creneau.objects.get(sigle="RSTM")
    assert rstm.region_porteuse.code == "01"
    assert sorted(rstm.autres_regions.values_list("code", flat=True)) == ["09", "11"]
    assert rstm.statut == Creneau.Statut.RECONNU
    assert rstm.organisme_gestionnaire.nom == "Technopole maritime du Québec"
    assert rstm.history.first().history_change_reason == f"Importé de creneaux.csv (importation {premiere.pk})"
    assert ElementImporte.objects.filter(importation=premiere, id_objet=rstm.pk, action="cree").exists()
    # Three créneaux named Meuble: one per region porteuse.
    assert sorted(Creneau.objects.filter(nom="Meuble").values_list("region_porteuse__code", flat=True)) == ["04", "17"]

    avant = empreinte()
    seconde, apercu2, _ = importer(contenu, "creneaux", central, nom="creneaux.csv", ignorer_invalides=True)
    assert (seconde.crees, seconde.modifies, seconde.inchanges, seconde.invalides) == (0, 0, len(lignes) - 1, 1)
    assert empreinte() == avant
    assert Importation.objects.filter(statut="confirmee").count() == 2

    # The public directory shows them with their regions and stage.
    pages = ""
    for numero in (1, 2):
        reponse = client.get(reverse("creneaux:annuaire"), {"page": numero})
        assert reponse.status_code == 200
        pages += reponse.content.decode().replace("&#x27;", "'")
    for creneau in Creneau.objects.select_related("region_porteuse"):
        assert creneau.nom in pages and creneau.region_porteuse.nom in pages
    fiche = client.get(rstm.get_absolute_url()).content.decode()
    for nom in ("Bas-Saint-Laurent", "Côte-Nord", "Gaspésie–Îles-de-la-Madeleine", "Reconnu"):
        assert nom in fiche
