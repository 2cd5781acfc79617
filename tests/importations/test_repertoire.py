"""People, comités and mandates: mandates are confirmed by the import's author, who must be
entitled to (the central office, or the direction régionale of the comité's region)."""

import datetime
from decimal import Decimal

import pytest

from creneaux.models import Comite, Mandat, Personne
from importations import actions
from importations.models import ElementImporte
from tests.factories import AffectationMinistereFactory, CreneauFactory, OrganisationFactory, PersonneFactory, region
from tests.importations.conftest import empreinte, erreurs, fichier, importer, par_ligne

pytestmark = pytest.mark.django_db


@pytest.fixture
def repertoire(db):
    OrganisationFactory(neq="1171234567", nom="Ébénisterie Côté inc.")
    CreneauFactory(nom="Meuble", region_porteuse=region("17"))
    CreneauFactory(nom="Meuble", region_porteuse=region("04"))
    CreneauFactory(nom="Éolien", region_porteuse=region("11"))


PERSONNES = (
    "prenom;nom;courriel;fonction;organisation\n"
    "Julie;Exemplard;julie.exemplard@exemple.qc.ca;Présidente;1171234567\n"
    "Marc;Fictivier;;Directeur;Ébénisterie Côté inc.\n"
)
COMITES = (
    "nom;type;region;creneau;creneau_region\n"
    "Comité de créneau Meuble Centre-du-Québec;Comité de créneau;;Meuble;17\n"
    "Comité régional ACCORD Centre-du-Québec;Comité régional ACCORD;17;;\n"
    "Comité de créneau Éolien;Comité de créneau;;Éolien;\n"
)
MANDATS = (
    "personne;comite;role;college;debut;fin\n"
    "julie.exemplard@exemple.qc.ca;Comité de créneau Meuble Centre-du-Québec;Président·e;Gens d'affaires;2023-04-01;\n"
    "Marc Fictivier;Comité régional ACCORD Centre-du-Québec;Membre;Intervenants;01/04/2023;31/03/2025\n"
    "Marc Fictivier;Comité de créneau Éolien;Membre;Intervenants;2023-04-01;\n"
)


def test_personnes_comites_et_mandats_s_importent_et_les_mandats_sont_confirmes_par_l_auteur(central, repertoire):
    personnes, _a, _c = importer(PERSONNES, "personnes", central)
    assert personnes.crees == 2
    julie = Personne.objects.get(courriel="julie.exemplard@exemple.qc.ca")
    assert julie.organisation.neq == "1171234567"
    # People have no history of their own: the import lists what it created.
    assert ElementImporte.objects.filter(importation=personnes, id_objet=julie.pk, action="cree").exists()

    comites, _a, _c = importer(COMITES, "comites", central)
    assert comites.crees == 3
    meuble = Comite.objects.get(nom="Comité de créneau Meuble Centre-du-Québec")
    assert (meuble.type, meuble.creneau.region_porteuse.code) == ("creneau", "17")
    assert meuble.history.first().history_change_reason == f"Importé de fichier.csv (importation {comites.pk})"

    mandats, _a, _c = importer(MANDATS, "mandats", central)
    assert mandats.crees == 3
    presidence = Mandat.objects.get(personne=julie)
    assert presidence.role == Mandat.Role.PRESIDENT and presidence.confirme_par == central and presidence.confirme_le
    assert Mandat.objects.get(comite__type="regional").fin == datetime.date(2025, 3, 31)

    avant = empreinte()
    for contenu, type_ in ((PERSONNES, "personnes"), (COMITES, "comites"), (MANDATS, "mandats")):
        encore, _a, _c = importer(contenu, type_, central)
        assert (encore.crees, encore.modifies, encore.invalides) == (0, 0, 0)
    assert empreinte() == avant


def test_une_direction_regionale_n_importe_que_les_comites_et_mandats_de_sa_region(central, repertoire):
    importer(PERSONNES, "personnes", central)
    importer(COMITES.replace("Comité de créneau Éolien;Comité de créneau;;Éolien;\n", ""), "comites", central)
    dr_centre = AffectationMinistereFactory(region=region("17")).user

    _i, apercu = actions.deposer(fichier(COMITES), "comites", par=dr_centre)
    assert erreurs(par_ligne(apercu)[4])["creneau"] == [
        "Seuls le bureau central et la direction régionale de cette région importent cette ligne."
    ]

    importer(COMITES, "comites", central)
    importation, apercu, _c = importer(MANDATS, "mandats", dr_centre, ignorer_invalides=True)
    assert erreurs(par_ligne(apercu)[4])["comite"] == [
        "Seule la direction régionale du Ministère confirme les mandats des comités de sa région."
    ]
    assert (importation.crees, importation.invalides) == (2, 1)
    assert not Mandat.objects.filter(comite__nom="Comité de créneau Éolien").exists()
    assert Mandat.objects.filter(confirme_par=dr_centre).count() == 2


def test_un_mandat_ne_se_confirme_pas_par_la_personne_qui_le_recoit(central, repertoire):
    importer(PERSONNES, "personnes", central)
    importer(COMITES, "comites", central)
    Personne.objects.filter(courriel="julie.exemplard@exemple.qc.ca").update(user=central)
    _i, apercu = actions.deposer(fichier(MANDATS), "mandats", par=central)
    assert erreurs(par_ligne(apercu)[2])["personne"] == ["Un mandat ne se confirme pas par la personne qui le reçoit."]


def test_deux_homonymes_demandent_leur_courriel(central, repertoire):
    PersonneFactory(prenom="Marc", nom="Fictivier")
    PersonneFactory(prenom="Marc", nom="Fictivier")
    importer(COMITES, "comites", central)
    _i, apercu = actions.deposer(fichier(MANDATS), "mandats", par=central)
    assert erreurs(par_ligne(apercu)[3])["personne"] == [
        "Plusieurs personnes répondent à « Marc Fictivier » : donnez son courriel."
    ]


def test_versements_historiques_jamais_au_dela_du_montant_accorde(central, repertoire):
    projets = (
        "numero;titre;creneau;creneau_region;programme;statut;date_decision;montant_accorde\n"
        "FSDCE-2019-17-001;Vitrine;Meuble;17;FSDCE;En réalisation;2019-06-20;10 000,00 $\n"
    )
    importer(projets, "projets", central)
    versements = (
        "projet;date;montant;note\n"
        "FSDCE-2019-17-001;2019-09-15;6 000,00 $;Premier versement\n"
        "FSDCE-2019-17-001;2020-03-15;4000;Solde\n"
        "FSDCE-2019-17-001;2020-04-15;0,01;De trop\n"
    )
    importation, apercu, _c = importer(versements, "versements", central, ignorer_invalides=True)
    assert erreurs(par_ligne(apercu)[4])["montant"] == [
        "Avec ce versement, le total versé (10\xa0000,01\xa0$) dépasserait le montant accordé (10\xa0000,00\xa0$)."
    ]
    assert (importation.crees, importation.invalides) == (2, 1)
    from projets.models import Versement

    assert sum(v.montant for v in Versement.objects.all()) == Decimal("10000.00")
    encore, _a, _c = importer(versements, "versements", central, ignorer_invalides=True)
    assert (encore.crees, encore.inchanges, encore.invalides) == (0, 2, 1)
