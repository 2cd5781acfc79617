"""What the Meuble créneau (Centre-du-Québec) lives between two funding decisions: its member
companies, its activities (with the partnership born at the Franco-Québec symposium, whose
maturity is dated step by step), and the dossiers d'excellence of two potential créneaux, ready
for the Ministère's authorisation. Built by the verbs, each at its day; idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils.text import slugify

from activites import actions as activites_actions
from activites.models import Activite
from creneaux import actions
from creneaux.models import Creneau, DossierExcellence, MembreCreneau, Organisation, PartenariatInternational
from demo.acteurs import a_l_heure, coordination_de
from demo.creneaux import a_jour
from noyau import horloge
from noyau.courriels import sans_notifications
from plans.models import Action
from regions.models import Region

D = datetime.date

# (company, leader, member since)
MEMBRES_MEUBLE = [
    ("Meubles Rhéal inc.", True, D(2008, 6, 1)),
    ("Bois Daaquam (division meuble)", True, D(2010, 4, 1)),
    ("Ébénisterie Victo", False, D(2012, 9, 1)),
    ("Chaises Bertrand", False, D(2015, 1, 15)),
    ("Finition Drummond", False, D(2018, 3, 1)),
    ("Design Arthabaska", False, D(2021, 5, 1)),
]
MEMBRE_PARTI = ("Meubles d'autrefois ltée", D(2009, 1, 1), D(2019, 12, 31))

# The partnership born at the symposium: (maturity, day it was reached).
PARTENAIRE_SYMPOSIUM = ("FCBA – Institut technologique forêt cellulose bois-construction ameublement", "France")
MATURITES = [(1, D(2023, 10, 20)), (2, D(2024, 5, 6)), (3, D(2025, 9, 15))]

# (type, title, day, place, participants, index of the plan action served or None)
ACTIVITES_MEUBLE = [
    ("symposium", "Symposium franco-québécois de l'ameublement", D(2023, 10, 18), "Bordeaux (France)", 140, 0),
    ("maillage", "Rencontre de maillage fabricants – designers", D(2024, 11, 7), "Victoriaville", 48, 1),
    ("information", "Séance d'information sur le programme FSDCE", D(2025, 5, 14), "Drummondville", 32, None),
    ("dejeuner", "Déjeuner-rencontre : automatisation des ateliers", D(2025, 9, 24), "Princeville", 26, 2),
    ("visite", "Visite d'entreprise chez Meubles Rhéal", D(2025, 11, 13), "Victoriaville", 18, 2),
    ("mission", "Mission commerciale à High Point (Caroline du Nord)", D(2026, 4, 22), "High Point (États-Unis)", 12, 0),
    ("formation", "Formation des opérateurs CNC", D(2026, 6, 10), "Cégep de Victoriaville", 22, 3),
]

# Potential créneaux: their member companies and a complete dossier d'excellence (the Ministère
# may authorise them in the demo: the decision then cites the dossier).
POTENTIELS = {
    ("Élastomères", "05"): {
        "membres": [("Caoutchouc Estrie inc.", True), ("Joints Magog", False), ("Polymères Sherbrooke", False)],
        "avantages": "Une vingtaine de transformateurs de caoutchouc dans l'Estrie, un centre collégial de transfert en "
        "plasturgie et des exportations vers le nord-est américain.",
        "depot": D(2026, 3, 2),
    },
    ("Drones civils et commerciaux", "02"): {
        "membres": [("Aéro Saguenay inc.", True), ("Vision aérienne Alma", False), ("Capteurs boréaux", True)],
        "avantages": "Corridor d'essais de drones d'Alma, une base militaire voisine, une grappe aérospatiale régionale "
        "et des entreprises de capteurs qui exportent.",
        "depot": D(2025, 11, 3),
    },
}


def _document(titre, texte):
    """A small PDF the portal accepts (its content is checked, not its name)."""
    import weasyprint

    html = f"<h1>{titre}</h1><p>{texte}</p>"
    return ContentFile(weasyprint.HTML(string=html).write_pdf(), name=f"{slugify(titre)}.pdf")


def _entreprise(nom, region):
    org, _ = a_jour(Organisation, nom=nom, defaults={"type": Organisation.Type.ENTREPRISE, "region": region})
    return org


def _membre(creneau, par, org, debut, leader=False, fin=None):
    if MembreCreneau.objects.filter(creneau=creneau, organisation=org).exists():
        return
    with horloge.figee(a_l_heure(max(debut, D(2017, 4, 1)), 10)):
        actions.enregistrer_membre(MembreCreneau(creneau=creneau, organisation=org, debut=debut, fin=fin, leader=leader), par=par)


def _meuble(creneau):
    coordination = coordination_de(creneau)
    if coordination is None:
        return 0
    region = creneau.region_porteuse
    for nom, leader, debut in MEMBRES_MEUBLE:
        _membre(creneau, coordination, _entreprise(nom, region), debut, leader)
    nom, debut, fin = MEMBRE_PARTI
    _membre(creneau, coordination, _entreprise(nom, region), debut, fin=fin)

    # The partnership born at the symposium, its maturity reached step by step.
    partenaire, pays = PARTENAIRE_SYMPOSIUM
    partenariat = PartenariatInternational.objects.filter(creneau=creneau, partenaire=partenaire).first()
    if partenariat is None:
        for maturite, jour in MATURITES:
            with horloge.figee(a_l_heure(jour, 14)):
                p = partenariat or PartenariatInternational(
                    creneau=creneau, partenaire=partenaire, pays=pays, type="pole", debut=jour
                )
                p.maturite = maturite
                partenariat = actions.enregistrer_partenariat(p, par=coordination)

    plan_actions = list(
        Action.objects.filter(objectif__axe__plan__creneau=creneau).order_by(
            "objectif__axe__numero", "objectif__numero", "numero"
        )
    )
    organisations = list(MembreCreneau.objects.filter(creneau=creneau, fin__isnull=True).values_list("organisation", flat=True))
    n = 0
    for rang, (type_, titre, jour, lieu, participants, action) in enumerate(ACTIVITES_MEUBLE):
        if Activite.objects.filter(creneau=creneau, titre=titre).exists():
            continue
        donnees = {
            "type": type_,
            "titre": titre,
            "date": jour,
            "lieu": lieu,
            "participants": participants,
            "action": plan_actions[action] if action is not None and action < len(plan_actions) else None,
            "organisations": Organisation.objects.filter(pk__in=organisations[rang % 3 : rang % 3 + 3]),
            "partenariats": [partenariat] if type_ == "symposium" else [],
        }
        with horloge.figee(a_l_heure(min(jour, horloge.aujourdhui()), 16)):
            activites_actions.enregistrer_activite(creneau, par=coordination, donnees=donnees)
        n += 1
    return n


def _potentiels(ministere):
    for (nom, code), d in POTENTIELS.items():
        creneau = Creneau.objects.filter(nom=nom, region_porteuse__code=code).first()
        if creneau is None:
            continue
        region = Region.objects.get(code=code)
        for i, (org, leader) in enumerate(d["membres"]):
            _membre(creneau, ministere, _entreprise(org, region), D(2024, 1 + i, 1), leader)
        if not DossierExcellence.objects.filter(creneau=creneau).exists():
            with horloge.figee(a_l_heure(d["depot"], 11)):
                actions.enregistrer_dossier_excellence(
                    creneau,
                    par=ministere,
                    avantages_comparatifs=d["avantages"],
                    documentation=_document(f"Portrait du secteur – {nom}", d["avantages"]),
                )


def charger(echelle=1, sortie=None):
    ministere = get_user_model().objects.get(username="ministere")
    with sans_notifications():
        meuble = Creneau.objects.filter(nom="Meuble", region_porteuse__code="17").first()
        n = _meuble(meuble) if meuble else 0
        _potentiels(ministere)
    if sortie:
        sortie.write(
            f"Activités et entreprises membres : {n} activités ajoutées; dossiers d'excellence des créneaux potentiels.\n"
        )
    return []
