"""Opening a bilan fills in what the portal knows about the exercice, with its source."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from bilans import actions
from bilans.calculs import calculer
from bilans.models import ValeurIndicateur
from creneaux.models import Mandat, Organisation
from noyau.actions import ActionRefusee
from projets.models import Statut
from tests.bilans.conftest import EXERCICE, comite_executif, mandat
from tests.factories import (
    CollaborationBilanFactory,
    DecisionBilanFactory,
    DepenseFactory,
    OrganisationFactory,
    PartenariatBilanFactory,
    PersonneFactory,
    ProjetFactory,
    ReunionFactory,
)

MTL = ZoneInfo("America/Montreal")


def heure(*args):
    return datetime.datetime(*args, tzinfo=MTL)


def projet(**champs):
    """A project without budget lines (the tests give the expenses they count)."""
    return ProjetFactory(budget=False, **champs)


def valeurs(bilan, code):
    return {v.detail: v for v in ValeurIndicateur.objects.filter(bilan=bilan, indicateur__code=code)}


@pytest.fixture
def donnees(monde):
    """Meetings around both ends of the exercice 2025-2026, members, projects, partnerships."""
    c = monde.creneau
    executif = comite_executif(c, monde.comite)
    presents = PersonneFactory.create_batch(3)
    # Comité de créneau: 31 March 23:30 counts (and 1 April 2025 00:30); 1 April 2026 00:30 is the next exercice.
    ReunionFactory(comite=monde.comite, date=heure(2025, 4, 1, 0, 30)).presents.set(presents)
    ReunionFactory(comite=monde.comite, date=heure(2026, 3, 31, 23, 30)).presents.set(presents[:2])
    ReunionFactory(comite=monde.comite, date=heure(2026, 4, 1, 0, 30)).presents.set(presents)
    ReunionFactory(comite=monde.comite, date=heure(2025, 3, 31, 23, 30))
    # A séance cancelled before it opened was not held: it does not count.
    ReunionFactory(comite=monde.comite, date=heure(2025, 10, 1, 19), statut="annulee")
    ReunionFactory(comite=executif, date=heure(2025, 9, 15, 9))
    ReunionFactory(comite=monde.autre.comites.create(type="creneau", nom="Autre"), date=heure(2025, 9, 15, 9))

    entreprise = OrganisationFactory(type=Organisation.Type.ENTREPRISE)
    mandat(monde.comite, personne=PersonneFactory(organisation=entreprise))
    mandat(monde.comite, personne=PersonneFactory(organisation=entreprise))
    mandat(executif, college=Mandat.College.RECHERCHE, debut=datetime.date(2020, 1, 1), fin=datetime.date(2025, 6, 1))
    mandat(monde.comite, college=Mandat.College.INTERVENANT, debut=datetime.date(2020, 1, 1), fin=datetime.date(2025, 3, 1))

    # Projects: two submitted in the exercice (one on 31 March 23:30), one the next day.
    p1 = projet(creneau=c, soumis_le=heure(2025, 6, 1, 10), statut=Statut.ACCEPTE, montant_accorde=50000)
    p2 = projet(creneau=c, soumis_le=heure(2026, 3, 31, 23, 30), statut=Statut.ACCEPTE, montant_accorde=25000)
    projet(creneau=c, soumis_le=heure(2026, 4, 1, 0, 30))
    p_refuse = projet(creneau=c, soumis_le=heure(2025, 5, 1, 10), statut=Statut.REFUSE_REGIONAL)
    projet(creneau=monde.autre, soumis_le=heure(2025, 6, 1, 10))
    DecisionBilanFactory(projet=p1, horodatage=heure(2025, 11, 1, 10))
    DecisionBilanFactory(projet=p2, horodatage=heure(2026, 4, 2, 10))  # accepted in the next exercice
    DecisionBilanFactory(projet=p_refuse, vers_statut=Statut.REFUSE_REGIONAL, horodatage=heure(2025, 8, 1))
    DepenseFactory(projet=p1, montant=60000)
    DepenseFactory(projet=p1, montant=40000)
    DepenseFactory(projet=p2, montant=80000)

    PartenariatBilanFactory(creneau=c, maturite=2, debut=datetime.date(2024, 1, 1))
    PartenariatBilanFactory(creneau=c, maturite=2)
    PartenariatBilanFactory(creneau=c, maturite=4, debut=datetime.date(2025, 10, 1))
    PartenariatBilanFactory(creneau=c, maturite=4, debut=datetime.date(2026, 5, 1))  # after the exercice
    CollaborationBilanFactory(creneaux=[c, monde.autre])
    CollaborationBilanFactory(creneaux=[c], debut=datetime.date(2019, 1, 1), fin=datetime.date(2024, 12, 31))
    return monde


def test_reunions_du_31_mars_comptent_celles_du_1er_avril_non(donnees):
    bilan = actions.ouvrir(donnees.creneau, par=donnees.coordination, exercice=EXERCICE)
    reunions = valeurs(bilan, "reunions-tenues")
    assert reunions["Comité de créneau Meuble"].valeur_calculee == 2
    assert reunions["Comité exécutif"].valeur_calculee == 1
    assert reunions["Comité de créneau Meuble"].source == (
        "Calculé : 2 réunions de « Comité de créneau Meuble » du 2025-04-01 au 2026-03-31"
    )
    assert valeurs(bilan, "presences-reunions")["Comité de créneau Meuble"].valeur_calculee == 5
    suivant = calculer(donnees.creneau, EXERCICE + 1)
    assert suivant["reunions"][0].valeur == 1  # the meeting of 1 April 2026 00:30


def test_membres_par_college_et_entreprises(donnees):
    bilan = actions.ouvrir(donnees.creneau, par=donnees.coordination, exercice=EXERCICE)
    membres = valeurs(bilan, "membres-comites")
    # The fixture's member + 2 business people; a researcher whose mandat ended in June 2025.
    assert membres["Gens d'affaires"].valeur_calculee == 3
    assert membres["Recherche et formation"].valeur_calculee == 1
    assert membres["Intervenants"].valeur_calculee == 0  # mandat ended before the exercice
    assert valeurs(bilan, "entreprises-mobilisees")[""].valeur_calculee == 1


def test_projets_par_etat_et_montants(donnees):
    bilan = actions.ouvrir(donnees.creneau, par=donnees.coordination, exercice=EXERCICE)
    assert valeurs(bilan, "projets-deposes")[""].valeur_calculee == 3
    assert valeurs(bilan, "projets-acceptes")[""].valeur_calculee == 1
    assert valeurs(bilan, "projets-refuses")[""].valeur_calculee == 1
    assert valeurs(bilan, "aide-fsdce-accordee")[""].valeur_calculee == Decimal("50000")
    assert valeurs(bilan, "investissement-total")[""].valeur_calculee == Decimal("100000")
    suivant = calculer(donnees.creneau, EXERCICE + 1)
    assert suivant["aide_accordee"][0].valeur == Decimal("25000")
    assert suivant["investissement"][0].valeur == Decimal("80000")


def test_partenariats_par_maturite_et_collaborations(donnees):
    bilan = actions.ouvrir(donnees.creneau, par=donnees.coordination, exercice=EXERCICE)
    partenariats = valeurs(bilan, "partenariats-internationaux")
    assert partenariats["Démarrage"].valeur_calculee == 2
    assert partenariats["Consolidé"].valeur_calculee == 1
    assert partenariats["Exploration"].valeur_calculee == 0
    assert valeurs(bilan, "collaborations-intercreneaux")[""].valeur_calculee == 1


def test_indicateurs_manuels_a_saisir_et_actions_du_plan(donnees):
    bilan = actions.ouvrir(donnees.creneau, par=donnees.coordination, exercice=EXERCICE)
    emplois = valeurs(bilan, "emplois")[""]
    assert emplois.valeur_calculee is None and emplois.source == ""
    assert bilan.plan == donnees.plan
    assert [a.action for a in bilan.avancements.all()] == [donnees.action]
    assert bilan.sections.count() == 7
    assert bilan.etapes.get().type == "ouverture"


def test_ouvrir_deux_fois_rend_le_meme_bilan(donnees):
    premier = actions.ouvrir(donnees.creneau, par=donnees.coordination, exercice=EXERCICE)
    assert actions.ouvrir(donnees.creneau, par=donnees.coordination, exercice=EXERCICE) == premier


def test_exercice_futur_refuse(monde):
    with pytest.raises(ActionRefusee, match="pas commencé"):
        actions.ouvrir(monde.creneau, par=monde.coordination, exercice=2099)


def test_calcul_en_nombre_fixe_de_requetes(donnees, django_assert_num_queries):
    with django_assert_num_queries(11):
        calculer(donnees.creneau, EXERCICE)
    for _ in range(10):
        ReunionFactory(comite=donnees.comite, date=heure(2025, 10, 1, 9))
        PartenariatBilanFactory(creneau=donnees.creneau)
        DecisionBilanFactory(projet=projet(creneau=donnees.creneau), horodatage=heure(2025, 12, 1))
    with django_assert_num_queries(11):
        resultats = calculer(donnees.creneau, EXERCICE)
    assert resultats["reunions"][0].valeur == 12


def test_remplacement_exige_une_justification_en_base(monde):
    bilan = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    v = valeurs(bilan, "reunions-tenues")["Comité de créneau Meuble"]
    v.valeur_saisie = 5
    with pytest.raises(IntegrityError), transaction.atomic():
        v.save()
    v.justification = "Deux réunions tenues sans procès-verbal versé au portail."
    v.save()
    v.refresh_from_db()
    assert (v.valeur_calculee, v.valeur_saisie, v.valeur) == (0, 5, 5)


def test_recalcul_garde_les_valeurs_saisies(monde):
    bilan = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    v = valeurs(bilan, "reunions-tenues")["Comité de créneau Meuble"]
    v.valeur_saisie, v.justification = 5, "Réunions hors portail"
    v.save()
    ReunionFactory(comite=monde.comite, date=heure(2025, 10, 1, 9))
    actions.recalculer(bilan, par=monde.coordination)
    v.refresh_from_db()
    assert (v.valeur_calculee, v.valeur_saisie) == (1, 5)
