"""The verbs that edit a draft bilan: allowed to its coordination only, while it is a draft, on
its own rows only, all or nothing."""

from decimal import Decimal

import pytest

from bilans import actions
from bilans.models import BilanAnnuel, ValeurIndicateur
from noyau.actions import ActionRefusee
from tests.bilans.conftest import EXERCICE, pret_a_soumettre


@pytest.fixture
def bilan(monde):
    return actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)


def valeur(bilan, code, detail=""):
    return ValeurIndicateur.objects.get(bilan=bilan, indicateur__code=code, detail=detail)


def etat(bilan):
    """Everything a verb of bilans.actions may change in `bilan`."""
    b = BilanAnnuel.objects.get(pk=bilan.pk)
    return (
        b.statut,
        b.faits_saillants,
        list(b.sections.order_by("enjeu").values_list("enjeu", "texte")),
        list(b.valeurs.order_by("pk").values_list("pk", "valeur_calculee", "valeur_saisie", "justification")),
        list(b.avancements.order_by("pk").values_list("pk", "pourcentage", "valeur_atteinte", "etat", "commentaire")),
        list(b.programmations.order_by("pk").values_list("pk", "retenue", "cible", "commentaire")),
        b.etapes.count(),
    )


VERBES = {
    "sections": lambda b, par: actions.enregistrer_sections(
        b, par=par, faits_saillants="Année record.", textes={"innovation": "Trois vitrines technologiques."}
    ),
    "indicateurs": lambda b, par: actions.enregistrer_indicateurs(
        b, par=par, valeurs={valeur(b, "emplois").pk: {"valeur_saisie": Decimal(12), "justification": ""}}
    ),
    "avancement": lambda b, par: actions.enregistrer_avancement(
        b, par=par, avancements={b.avancements.get().pk: {"pourcentage": 60, "etat": "a_temps", "commentaire": "Bien avancé"}}
    ),
    "programmation": lambda b, par: actions.enregistrer_programmation(
        b, par=par, programmations={b.programmations.get().pk: {"retenue": True, "cible": Decimal(25), "commentaire": ""}}
    ),
    "recalculer": lambda b, par: actions.recalculer(b, par=par),
}


@pytest.mark.parametrize("verbe", VERBES)
@pytest.mark.parametrize("qui", ["dr", "membre", "central", "coordination_autre", "sans_role"])
def test_edition_refusee_hors_coordination_rien_ne_change(monde, bilan, verbe, qui):
    avant = etat(bilan)
    with pytest.raises(ActionRefusee, match="Seule la coordination du créneau ouvre ses bilans"):
        VERBES[verbe](bilan, getattr(monde, qui))
    assert etat(bilan) == avant


@pytest.mark.parametrize("verbe", VERBES)
def test_edition_refusee_une_fois_soumis(monde, bilan, verbe):
    actions.soumettre(pret_a_soumettre(bilan, monde.coordination), par=monde.coordination)
    avant = etat(bilan)
    with pytest.raises(ActionRefusee, match="attend la décision"):
        VERBES[verbe](bilan, monde.coordination)
    assert etat(bilan) == avant


def test_edition_par_la_coordination(monde, bilan):
    for verbe in VERBES.values():
        verbe(bilan, monde.coordination)
    b = BilanAnnuel.objects.get(pk=bilan.pk)
    assert b.faits_saillants == "Année record."
    assert b.sections.get(enjeu="innovation").texte == "Trois vitrines technologiques."
    assert valeur(b, "emplois").valeur_saisie == 12
    assert (b.avancements.get().pourcentage, b.avancements.get().commentaire) == (60, "Bien avancé")
    p = b.programmations.get()
    assert (p.retenue, p.cible) == (True, 25)
    assert b.etapes.count() == 1  # edits of a draft are no step of the circuit


def test_une_sauvegarde_automatique_ne_touche_que_son_champ(monde, bilan):
    actions.enregistrer_sections(bilan, par=monde.coordination, faits_saillants="Faits", textes={"innovation": "Texte"})
    actions.enregistrer_sections(bilan, par=monde.coordination, textes={"international": "Deux missions"})
    b = BilanAnnuel.objects.get(pk=bilan.pk)
    assert b.faits_saillants == "Faits"
    assert dict(b.sections.values_list("enjeu", "texte"))["innovation"] == "Texte"


def test_lignes_d_un_autre_bilan_refusees_rien_ne_change(monde, bilan):
    precedent = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE - 1)
    avant = etat(bilan), etat(precedent)
    appels = [
        lambda: actions.enregistrer_indicateurs(
            bilan, par=monde.coordination, valeurs={valeur(precedent, "emplois").pk: {"valeur_saisie": Decimal(3)}}
        ),
        lambda: actions.enregistrer_avancement(
            bilan,
            par=monde.coordination,
            avancements={
                bilan.avancements.get().pk: {"pourcentage": 10},
                precedent.avancements.get().pk: {"pourcentage": 90},
            },
        ),
        lambda: actions.enregistrer_programmation(
            bilan, par=monde.coordination, programmations={precedent.programmations.get().pk: {"retenue": False}}
        ),
        lambda: actions.enregistrer_sections(bilan, par=monde.coordination, faits_saillants="X", textes={"inconnu": "Y"}),
    ]
    for appel in appels:
        with pytest.raises(ActionRefusee, match="ne correspond pas aux lignes de ce bilan"):
            appel()
    assert (etat(bilan), etat(precedent)) == avant


@pytest.mark.parametrize(
    ("modifs", "message"),
    [
        ({("reunions-tenues", "Comité de créneau Meuble"): (Decimal(6), "")}, "Justifiez la valeur"),
        ({("emplois", ""): (Decimal("2.5"), "")}, "nombre entier"),
        ({("emplois", ""): (Decimal(-1), "")}, "négative"),
    ],
)
def test_gardes_des_indicateurs_tout_ou_rien(monde, bilan, modifs, message):
    valeurs = {valeur(bilan, "formations").pk: {"valeur_saisie": Decimal(4), "justification": ""}}
    for (code, detail), (saisie, justification) in modifs.items():
        valeurs[valeur(bilan, code, detail).pk] = {"valeur_saisie": saisie, "justification": justification}
    avant = etat(bilan)
    with pytest.raises(ActionRefusee, match=message):
        actions.enregistrer_indicateurs(bilan, par=monde.coordination, valeurs=valeurs)
    assert etat(bilan) == avant


def test_gardes_de_l_avancement_et_de_la_programmation(monde, bilan):
    avant = etat(bilan)
    with pytest.raises(ActionRefusee, match="de 0 à 100"):
        actions.enregistrer_avancement(
            bilan, par=monde.coordination, avancements={bilan.avancements.get().pk: {"pourcentage": 140}}
        )
    with pytest.raises(ActionRefusee, match="Donnez la cible"):
        actions.enregistrer_programmation(
            bilan, par=monde.coordination, programmations={bilan.programmations.get().pk: {"retenue": True, "cible": None}}
        )
    assert etat(bilan) == avant


def test_ouverture_refusee_hors_coordination(monde):
    for qui in ("coordination_autre", "dr", "membre"):
        with pytest.raises(ActionRefusee, match="coordination du créneau"):
            actions.ouvrir(monde.creneau, par=getattr(monde, qui), exercice=EXERCICE)
    assert not BilanAnnuel.objects.exists()
