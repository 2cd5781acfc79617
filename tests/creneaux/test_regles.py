"""Who may do what on the organisational side (docs/permissions.md): every rule allowed and refused."""

import pytest
from django.contrib.auth.models import AnonymousUser

from creneaux.models import Creneau, Mandat
from noyau.permissions import verifier
from tests.factories import MandatFactory, PersonneFactory, reglement_de

OUI, NON = True, False

# (rule, object fixture, user fixture, expected)
CAS = [
    # The créneau's file: its coordination and the Ministère of its region (or central).
    ("creneaux.modifier", "creneau", "coordination", OUI),
    ("creneaux.modifier", "creneau", "dr_centre", OUI),
    ("creneaux.modifier", "creneau", "central", OUI),
    ("creneaux.modifier", "creneau", "coordination_autre", NON),
    ("creneaux.modifier", "creneau", "dr_autre", NON),
    ("creneaux.modifier", "creneau", "secretaire", NON),
    ("creneaux.modifier", "creneau", "membre", NON),
    ("creneaux.modifier", "creneau", "president_regional", NON),
    ("creneaux.modifier", "creneau", "anonyme", NON),
    # Its stage is the Ministère's decision.
    ("creneaux.changer_statut", "creneau", "dr_centre", OUI),
    ("creneaux.changer_statut", "creneau", "central", OUI),
    ("creneaux.changer_statut", "creneau", "coordination", NON),
    ("creneaux.changer_statut", "creneau", "dr_autre", NON),
    ("creneaux.changer_statut", "creneau", "anonyme", NON),
    # A comité de créneau's composition follows the créneau; a comité régional's is the Ministère's.
    ("creneaux.modifier_comite", "comite", "coordination", OUI),
    ("creneaux.modifier_comite", "comite", "dr_centre", OUI),
    ("creneaux.modifier_comite", "comite", "coordination_autre", NON),
    ("creneaux.modifier_comite", "comite", "dr_autre", NON),
    ("creneaux.modifier_comite", "comite", "secretaire", NON),
    ("creneaux.modifier_comite", "comite", "anonyme", NON),
    ("creneaux.modifier_comite", "comite_regional", "dr_centre", OUI),
    ("creneaux.modifier_comite", "comite_regional", "central", OUI),
    ("creneaux.modifier_comite", "comite_regional", "dr_autre", NON),
    ("creneaux.modifier_comite", "comite_regional", "coordination", NON),
    ("creneaux.modifier_comite", "comite_regional", "president_regional", NON),
    # Séances: the comité's confirmed présidence / secrétariat plan them (seances.rules); its
    # members, the créneau's coordination and the region's Ministère see them.
    ("seances.planifier", "comite", "secretaire", OUI),
    ("seances.planifier", "comite", "coordination", NON),
    ("seances.planifier", "comite", "dr_centre", NON),
    ("seances.planifier", "comite", "membre", NON),
    ("seances.planifier", "comite", "coordination_autre", NON),
    ("seances.planifier", "comite", "president_regional", NON),
    ("seances.planifier", "comite", "anonyme", NON),
    ("seances.planifier", "comite_regional", "president_regional", OUI),
    ("seances.planifier", "comite_regional", "dr_centre", NON),
    ("seances.planifier", "comite_regional", "secretaire", NON),
    ("seances.voir", "comite", "membre", OUI),
    ("seances.voir", "comite", "secretaire", OUI),
    ("seances.voir", "comite", "coordination", OUI),
    ("seances.voir", "comite", "dr_centre", OUI),
    ("seances.voir", "comite", "coordination_autre", NON),
    ("seances.voir", "comite", "dr_autre", NON),
    ("seances.voir", "comite", "president_regional", NON),
    ("seances.voir", "comite", "sans_role", NON),
    ("seances.voir", "comite", "anonyme", NON),
    ("seances.voir", "comite_regional", "president_regional", OUI),
    ("seances.voir", "comite_regional", "membre", NON),
    # The directory is public.
    ("creneaux.voir_fiche", "creneau", "anonyme", OUI),
    ("creneaux.voir_comite", "comite", "anonyme", OUI),
    ("creneaux.voir_comite", "comite_regional", "anonyme", OUI),
    # The register of organisations: coordinations and the Ministère.
    ("creneaux.gerer_organisations", None, "coordination", OUI),
    ("creneaux.gerer_organisations", None, "dr_autre", OUI),
    ("creneaux.gerer_organisations", None, "membre", NON),
    ("creneaux.gerer_organisations", None, "sans_role", NON),
    ("creneaux.gerer_organisations", None, "anonyme", NON),
]


@pytest.fixture
def anonyme():
    return AnonymousUser()


@pytest.mark.parametrize(("regle", "objet", "qui", "attendu"), CAS, ids=[f"{r}-{o}-{q}" for r, o, q, _a in CAS])
def test_regle(request, regle, objet, qui, attendu):
    obj = request.getfixturevalue(objet) if objet else None
    user = request.getfixturevalue(qui)
    verdict = verifier(regle, user, obj)
    assert verdict.ok is attendu
    if not attendu:
        assert verdict.raison, "a refusal always says why"


@pytest.mark.parametrize(
    ("qui", "attendu"),
    [
        ("coordination", OUI),
        ("membre", OUI),
        ("dr_centre", OUI),
        ("central", OUI),
        ("coordination_autre", NON),
        ("dr_autre", NON),
        ("sans_role", NON),
        ("anonyme", NON),
    ],
)
def test_un_creneau_potentiel_n_est_vu_que_de_ses_gens_et_du_ministere(request, creneau, qui, attendu):
    Creneau.objects.filter(pk=creneau.pk).update(statut=Creneau.Statut.POTENTIEL, date_autorise=None, date_reconnu=None)
    creneau.refresh_from_db()
    request.getfixturevalue("comite")
    assert verifier("creneaux.voir_fiche", request.getfixturevalue(qui), creneau).ok is attendu
    assert verifier("creneaux.voir_comite", request.getfixturevalue(qui), request.getfixturevalue("comite")).ok is attendu


def test_le_bureau_d_un_executif_delegue_planifie_ses_seances(executif):
    reglement_de(executif, delegation_resolutions=True)
    president = MandatFactory(
        comite=executif, role=Mandat.Role.PRESIDENT, personne=PersonneFactory(avec_compte=True)
    ).personne.user
    assert verifier("seances.planifier", president, executif).ok
    assert not verifier("seances.planifier", president, executif.parent).ok
