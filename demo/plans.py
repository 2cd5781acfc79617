"""Demo data of this app (called by `manage.py demo` after creneaux.demo, before projets.demo).

Every demo créneau (recognised, not synthetic) gets a five-year stratégie et plan d'action that
starts two exercices ago, tied to its entente in force, with realistic axes (main-d'œuvre,
innovation, marchés), objectifs and actions. Most plans are approved by the comité de créneau
(the comité interrégional for an interregional créneau); every fifth stays in preparation.
Idempotent: plans, axes, objectifs and actions are found again by their natural keys. Créneaux
that do not exist (creneaux.demo not loaded) are simply skipped.
"""

import datetime

from creneaux.models import Creneau, Entente
from noyau.exercices import bornes, exercice_de
from plans.actions import comites_adoptants
from plans.models import Action, Axe, Objectif, PlanAction

# axe → objectifs → actions (titre, responsable, indicateur, départ, cible, échéance en années).
PLAN = [
    (
        "Main-d'œuvre et compétences",
        [
            (
                "Attirer et former la relève",
                [
                    ("Campagne de valorisation des métiers du créneau", "Coordination", "Jeunes rejoints", 0, 2000, 2),
                    ("Formation d’opérateurs en fabrication numérique", "Cégep", "Personnes formées", 0, 60, 3),
                ],
            ),
            (
                "Améliorer la gestion des ressources humaines",
                [("Ateliers RH pour les PME", "Comité main-d’œuvre", "Entreprises participantes", 5, 40, 4)],
            ),
        ],
    ),
    (
        "Innovation et productivité",
        [
            (
                "Accélérer l'adoption des technologies",
                [
                    ("Diagnostics d’automatisation en entreprise", "CCTT", "Diagnostics réalisés", 0, 30, 3),
                    ("Vitrine technologique annuelle", "Coordination", "Participants", 80, 250, 5),
                ],
            ),
            (
                "Développer des projets collaboratifs de R-D",
                [("Projets de R-D réunissant au moins trois entreprises", "Comité de créneau", "Projets lancés", 1, 6, 5)],
            ),
        ],
    ),
    (
        "Développement des marchés",
        [
            (
                "Accroître les exportations",
                [
                    ("Missions commerciales collectives", "Association sectorielle", "Entreprises participantes", 4, 25, 5),
                    ("Partenariats avec des grappes étrangères", "Coordination", "Partenariats actifs", 1, 4, 5),
                ],
            ),
            (
                "Faire connaître le créneau",
                [("Plan de communication et site web du créneau", "Coordination", "Visites annuelles du site", 2000, 15000, 2)],
            ),
        ],
    ),
]


def creneaux_de_demo():
    return Creneau.objects.filter(statut=Creneau.Statut.RECONNU).exclude(slug__startswith="synthetique").order_by("pk")


def charger(echelle=1, sortie=None):
    debut, _fin = bornes(exercice_de() - 2)
    fin = debut.replace(year=debut.year + 5) - datetime.timedelta(days=1)
    plans = actions = 0
    for rang, creneau in enumerate(creneaux_de_demo()):
        entente = (
            Entente.objects.filter(creneau=creneau, debut__lte=debut)
            .exclude(type=Entente.Type.PRINCIPE)
            .order_by("-debut")
            .first()
        )
        plan, _cree = PlanAction.objects.get_or_create(
            creneau=creneau,
            debut=debut,
            defaults={
                "fin": fin,
                "entente": entente,
                "vision": f"Faire du créneau {creneau.nom} une référence nord-américaine, innovante et exportatrice.",
                "mission": "Mobiliser les entreprises, la formation et la recherche autour d'actions communes.",
            },
        )
        plans += 1
        for a, (titre_axe, objectifs) in enumerate(PLAN, start=1):
            axe, _c = Axe.objects.update_or_create(plan=plan, numero=a, defaults={"titre": titre_axe})
            for o, (titre_objectif, lignes) in enumerate(objectifs, start=1):
                objectif, _c = Objectif.objects.update_or_create(axe=axe, numero=o, defaults={"titre": titre_objectif})
                for n, (titre, responsable, indicateur, depart, cible, ans) in enumerate(lignes, start=1):
                    Action.objects.update_or_create(
                        objectif=objectif,
                        numero=n,
                        defaults={
                            "titre": titre,
                            "responsable": responsable,
                            "indicateur": indicateur,
                            "valeur_depart": depart,
                            "cible": cible,
                            "echeance": fin.replace(year=debut.year + ans),
                        },
                    )
                    actions += 1
        comite = comites_adoptants(creneau).first()
        if rang % 5 != 4 and comite and not plan.approuve:
            plan.statut, plan.adopte_par, plan.adopte_le = PlanAction.Statut.APPROUVE, comite, debut - datetime.timedelta(days=20)
            plan.save(update_fields=["statut", "adopte_par", "adopte_le"])
    if sortie:
        sortie.write(f"Plans d'action : {plans} plans, {actions} actions.\n")
    return []
