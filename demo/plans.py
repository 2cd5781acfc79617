"""Demo plans d'action (loaded by `manage.py demo` after demo.creneaux, before demo.projets).

Investissement Québec's action plan 2018-2022 (partenaires) answers regional priorities.

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

from comptes.models import AffectationMinistere
from creneaux import actions as actions_creneaux
from creneaux.models import Entente, Organisation
from demo.acteurs import a_l_heure, coordination_de
from demo.creneaux import creneaux_reconnus_de_demo
from demo.seances import adopter_en_seance
from noyau import horloge
from noyau.courriels import sans_notifications
from noyau.exercices import bornes, exercice_de
from plans import actions
from plans.models import Action, ActionPartenaire, Axe, Objectif, PlanAction, PlanPartenaire
from plans.selectors import comites_adoptants
from regions.models import PrioriteRegionale, Region
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
            comite = comites_adoptants(creneau).first()
            if rang % 5 != 4 and comite and not plan.approuve:
                # The comité adopts the plan in séance (an agenda item, a vote, a résolution number).
                adopte_le = debut - datetime.timedelta(days=20)
                adopter_en_seance(comite, Point.Type.PLAN, plan, a_l_heure(adopte_le, 19, rang % 60))
    if sortie:
        sortie.write(f"Plans d'action : {plans} plans, {nombre_actions} actions.\n")
    partenaires(sortie)
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


# --- The Investissement Québec partner plan -----------------------------------------------------

# (action, indicateur, cible, [(code de région, territoire, numéro de priorité)], autres régions)
PLAN_IQ = [
    (
        "Financer la croissance des entreprises manufacturières des régions",
        "Entreprises financées",
        "120 entreprises d'ici 2022",
        [("04", "", 7), ("05", "", 2), ("06", "", 3)],
        [],
    ),
    (
        "Soutenir les projets d'automatisation et de virage numérique",
        "Projets d'investissement soutenus",
        "60 projets, 150 M$ d'investissements",
        [("17", "", 3), ("02", "", 10), ("07", "", 7)],
        [],
    ),
    (
        "Financer la relève et le transfert d'entreprise",
        "Transferts d'entreprise financés",
        "40 transferts",
        [("04", "", 10), ("02", "", 6), ("16", "", 4)],
        [],
    ),
    (
        "Attirer des investissements étrangers dans les filières régionales",
        "Projets d'investissement étranger réalisés",
        "15 projets",
        [("04", "", 8), ("09", "", 3), ("01", "", 6)],
        ["03"],
    ),
    (
        "Accompagner les entreprises vers les marchés d'exportation",
        "Entreprises accompagnées à l'exportation",
        "80 entreprises",
        [("13", "", 6), ("14", "", 1), ("12", "", 10)],
        [],
    ),
]


def partenaires(sortie=None):
    """Investissement Québec's action plan 2018-2022, recorded by the central office (plans.actions)
    when the portal opened (June 2020, the Ministère's demo affectations begin in April 2020): five
    actions answering the regions' priorities of the 2018-2022 strategy."""
    central = central_de_demo()
    if central is None:
        return
    with sans_notifications(), horloge.figee(a_l_heure(datetime.date(2020, 6, 1), 10)):
        iq = Organisation.objects.filter(nom="Investissement Québec").first() or actions_creneaux.enregistrer_organisation(
            Organisation(
                nom="Investissement Québec",
                type=Organisation.Type.PUBLIC,
                region=Region.objects.get(code="03"),
                ville="Québec",
                site_web="https://www.investquebec.com",
            ),
            par=central,
        )
        plan = PlanPartenaire.objects.filter(organisation=iq, debut=2018).first() or actions.enregistrer_plan_partenaire(
            PlanPartenaire(),
            par=central,
            donnees={
                "organisation": iq,
                "titre": "Plan d'action régional d'Investissement Québec",
                "debut": 2018,
                "fin": 2022,
                "description": "Les interventions financières et l'accompagnement d'Investissement Québec qui répondent "
                "aux priorités régionales de la Stratégie gouvernementale pour assurer l'occupation et la vitalité "
                "des territoires 2018-2022.",
            },
        )
        for numero, (titre, indicateur, cible, priorites, autres) in enumerate(PLAN_IQ, start=1):
            if ActionPartenaire.objects.filter(plan=plan, numero=numero).exists():
                continue
            choisies = [
                p
                for code, territoire, n in priorites
                for p in PrioriteRegionale.objects.filter(region__code=code, numero=n).select_related("region", "strategie")[:1]
            ]
            actions.enregistrer_action_partenaire(
                ActionPartenaire(plan=plan),
                par=central,
                donnees={
                    "numero": numero,
                    "titre": titre,
                    "indicateur": indicateur,
                    "cible": cible,
                    "priorites": choisies,
                    "regions": list(Region.objects.filter(code__in=autres)),
                },
            )
    if sortie:
        sortie.write(f"Plans des partenaires : {plan} ({plan.actions.count()} actions).\n")


def central_de_demo():
    """The demo's central office log-in (« ministere »)."""
    affectation = AffectationMinistere.objects.filter(niveau=AffectationMinistere.Niveau.CENTRAL).select_related("user")
    affectation = affectation.filter(user__username="ministere").first() or affectation.first()
    return affectation.user if affectation else None
