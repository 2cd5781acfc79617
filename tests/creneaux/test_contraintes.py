"""The database itself refuses what breaks ACCORD's invariants (not only the forms)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from creneaux.models import Comite, Creneau, Entente, Mandat, Organisation
from tests.factories import (
    ComiteFactory,
    ComiteRegionalFactory,
    CoordinationFactory,
    CreneauFactory,
    EntenteFactory,
    MandatFactory,
    OrganisationFactory,
    region,
    reglement_de,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def refuse(fabrique, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        fabrique(**kwargs)


def test_le_neq_compte_dix_chiffres_et_est_unique():
    refuse(OrganisationFactory, neq="12345")
    OrganisationFactory(neq="1170000001")
    refuse(OrganisationFactory, neq="1170000001")
    OrganisationFactory(neq="")
    OrganisationFactory(neq="")  # no NEQ: several organisations may have none
    assert Organisation.objects.filter(neq="").count() == 2


@pytest.mark.parametrize(
    "dates",
    [
        {"date_potentiel": D(2008, 1, 1), "date_autorise": D(2007, 1, 1)},
        {"date_autorise": D(2008, 1, 1), "date_reconnu": D(2007, 1, 1)},
        {"date_reconnu": D(2008, 6, 1), "date_fin": D(2008, 1, 1)},
    ],
)
def test_les_etapes_d_un_creneau_se_suivent(dates):
    refuse(CreneauFactory, **dates)


def test_un_creneau_fusionne_a_une_cible_qui_n_est_pas_lui_meme():
    refuse(CreneauFactory, statut=Creneau.Statut.FUSIONNE)
    creneau = CreneauFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Creneau.objects.filter(pk=creneau.pk).update(fusionne_dans=creneau)


def test_les_codes_et_slugs_sont_uniques():
    CreneauFactory(slug="meuble")
    refuse(CreneauFactory, slug="meuble")


def test_un_seul_comite_regional_par_region_et_un_comite_de_creneau_par_creneau():
    ComiteRegionalFactory(region=region("17"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Comite.objects.create(type=Comite.Type.REGIONAL, region=region("17"), nom="Doublon")
    comite = ComiteFactory()
    refuse(ComiteFactory, creneau=comite.creneau)
    ComiteFactory(creneau=comite.creneau, type=Comite.Type.TRAVAIL, nom="Main-d'œuvre")


def test_un_executif_a_un_parent_et_un_comite_regional_une_region():
    refuse(ComiteFactory, type=Comite.Type.EXECUTIF)
    refuse(ComiteFactory, type=Comite.Type.REGIONAL, region=None)


def test_un_reglement_a_un_quorum_jamais_nul_borne_motive_et_une_seule_proposition():
    comite = ComiteFactory()
    refuse(ComiteFactory, quorum=0)
    refuse(reglement_de, comite=comite, quorum=2, quorum_reduit=True)  # a reduced quorum says why
    refuse(reglement_de, comite=comite, seuil_consultation=40)
    refuse(reglement_de, comite=comite, seuil_consultation=75, consultation_electronique="unanimite")
    refuse(reglement_de, comite=comite, duree_mandat_mois=0)
    refuse(reglement_de, comite=comite, seances_par_annee=400)
    refuse(reglement_de, comite=comite, motif="")
    refuse(reglement_de, comite=comite, etat="propose")  # a proposal is not in force yet
    reglement_de(comite, etat="propose", en_vigueur_le=None)
    refuse(reglement_de, comite=comite, etat="propose", en_vigueur_le=None)


def test_un_reglement_ne_se_modifie_ni_ne_s_efface():
    reglement = reglement_de(ComiteFactory(), quorum=3)
    reglement.quorum = 1
    with pytest.raises(ValidationError):
        reglement.save()
    with pytest.raises(ValidationError):
        reglement.delete()
    reglement.refresh_from_db()
    assert reglement.quorum == 3


def test_un_comite_interregional_n_existe_que_pour_un_creneau_interregional():
    creneau = CreneauFactory()
    refuse(ComiteFactory, creneau=creneau, type=Comite.Type.INTERREGIONAL)
    comite = ComiteFactory(creneau=creneau, type=Comite.Type.TRAVAIL)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comite.objects.filter(pk=comite.pk).update(type=Comite.Type.INTERREGIONAL)
    creneau.autres_regions.add(region("16"))
    ComiteFactory(creneau=creneau, type=Comite.Type.INTERREGIONAL)


def test_une_seule_coordination_active_par_creneau():
    coordination = CoordinationFactory()
    refuse(CoordinationFactory, creneau=coordination.creneau)
    CoordinationFactory(creneau=coordination.creneau, fin=D(2020, 1, 1), debut=D(2019, 1, 1))


def test_un_mandat_finit_apres_son_debut_et_ne_se_double_pas():
    refuse(MandatFactory, debut=D(2024, 1, 1), fin=D(2023, 1, 1))
    mandat = MandatFactory()
    refuse(MandatFactory, personne=mandat.personne, comite=mandat.comite)


def test_une_entente_de_principe_est_celle_d_une_region():
    refuse(EntenteFactory, type=Entente.Type.PRINCIPE)
    refuse(EntenteFactory, creneau=None, region=region("17"))
    EntenteFactory(type=Entente.Type.PRINCIPE, creneau=None, region=region("17"))
    refuse(EntenteFactory, debut=D(2010, 1, 1), fin=D(2009, 1, 1))


def test_comite_de_creneau_avertit_quand_les_gens_d_affaires_ne_sont_pas_majoritaires():
    comite = ComiteFactory()
    for college in (Mandat.College.AFFAIRES, Mandat.College.RECHERCHE):
        MandatFactory(comite=comite, college=college)
    MandatFactory(comite=comite, college=Mandat.College.INTERVENANT, role=Mandat.Role.OBSERVATEUR)  # does not vote
    charge = Comite.objects.avec_membres_actifs().get(pk=comite.pk)
    assert charge.gens_affaires_minoritaires  # 1 of 2 voting members: not a majority
    MandatFactory(comite=comite, college=Mandat.College.AFFAIRES)
    assert not Comite.objects.avec_membres_actifs().get(pk=comite.pk).gens_affaires_minoritaires
