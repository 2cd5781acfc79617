"""`manage.py demo`: a realistic data set, the demo log-ins of DEMO.md, no duplicate on a second run."""

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model

from creneaux.models import Comite, Creneau, Mandat
from creneaux.roles import roles_de
from demo import creneaux as demo
from demo.comptes import MOT_DE_PASSE_DEMO
from regions.models import PrioriteRegionale, Region

pytestmark = pytest.mark.django_db

MODELES = [*apps.get_app_config("creneaux").get_models(), PrioriteRegionale, get_user_model(), Region]


def compter():
    return {m.__name__: m.objects.count() for m in MODELES}


def test_la_demo_se_charge_deux_fois_sans_doublon():
    comptes = demo.charger()
    premier = compter()
    assert demo.charger() == comptes
    assert compter() == premier


def test_la_demo_couvre_au_moins_25_creneaux_dans_12_regions_avec_la_fusion_et_les_interregionaux():
    demo.charger()
    publics = Creneau.objects.publics()
    assert publics.count() >= 25
    assert publics.values("region_porteuse").distinct().count() >= 12
    assert Region.objects.count() == 17
    assert PrioriteRegionale.objects.values("region").distinct().count() >= 10
    rstm = Creneau.objects.get(sigle="RSTM")
    assert sorted(rstm.autres_regions.values_list("code", flat=True)) == ["09", "11"]
    assert rstm.region_porteuse.code == "01"
    assert rstm.comites.filter(type=Comite.Type.INTERREGIONAL).exists()
    micro_nano = Creneau.objects.get(nom__startswith="Micro/Nano")
    assert set(micro_nano.fusions.values_list("region_porteuse__code", flat=True)) == {"05", "16"}
    assert Creneau.objects.filter(statut=Creneau.Statut.POTENTIEL).exists()
    assert Creneau.objects.filter(statut=Creneau.Statut.AUTORISE).exists()
    assert any(c.delegation_resolutions for c in Comite.objects.filter(type=Comite.Type.EXECUTIF))
    # Every comité has its règlement, set by the Ministère; Meuble's was revised (quorum 5 of 8),
    # the comité régional of Centre-du-Québec's is 3 of 5.
    assert not Comite.objects.filter(reglements__isnull=True).exists()
    meuble = Comite.objects.get(type=Comite.Type.CRENEAU, creneau__nom="Meuble", creneau__region_porteuse__code="17")
    assert meuble.quorum == 5 and meuble.reglements.count() == 2
    assert meuble.reglement.auteur.username == "dr.centre"
    assert Comite.objects.get(type=Comite.Type.REGIONAL, region__code="17").quorum == 3
    avertis = [c for c in Comite.objects.filter(type=Comite.Type.CRENEAU).avec_membres_actifs() if c.gens_affaires_minoritaires]
    assert [c.creneau.nom for c in avertis] == ["Éolien"]


ROLES_DEMO = {
    "coordination": "coordination",
    "coordination.rstm": "coordination",
    "presidence.creneau": "resolution",
    "comite.creneau": "resolution",
    "membre": "comites",
    "comite.regional": "comite_regional",
    "secretariat.regional": "comite_regional",
    "membre.regional": "comites",
    "dr.centre": "directions_regionales",
    "dr.bas-saint-laurent": "directions_regionales",
    "ministere": "central",
    "admin": "admin",
}


def test_chaque_compte_de_demo_a_son_role_et_le_meuble_du_centre_du_quebec_a_les_siens():
    assert [username for _role, username in demo.charger()] == list(ROLES_DEMO)
    for username, role in ROLES_DEMO.items():
        user = authenticate(username=username, password=MOT_DE_PASSE_DEMO)
        assert user is not None and getattr(roles_de(user), role), username
    meuble = Creneau.objects.get(slug="meuble-centre-du-quebec")
    User = get_user_model()
    assert roles_de(User.objects.get(username="coordination")).coordination == {meuble.pk}
    secretaire = Mandat.objects.get(personne__user__username="comite.creneau", comite__type="creneau")
    assert (secretaire.role, secretaire.comite.creneau) == (Mandat.Role.SECRETAIRE, meuble)
    membre = Mandat.objects.get(personne__user__username="membre")
    assert (membre.role, membre.college, membre.comite.type) == (Mandat.Role.MEMBRE, Mandat.College.AFFAIRES, "creneau")
    # The comité de créneau Meuble and the comité régional Centre-du-Québec: présidence, secrétariat
    # and a voting member each have a log-in; every mandate of the directory is confirmed.
    meuble_cc = secretaire.comite
    presidence = Mandat.objects.get(personne__user__username="presidence.creneau", comite__type="creneau")
    assert (presidence.comite, presidence.role) == (meuble_cc, Mandat.Role.PRESIDENT)
    roles = roles_de(User.objects.get(username="presidence.creneau"))
    assert meuble_cc.pk in roles.presidences and not roles.secretariats  # also the comité exécutif's
    assert meuble_cc.pk in roles_de(User.objects.get(username="comite.creneau")).secretariats
    assert membre.comite == meuble_cc and membre.votant
    regional = Comite.objects.get(type=Comite.Type.REGIONAL, region__code="17")
    assert roles_de(User.objects.get(username="secretariat.regional")).secretariats == {regional.pk}
    assert roles_de(User.objects.get(username="membre.regional")).comites == {regional.pk}
    assert not roles_de(User.objects.get(username="membre.regional")).comites_bureau
    assert not Mandat.objects.a_confirmer().exists()
    assert roles_de(User.objects.get(username="comite.regional")).comite_regional == {Region.objects.get(code="17").pk}
    rstm = Creneau.objects.get(sigle="RSTM")
    assert roles_de(User.objects.get(username="coordination.rstm")).coordination == {rstm.pk}
    assert roles_de(User.objects.get(username="dr.bas-saint-laurent")).directions_regionales == {rstm.region_porteuse_id}


def test_l_echelle_multiplie_les_creneaux_sans_doublon():
    demo.charger(echelle=3)
    nombre = Creneau.objects.count()
    assert nombre == 3 * Creneau.objects.exclude(slug__startswith="synthetique-").count()
    assert Mandat.objects.filter(comite__creneau__slug__startswith="synthetique-").count() == 6 * (2 * nombre // 3)
    demo.charger(echelle=3)
    assert Creneau.objects.count() == nombre


def test_la_fusion_de_2011_termine_ce_qu_elle_doit_et_les_colleges_suivent_les_organisations():
    from creneaux.models import STATUTS_TERMINES, Coordination, Entente, Organisation, actif_q

    demo.charger()
    fusionnes = Creneau.objects.filter(statut__in=STATUTS_TERMINES)
    assert fusionnes.count() == 2
    assert not Coordination.objects.filter(actif_q(), creneau__in=fusionnes).exists()
    assert not Mandat.objects.actifs().filter(comite__creneau__in=fusionnes).exists()
    # Gens d'affaires ⇔ entreprise, for every active mandate of the demo (synthetic ones aside).
    actifs = (
        Mandat.objects.actifs().exclude(comite__creneau__slug__startswith="synthetique").select_related("personne__organisation")
    )
    for m in actifs:
        entreprise = m.personne.organisation is not None and m.personne.organisation.type == Organisation.Type.ENTREPRISE
        assert (m.college == Mandat.College.AFFAIRES) == entreprise, m
    # Each region's entente de principe names the créneaux it identified.
    principes = Entente.objects.filter(type=Entente.Type.PRINCIPE)
    assert principes.exists() and all(e.creneaux_nommes.exists() for e in principes)


def test_la_demo_refuse_de_se_charger_en_production_sans_le_demander(settings):
    """Its log-ins share a published password (admin included): DEBUG=0 needs --en-production."""
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    with pytest.raises(CommandError, match="--en-production"):
        call_command("demo")
    assert not get_user_model().objects.filter(username="admin").exists()
