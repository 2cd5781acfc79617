"""Who may see, plan, chair, record and sit in a séance (docs/seances.md, docs/permissions.md): each rule allowed for
the right role and refused for everyone else — another comité, another region, the coordination,
the Ministère, an unconfirmed mandate, the anonymous visitor."""

import pytest
from django.contrib.auth.models import AnonymousUser

from comptes.models import AffectationMinistere
from creneaux.models import Creneau, Mandat, Reunion
from noyau.permissions import verifier
from tests.factories import AffectationMinistereFactory, CreneauFactory, UserFactory, membre_avec_compte, region, seance_prete

pytestmark = pytest.mark.django_db

S = Reunion.Statut
BUREAU = {"présidence", "coprésidence", "vice-présidence", "secrétariat"}
PRESIDENCE = {"présidence", "coprésidence", "vice-présidence"}
MEMBRES = BUREAU | {"membre", "observateur"}


@pytest.fixture
def monde():
    """The séance of a comité de créneau of region 17 and everyone around it."""
    c = seance_prete(code_region="17")
    voisin = seance_prete(code_region="17")  # another comité de créneau of the same region
    loin = seance_prete(regional=True, code_region="04")  # the comité régional of another region
    personnes = {
        "présidence": c.president,
        "coprésidence": membre_avec_compte(c.comite, Mandat.Role.COPRESIDENT),
        "vice-présidence": membre_avec_compte(c.comite, Mandat.Role.VICE_PRESIDENT),
        "secrétariat": c.secretaire,
        "membre": c.votants[0],
        "observateur": membre_avec_compte(
            c.comite, Mandat.Role.OBSERVATEUR, college=Mandat.College.INTERVENANT, confirme_le=None
        ),
        "présidence proposée (non confirmée)": membre_avec_compte(c.comite, Mandat.Role.PRESIDENT, confirme_le=None),
        "membre proposé (non confirmé)": membre_avec_compte(c.comite, confirme_le=None),
        "coordination": c.coordination,
        "présidence d'un autre comité": voisin.president,
        "secrétariat d'un autre comité": voisin.secretaire,
        "membre d'un autre comité": voisin.votants[0],
        "coordination d'un autre créneau": voisin.coordination,
        "présidence du comité régional d'une autre région": loin.president,
        "direction régionale": AffectationMinistereFactory(region=region("17")).user,
        "direction régionale d'une autre région": AffectationMinistereFactory(region=region("04")).user,
        "central": AffectationMinistereFactory(niveau=AffectationMinistere.Niveau.CENTRAL, region=None).user,
        "compte sans rôle": UserFactory(),
        "anonyme": AnonymousUser(),
    }
    return c, personnes


def _autorises(nom, personnes, obj):
    return {qui for qui, user in personnes.items() if verifier(nom, user, obj).ok}


def _seance(c, statut):
    Reunion.objects.filter(pk=c.seance.pk).update(statut=statut)
    return Reunion.objects.get(pk=c.seance.pk)


def test_voir_les_seances(monde):
    c, personnes = monde
    for statut in S.values:
        assert _autorises("seances.voir", personnes, _seance(c, statut)) == MEMBRES | {
            "coordination",
            "direction régionale",
            "central",
        }
    assert not verifier("seances.voir", personnes["anonyme"], c.seance).ok


def test_lister_les_seances_et_leur_lien_dans_le_menu(client, monde):
    """Rule `seances.lister` (the « Séances » list and menu link): whoever sits on a comité
    (confirmed), coordinates a créneau or is the Ministère."""
    c, personnes = monde
    verdicts = {qui: verifier("seances.lister", user) for qui, user in personnes.items()}
    aucune = "Vous ne siégez à aucun comité et ne coordonnez aucun créneau : aucune séance ne vous concerne."
    assert {qui: v.raison for qui, v in verdicts.items() if not v.ok} == {
        "présidence proposée (non confirmée)": aucune,
        "membre proposé (non confirmé)": aucune,
        "compte sans rôle": aucune,
        "anonyme": "Connectez-vous pour accéder à cette action.",
    }
    lien = 'href="/seances/"'
    client.force_login(personnes["membre"])
    assert lien in client.get("/").content.decode()
    client.force_login(personnes["compte sans rôle"])
    assert lien not in client.get("/").content.decode()


@pytest.mark.parametrize("statut", [S.PLANIFIEE, S.CONVOQUEE])
def test_planifier_et_convoquer(monde, statut):
    c, personnes = monde
    assert _autorises("seances.planifier", personnes, c.comite) == BUREAU
    assert _autorises("seances.planifier", personnes, _seance(c, statut)) == BUREAU


@pytest.mark.parametrize("statut", [S.OUVERTE, S.LEVEE, S.PV_APPROUVE])
def test_l_ordre_du_jour_ne_change_plus_une_fois_la_seance_ouverte(monde, statut):
    c, personnes = monde
    verdict = verifier("seances.planifier", personnes["présidence"], _seance(c, statut))
    assert not verdict.ok and "ne change plus" in str(verdict.raison)


def test_presider(monde):
    c, personnes = monde
    for statut in (S.CONVOQUEE, S.OUVERTE):
        assert _autorises("seances.presider", personnes, _seance(c, statut)) == PRESIDENCE
    verdict = verifier("seances.presider", personnes["présidence proposée (non confirmée)"], c.seance)
    assert not verdict.ok and "confirmée" in str(verdict.raison)


def test_secretariat(monde):
    c, personnes = monde
    assert _autorises("seances.secretariat", personnes, _seance(c, S.OUVERTE)) == {"secrétariat"}
    for statut in (S.PLANIFIEE, S.CONVOQUEE, S.LEVEE):
        assert _autorises("seances.secretariat", personnes, _seance(c, statut)) == set()


def test_sieger(monde):
    c, personnes = monde
    assert _autorises("seances.sieger", personnes, _seance(c, S.OUVERTE)) == MEMBRES
    for statut in (S.PLANIFIEE, S.CONVOQUEE, S.LEVEE, S.PV_APPROUVE):
        assert _autorises("seances.sieger", personnes, _seance(c, statut)) == set()
    verdict = verifier("seances.sieger", personnes["membre"], _seance(c, S.LEVEE))
    assert "n'est pas ouverte" in str(verdict.raison)


def test_approuver_le_pv(monde):
    c, personnes = monde
    assert _autorises("seances.approuver_pv", personnes, _seance(c, S.LEVEE)) == BUREAU
    for statut in (S.PLANIFIEE, S.CONVOQUEE, S.OUVERTE):
        assert _autorises("seances.approuver_pv", personnes, _seance(c, statut)) == set()
    verdict = verifier("seances.approuver_pv", personnes["présidence"], _seance(c, S.PV_APPROUVE))
    assert not verdict.ok and "ne se modifie plus" in str(verdict.raison)


def test_le_comite_regional_et_ses_seances():
    c = seance_prete(regional=True, code_region="17")
    loin = seance_prete(regional=True, code_region="04")
    creneau = seance_prete(code_region="17")
    assert verifier("seances.presider", c.president, c.seance).ok
    assert verifier("seances.planifier", c.secretaire, c.comite).ok
    for intrus in (
        loin.president,
        creneau.president,
        creneau.coordination,
        AffectationMinistereFactory(region=region("17")).user,
    ):
        assert not verifier("seances.presider", intrus, c.seance).ok
        assert not verifier("seances.planifier", intrus, c.comite).ok
    assert verifier("seances.voir", AffectationMinistereFactory(region=region("17")).user, c.seance).ok
    assert not verifier("seances.voir", AffectationMinistereFactory(region=region("04")).user, c.seance).ok
    assert not verifier("seances.voir", creneau.coordination, c.seance).ok


@pytest.mark.parametrize("statut", [Creneau.Statut.FUSIONNE, Creneau.Statut.RETIRE])
def test_les_comites_d_un_creneau_termine_ne_siegent_plus(monde, statut):
    c, personnes = monde
    cible = CreneauFactory() if statut == Creneau.Statut.FUSIONNE else None
    Creneau.objects.filter(pk=c.creneau.pk).update(statut=statut, fusionne_dans=cible)
    seance = Reunion.objects.select_related("comite__creneau").get(pk=c.seance.pk)
    for nom, obj in (("seances.planifier", seance.comite), ("seances.planifier", seance), ("seances.presider", seance)):
        verdict = verifier(nom, personnes["présidence"], obj)
        assert not verdict.ok and "ne siègent plus" in str(verdict.raison)
