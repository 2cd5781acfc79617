"""Demo plans d'action (loaded by `manage.py demo` after demo.creneaux, before demo.projets).

Every recognised demo créneau gets a five-year stratégie et plan d'action that starts two
exercices ago, tied to its entente in force, with realistic axes (main-d'œuvre, innovation,
marchés), objectifs and actions — written by its coordination through plans.actions (creer_plan,
ajouter_element) two months before the period starts, so each element has its history row. Most
plans are then adopted in séance (demo.seances.adopter_en_seance: an agenda item, a vote, a
résolution number, which runs plans.actions.approuver) by the comité that adopts them (the comité
interrégional for an interregional créneau) twenty days before the period; every fifth stays in
preparation. Idempotent: plans, axes, objectifs and actions are found again by their natural keys
and only the missing ones are added. A créneau without a coordination log-in is skipped.
"""

import datetime

from creneaux.models import Entente
from demo.acteurs import a_l_heure, coordination_de
from demo.creneaux import creneaux_reconnus_de_demo
from demo.seances import adopter_en_seance
from noyau import horloge
from noyau.courriels import sans_notifications
from noyau.exercices import bornes, exercice_de
from plans import actions
from plans.models import Action, Axe, Objectif, PlanAction
from seances.models import Point

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


PARENT = {Axe: "plan", Objectif: "axe", Action: "objectif"}


def charger(echelle=1, sortie=None):
    debut, _fin = bornes(exercice_de() - 2)
    fin = debut.replace(year=debut.year + 5) - datetime.timedelta(days=1)
    plans = nombre_actions = 0
    with sans_notifications():
        for rang, creneau in enumerate(creneaux_reconnus_de_demo()):
            coordination = coordination_de(creneau)
            if coordination is None:
                continue
            with horloge.figee(a_l_heure(debut - datetime.timedelta(days=60), 9, rang % 60)):
                plan = _plan(creneau, coordination, debut, fin)
                nombre_actions += _contenu(plan, coordination, fin)
            plans += 1
            comite = actions.comites_adoptants(creneau).first()
            if rang % 5 != 4 and comite and not plan.approuve:
                # The comité adopts the plan in séance (an agenda item, a vote, a résolution number).
                adopte_le = debut - datetime.timedelta(days=20)
                adopter_en_seance(comite, Point.Type.PLAN, plan, a_l_heure(adopte_le, 19, rang % 60))
    if sortie:
        sortie.write(f"Plans d'action : {plans} plans, {nombre_actions} actions.\n")
    return []


def _plan(creneau, coordination, debut, fin):
    plan = PlanAction.objects.filter(creneau=creneau, debut=debut).first()
    if plan:
        return plan
    entente = (
        Entente.objects.filter(creneau=creneau, debut__lte=debut).exclude(type=Entente.Type.PRINCIPE).order_by("-debut").first()
    )
    return actions.creer_plan(
        creneau,
        par=coordination,
        donnees={
            "debut": debut,
            "fin": fin,
            "entente": entente,
            "vision": f"Faire du créneau {creneau.nom} une référence nord-américaine, innovante et exportatrice.",
            "mission": "Mobiliser les entreprises, la formation et la recherche autour d'actions communes.",
        },
    )


def _element(modele, parent, coordination, numero, **donnees):
    """The element `numero` of `parent`, added by the coordination when missing."""
    existant = modele.objects.filter(**{PARENT[modele]: parent, "numero": numero}).first()
    return existant or actions.ajouter_element(parent, par=coordination, donnees={"numero": numero, **donnees})


def _contenu(plan, coordination, fin):
    """Add the axes, objectifs and actions of PLAN that `plan` lacks; returns the number of actions."""
    nombre = 0
    for a, (titre_axe, objectifs) in enumerate(PLAN, start=1):
        axe = _element(Axe, plan, coordination, a, titre=titre_axe)
        for o, (titre_objectif, lignes) in enumerate(objectifs, start=1):
            objectif = _element(Objectif, axe, coordination, o, titre=titre_objectif)
            for n, (titre, responsable, indicateur, depart, cible, ans) in enumerate(lignes, start=1):
                _element(
                    Action,
                    objectif,
                    coordination,
                    n,
                    titre=titre,
                    responsable=responsable,
                    indicateur=indicateur,
                    valeur_depart=depart,
                    cible=cible,
                    echeance=fin.replace(year=plan.debut.year + ans),
                )
                nombre += 1
    return nombre
