"""Demo data: plans for the demo créneaux, bilans of the last two exercices in several states."""

import pytest
from django.utils import timezone

from bilans.models import BilanAnnuel, EtapeBilan
from demo import bilans as bilans_de_demo
from demo import plans as plans_de_demo
from noyau.exercices import bornes, exercice_de
from plans.models import PlanAction


@pytest.mark.django_db
def test_plans_et_bilans_de_demo_sans_doublon(demo):
    meuble = PlanAction.objects.get(creneau__slug="meuble-centre-du-quebec")
    assert meuble.approuve and meuble.axes.count() == 3
    assert [a.titre for a in meuble.axes.all()] == [
        "Main-d'œuvre et compétences",
        "Innovation et productivité",
        "Développement des marchés",
    ]
    # Written by the créneau's coordination, then adopted in séance by its comité (the chair
    # closing the vote), with a résolution number, each at its moment.
    redaction, approbation = meuble.history.order_by("history_date")
    assert redaction.history_user.username == "coordination"
    assert approbation.history_user.username == "presidence.creneau"
    assert meuble.adopte_resolution and meuble.adopte_seance_id
    assert approbation.statut == "approuve" and timezone.localdate(approbation.history_date) == meuble.adopte_le
    assert redaction.history_date < approbation.history_date < timezone.now()
    dernier = exercice_de() - 1
    etats = dict(BilanAnnuel.objects.filter(creneau__slug="meuble-centre-du-quebec").values_list("exercice", "statut"))
    assert etats == {dernier - 1: "accepte", dernier: "brouillon"}
    rstm = BilanAnnuel.objects.get(creneau__slug__startswith="ressources-sciences", exercice=dernier)
    assert rstm.statut == "soumis"
    accepte = BilanAnnuel.objects.get(creneau__slug="meuble-centre-du-quebec", exercice=dernier - 1)
    assert [t for t in accepte.etapes.values_list("type", flat=True) if t != "adoption"] == [
        "ouverture",
        "soumission",
        "renvoi",
        "soumission",
        "acceptation",
    ]
    assert accepte.programmations.filter(retenue=True).exists()
    # Opened weeks after the exercice ended, each step at its own past moment.
    moments = list(accepte.etapes.order_by("pk").values_list("horodatage", flat=True))
    assert bornes(dernier - 1)[1] < timezone.localdate(moments[0]) < timezone.localdate()
    assert moments == sorted(moments) and len(set(moments)) == len(moments)

    # The last exercice's bilan is pre-filled from the projects of that exercice.
    projets = dict(
        BilanAnnuel.objects.get(creneau__slug="meuble-centre-du-quebec", exercice=dernier)
        .valeurs.filter(indicateur__code__startswith="projets-")
        .values_list("indicateur__code", "valeur_calculee")
    )
    assert projets["projets-deposes"] > 0 and projets["projets-acceptes"] > 0

    # Loading again creates no duplicate.
    avant = (PlanAction.objects.count(), BilanAnnuel.objects.count(), EtapeBilan.objects.count())
    plans_de_demo.charger()
    bilans_de_demo.charger()
    assert (PlanAction.objects.count(), BilanAnnuel.objects.count(), EtapeBilan.objects.count()) == avant
