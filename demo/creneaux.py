"""The demo directory (loaded first by `manage.py demo`): regions' priorities, créneaux, ententes,
organisations, people, comités, mandates, coordinations, partnerships, demo log-ins.

Built from the public reference lists copied into the repository (regions/donnees/*.csv,
creneaux/donnees/creneaux.csv); organisations other than the published organismes gestionnaires,
and every person, are invented. Idempotent: every row is found again by its natural key, and an
unchanged row is not saved again (`a_jour`: no history row on a second loading).

This is reference data, not anyone's action, so rows are written directly rather than through
creneaux.actions: the créneaux' stages (potentiel, autorisé, reconnu, the 2011 merger) are facts
of the public list that predate every actor of the demo (the Ministère's demo affectations begin
in 2020: `changer_statut` at the stage's date would be refused, and run today it would date
their history today); the comités' members are people without a log-in, their mandates
confirmed from their start (a directory fact: no direction régionale's queue to clear). The
comités' séances and the workflow (plans, projects, bilans) go through the verbs: demo.plans,
demo.projets and demo.seances, demo.bilans.
"""

import csv
import datetime
from itertools import cycle
from pathlib import Path

from django.db import models
from django.utils.text import slugify

from comptes.models import AffectationMinistere
from creneaux.models import (
    STATUTS_TERMINES,
    Collaboration,
    Comite,
    Coordination,
    Creneau,
    Entente,
    Mandat,
    Organisation,
    PartenariatInternational,
    Personne,
    Reglement,
)
from demo.acteurs import a_l_heure
from demo.comptes import AFFECTATIONS, compte_demo, comptes_demo, connexions
from noyau import horloge
from regions.models import PrioriteRegionale, Region, StrategieRegionale

TITRE_STRATEGIE = "Stratégie gouvernementale pour assurer l'occupation et la vitalité des territoires"

D = datetime.date
RACINE = Path(__file__).resolve().parent.parent
DONNEES_REGIONS = RACINE / "regions" / "donnees"
DONNEES_CRENEAUX = RACINE / "creneaux" / "donnees"

# The CSV gives no region porteuse for Technologies propres (CETP): we place it in Capitale-Nationale.
REGION_CETP = "03"
# (nom, region) → statut when not « reconnu ».
STATUTS = {
    ("Drones civils et commerciaux", "02"): Creneau.Statut.POTENTIEL,
    ("Élastomères", "05"): Creneau.Statut.POTENTIEL,
    ("AgroBoréal", "02"): Creneau.Statut.AUTORISE,
    ("Tourisme nordique", "10"): Creneau.Statut.AUTORISE,
    ("Bio-industries environnementales", "05"): Creneau.Statut.AUTORISE,
    ("Microélectronique de pointe", "05"): Creneau.Statut.FUSIONNE,
    ("Fabrication de composantes microélectroniques", "16"): Creneau.Statut.FUSIONNE,
}
FUSION = ("Micro/Nano-technologies pour l'électronique de pointe", "16")
DATE_FUSION = D(2011, 9, 15)
# Dates the sources give (potentiel, autorisé, reconnu).
ETAPES_CONNUES = {
    ("Ingénierie des procédés industriels, miniers et métallurgiques", "09"): (D(2002, 11, 1), D(2003, 2, 1), D(2003, 6, 12)),
    ("Transformation de l'aluminium", "02"): (D(2003, 3, 1), D(2003, 11, 1), D(2004, 5, 20)),
    ("Écoconstruction", "01"): (D(2009, 4, 1), D(2009, 11, 1), D(2010, 6, 10)),
    FUSION: (D(2010, 10, 1), D(2011, 3, 1), DATE_FUSION),
}
SECTEURS = [
    ("meuble", "Bois et meuble"),
    ("bois", "Bois et meuble"),
    ("forêt", "Bois et meuble"),
    ("transport", "Matériel de transport"),
    ("métal", "Métallurgie et fabrication"),
    ("alumin", "Métallurgie et fabrication"),
    ("mines", "Mines et métallurgie"),
    ("marines", "Ressources marines"),
    ("tourbe", "Ressources naturelles"),
    ("acéricole", "Agroalimentaire"),
    ("aliment", "Agroalimentaire"),
    ("agro", "Agroalimentaire"),
    ("électroni", "Électronique"),
    ("tourisme", "Tourisme"),
    ("récréotourisme", "Tourisme"),
    ("éolien", "Énergie"),
    ("propres", "Environnement et technologies propres"),
    ("résiduelles", "Environnement et technologies propres"),
    ("environnement", "Environnement et technologies propres"),
    ("construction", "Construction"),
    ("plastique", "Plasturgie et matériaux"),
    ("élastom", "Plasturgie et matériaux"),
    ("vie", "Sciences de la vie"),
    ("divertissement", "Technologies de l'information"),
    ("drones", "Aérospatiale"),
]
# The sectors' English names (shown on English pages and PDFs).
SECTEURS_EN = {
    "Bois et meuble": "Wood and furniture",
    "Matériel de transport": "Transportation equipment",
    "Métallurgie et fabrication": "Metallurgy and manufacturing",
    "Mines et métallurgie": "Mining and metallurgy",
    "Ressources marines": "Marine resources",
    "Ressources naturelles": "Natural resources",
    "Agroalimentaire": "Agri-food",
    "Électronique": "Electronics",
    "Tourisme": "Tourism",
    "Énergie": "Energy",
    "Environnement et technologies propres": "Environment and clean technologies",
    "Construction": "Construction",
    "Plasturgie et matériaux": "Plastics and materials",
    "Sciences de la vie": "Life sciences",
    "Technologies de l'information": "Information technology",
    "Aérospatiale": "Aerospace",
    "Fabrication": "Manufacturing",
}
VILLES = {
    "01": "Rimouski", "02": "Saguenay", "03": "Québec", "04": "Trois-Rivières", "05": "Sherbrooke", "06": "Montréal",
    "07": "Gatineau", "08": "Rouyn-Noranda", "09": "Baie-Comeau", "10": "Chibougamau", "11": "Gaspé",
    "12": "Lévis", "13": "Laval", "14": "Joliette", "15": "Saint-Jérôme", "16": "Longueuil", "17": "Drummondville",
}  # fmt: skip
PRENOMS = [
    "Julie", "Marc", "Isabelle", "Étienne", "Nathalie", "Louis", "Sophie", "Mathieu", "Geneviève", "Olivier",
    "Chantal", "Simon", "Marie-Ève", "François", "Annie", "Philippe", "Caroline", "Jean-Sébastien", "Valérie", "Hugo",
    "Lucie", "Benoît", "Karine",
]  # fmt: skip
# Surnames that read as invented: nobody real is named in the demo.
NOMS = [
    "Fauxbourg", "Prêtenom", "Lemaquette", "Fictivier", "Sansnom", "Démonville", "Exemplard", "Simulacre",
    "Brouillette-Essai", "Maquettier", "Songebois", "Imaginaire", "Inventaire", "Plausible", "Postiche",
    "Chimérique", "Vraisemblable", "Hypothétique", "Figurant", "Doublure",
]  # fmt: skip
PARTENARIATS = {
    FUSION: [
        ("Minatec", "France", "pole", 4, D(2008, 10, 1)),
        ("Albany Nanotech", "États-Unis", "recherche", 3, D(2009, 5, 1)),
    ],
    ("Groupe MR3, récupération et mise en valeur des matières résiduelles", "17"): [
        ("Finaxo Environnement (coentreprise Granutech)", "France", "commercial", 4, D(2008, 11, 1)),
    ],
    ("Ressources, sciences et technologies marines", "01"): [
        ("Pôle Mer Bretagne Atlantique", "France", "pole", 3, D(2010, 4, 1))
    ],
    ("Meuble", "17"): [("Xylofutur", "France", "pole", 2, D(2019, 9, 1))],
    ("Techno-mines souterraines", "08"): [("Mission minière en Russie", "Russie", "mission", 5, D(2008, 6, 1))],
    ("Matériel de transport", "05"): [("Mission en Russie", "Russie", "mission", 5, D(2008, 6, 1))],
    ("Équipements de transport", "17"): [("Pôle Véhicule du Futur", "France", "pole", 3, D(2012, 3, 1))],
    ("Aliments santé", "03"): [("Vitagora", "France", "pole", 2, D(2015, 1, 1))],
    ("Structures complexes et composantes métalliques", "14"): [
        ("Recrutement de soudeurs", "Costa Rica", "stage", 4, D(2008, 2, 1))
    ],
}
COLLABORATIONS = [
    ("Comité intercréneaux du meuble", "Veille, design et partage de parc-machine entre les trois créneaux du meuble.",
     [("Meuble", "17"), ("Meuble", "04"), ("Meuble, 2e et 3e transformations", "14")], D(2008, 5, 1)),
    ("Table intercréneaux du matériel de transport", "Missions communes et approvisionnement auprès des donneurs d'ordre.",
     [("Équipements de transport", "17"), ("Technologies de matériel de transport et logistique", "16"),
      ("Matériel de transport", "05")], D(2008, 9, 1)),
    ("Filière bois du sud du Québec", "Certification FSC et transfert technologique entre créneaux du bois.",
     [("Production et transformation du bois de type feuillu", "07"), ("Transformation de la forêt mixte", "15"),
      ("Transformation du bois d'apparence et composites", "05")], D(2012, 1, 15)),
    ("Étude de regroupement de la microélectronique", "Étude qui a mené à la fusion des deux créneaux.",
     [("Microélectronique de pointe", "05"), ("Fabrication de composantes microélectroniques", "16")], D(2010, 2, 1)),
]  # fmt: skip
CRENEAUX_EXECUTIF = {("Meuble", "17"), ("Équipements de transport", "17"), ("Transformation de l'aluminium", "02"), FUSION}
CRENEAU_MINORITAIRE = ("Éolien", "11")  # shows the warning: business people not the majority
MEUBLE_CQ = ("Meuble", "17")
RSTM = ("Ressources, sciences et technologies marines", "01")


def a_jour(modele, defaults, **cle):
    """Like update_or_create, but an unchanged row is not saved again: a second loading adds no
    history row (most directory models keep one)."""
    obj = modele.objects.filter(**cle).first()
    if obj is None:
        return modele.objects.create(**cle, **defaults), True
    changes = []
    for nom, valeur in defaults.items():
        attname = modele._meta.get_field(nom).attname
        if getattr(obj, attname) != (valeur.pk if isinstance(valeur, models.Model) else valeur):
            setattr(obj, nom, valeur)
            changes.append(nom)
    if changes:
        obj.save(update_fields=changes)
    return obj, False


class Chargeur:
    def __init__(self, sortie):
        self.sortie = sortie
        self.aujourdhui = horloge.aujourdhui()
        self.regions = {r.code: r for r in Region.objects.all()}
        self.n_personne = 0
        self.n_neq = 0

    def dire(self, texte):
        if self.sortie:
            self.sortie.write(texte)

    # --- people and organisations --------------------------------------------------------------

    def personne(self, organisation=None, fonction="", user=None, identifiant=None):
        """The next invented person (same order every run, so the same rows are found again).

        A demo log-in's person carries the log-in's name (surnames outside NOMS, so no clash);
        with `identifiant`, the invented person gets a log-in of that name.
        """
        i = self.n_personne
        self.n_personne += 1
        if user:
            prenom, nom = user.first_name, user.last_name
        else:
            # 23 first names × 20 surnames (coprime counts): distinct pairs for the first 460 people.
            prenom = PRENOMS[i % len(PRENOMS)]
            nom = NOMS[i % len(NOMS)] + ("" if i < len(PRENOMS) * len(NOMS) else f"-{i}")
            if identifiant:
                user = compte_demo(identifiant[:150], prenom, nom)
        p, _ = a_jour(
            Personne,
            prenom=prenom,
            nom=nom,
            defaults={
                "organisation": organisation,
                "fonction": fonction,
                "courriel": user.email if user else f"{slugify(prenom)}.{slugify(nom)}@exemple.qc.ca",
                "user": user,
            },
        )
        return p

    def organisation(self, nom, type_, region, neq=False):
        defaults = {"type": type_, "region": region, "ville": VILLES[region.code]}
        if neq:
            self.n_neq += 1
            defaults["neq"] = f"{1170000000 + 1013 * self.n_neq:010d}"
        org, _ = a_jour(Organisation, nom=nom, defaults=defaults)
        return org

    def organisations_du_creneau(self, creneau, secteur):
        r = creneau.region_porteuse
        ville = VILLES[r.code]
        court = creneau.sigle or creneau.nom.split(",")[0]
        return {
            "entreprises": [
                self.organisation(f"{nom} {court} {ville} inc.", Organisation.Type.ENTREPRISE, r, neq=True)
                for nom in ("Ateliers", "Industries", "Groupe", "Fabrications")
            ],
            "recherche": self.organisation(
                f"Centre collégial de transfert en {secteur.lower()} de {ville}", Organisation.Type.ENSEIGNEMENT, r
            ),
            "intervenant": self.organisation(f"Développement économique {ville}", Organisation.Type.DEVELOPPEMENT, r),
        }

    # --- reference data ----------------------------------------------------------------------

    def priorites(self):
        """Each region's priorities (regions/donnees), in its strategy for 2018-2022."""
        with open(DONNEES_REGIONS / "priorites_regionales.csv", encoding="utf-8") as f:
            for ligne in csv.DictReader(f):
                region = self.regions[ligne["region_code"]]
                strategie = a_jour(StrategieRegionale, region=region, titre=TITRE_STRATEGIE, debut=2018, defaults={"fin": 2022})[
                    0
                ]
                a_jour(
                    PrioriteRegionale,
                    region=region,
                    strategie=strategie,
                    territoire="" if ligne["territoire"] == region.nom else ligne["territoire"],
                    numero=int(ligne["numero"]),
                    defaults={"titre": ligne["titre"], "texte": ligne["extrait"]},
                )

    def ententes_de_principe(self, codes):
        dates = {}
        for i, code in enumerate(sorted(codes)):
            region = self.regions[code]
            signee = D(2005, 3, 15) + datetime.timedelta(days=60 * i)
            a_jour(
                Entente,
                type=Entente.Type.PRINCIPE,
                region=region,
                creneau=None,
                defaults={
                    "titre": f"Entente de principe ACCORD – {region.nom}",
                    "signataires": f"Présidence du comité régional ACCORD {region.nom}\nMinistre du Développement économique",
                    "date_signature": signee,
                },
            )
            dates[code] = signee
        return dates

    def creneaux(self):
        with open(DONNEES_CRENEAUX / "creneaux.csv", encoding="utf-8") as f:
            lignes = list(csv.DictReader(f))
        # The créneau born of the merger comes first: the merged ones point to it.
        lignes.sort(key=lambda ligne: (ligne["nom"], ligne["region_porteuse"]) != FUSION)
        codes = {ligne["region_porteuse"] or REGION_CETP for ligne in lignes}
        principes = self.ententes_de_principe(codes)
        # An organisme gestionnaire of several créneaux (AMETVS) is of the region of the last one.
        regions_gestionnaires = {
            ligne["organisme_gestionnaire"]: self.regions[ligne["region_porteuse"] or REGION_CETP] for ligne in lignes
        }
        creneaux = {}
        for i, ligne in enumerate(lignes):
            code = ligne["region_porteuse"] or REGION_CETP
            cle = (ligne["nom"], code)
            region = self.regions[code]
            statut = STATUTS.get(cle, Creneau.Statut.RECONNU)
            potentiel = principes[code]
            etapes = ETAPES_CONNUES.get(cle) or (
                potentiel,
                potentiel + datetime.timedelta(days=280 + 20 * (i % 5)),
                potentiel + datetime.timedelta(days=650 + 30 * (i % 7)),
            )
            secteur = next((s for mot, s in SECTEURS if mot in ligne["nom"].lower()), "Fabrication")
            gestionnaire = (
                self.organisation(
                    ligne["organisme_gestionnaire"],
                    Organisation.Type.OBNL,
                    regions_gestionnaires[ligne["organisme_gestionnaire"]],
                )
                if ligne["organisme_gestionnaire"]
                else None
            )
            fusionne = statut == Creneau.Statut.FUSIONNE
            # get_or_create: a second run neither rewrites the file nor adds history rows.
            creneau, _ = Creneau.objects.get_or_create(
                slug=slugify(f"{ligne['nom']} {region.nom}"),
                defaults={
                    "nom": ligne["nom"],
                    "sigle": ligne["sigle"],
                    "secteur": secteur,
                    "secteur_en": SECTEURS_EN.get(secteur, ""),
                    "statut": statut,
                    "date_potentiel": etapes[0],
                    "date_autorise": etapes[1] if statut != Creneau.Statut.POTENTIEL else None,
                    "date_reconnu": etapes[2] if statut not in (Creneau.Statut.POTENTIEL, Creneau.Statut.AUTORISE) else None,
                    "region_porteuse": region,
                    "organisme_gestionnaire": gestionnaire,
                    "vision": (
                        f"Faire de la région {region.nom} une référence reconnue en {ligne['nom'][0].lower()}{ligne['nom'][1:]}, "
                        "par l'innovation, la main-d'œuvre qualifiée et le rayonnement hors Québec de ses entreprises."
                    ),
                    "description": ligne["notes"],
                    "fusionne_dans": creneaux[FUSION] if fusionne else None,
                    "date_fin": DATE_FUSION if fusionne else None,
                },
            )
            creneau.autres_regions.set([self.regions[c] for c in ligne["autres_regions"].split(";") if c])
            creneaux[cle] = creneau
        # Each entente de principe names the créneaux the region had identified when it was signed.
        for code, signee in principes.items():
            entente = Entente.objects.get(type=Entente.Type.PRINCIPE, region=self.regions[code])
            nommes = [c for c in creneaux.values() if c.region_porteuse_id == entente.region_id and c.date_potentiel <= signee]
            if {c.pk for c in nommes} != set(entente.creneaux_nommes.values_list("pk", flat=True)):
                entente.creneaux_nommes.set(nommes)
        return creneaux

    # --- governance ----------------------------------------------------------------------------

    def mandat(self, personne, comite, role, college, debut, fin=None):
        """A mandate confirmed from its first day (observers need no confirmation)."""
        confirme = None if role == Mandat.Role.OBSERVATEUR else a_l_heure(debut, 9)
        m, _ = a_jour(
            Mandat,
            personne=personne,
            comite=comite,
            debut=debut,
            defaults={"role": role, "college": college, "fin": fin, "confirme_le": confirme},
        )
        return m

    def reglement(self, comite, depuis, comptes, motif, **regles):
        """A version of the comité's règlement, set by the direction régionale of its region (the
        central office elsewhere), in force from `depuis` (once: a second loading adds none)."""
        moment = a_l_heure(depuis, 9)
        if Reglement.objects.filter(comite=comite, en_vigueur_le=moment).exists():
            return
        region = comite.creneau.region_porteuse.code if comite.creneau_id else comite.region.code
        auteur = comptes.get({"17": "dr.centre", "01": "dr.bas-saint-laurent"}.get(region, "ministere"))
        Reglement.objects.create(
            comite=comite, en_vigueur_le=moment, consigne_le=moment, decide_le=moment, auteur=auteur, decide_par=auteur,
            motif=motif, **regles,
        )  # fmt: skip

    def comite_de_creneau(self, cle, creneau, comptes):
        orgs = self.organisations_du_creneau(creneau, creneau.secteur)
        comite, _ = a_jour(
            Comite, type=Comite.Type.CRENEAU, creneau=creneau, defaults={"nom": f"Comité de créneau {creneau.nom}"}
        )
        fin = creneau.date_fin
        # Current members joined in 2018 or later; a merged créneau's members left at the merger.
        debut = creneau.date_reconnu if fin else max(creneau.date_reconnu or creneau.date_autorise, D(2018, 4, 1))
        R, C = Mandat.Role, Mandat.College
        # The collège follows the organisation (gens d'affaires ⇔ entreprise): the créneau shown
        # with business people in the minority seats people of research and development bodies.
        minoritaire = cle == CRENEAU_MINORITAIRE
        affaires = (C.RECHERCHE, orgs["recherche"]) if minoritaire else (C.AFFAIRES, None)
        sixieme = (C.INTERVENANT, orgs["intervenant"]) if minoritaire else (C.AFFAIRES, orgs["entreprises"][0])
        meuble = cle == MEUBLE_CQ
        composition = [
            (R.PRESIDENT, C.AFFAIRES, orgs["entreprises"][0], comptes.get("presidence.creneau") if meuble else None),
            (R.VICE_PRESIDENT, affaires[0], affaires[1] or orgs["entreprises"][1], None),
            (R.SECRETAIRE, C.INTERVENANT, orgs["intervenant"], comptes.get("comite.creneau") if meuble else None),
            (R.MEMBRE, C.AFFAIRES, orgs["entreprises"][2], comptes.get("membre") if meuble else None),
            (R.MEMBRE, affaires[0], affaires[1] or orgs["entreprises"][3], None),
            (R.MEMBRE, *sixieme, None),
            (R.MEMBRE, C.RECHERCHE, orgs["recherche"], None),
            (R.MEMBRE, C.INTERVENANT, orgs["intervenant"], None),
            (R.OBSERVATEUR, C.INTERVENANT, orgs["intervenant"], None),
        ]
        mandats = []
        for role, college, org, user in composition:
            p = self.personne(org, fonction=_fonction(org), user=user)
            mandats.append(self.mandat(p, comite, role, college, debut, fin))
        regles = {"duree_mandat_mois": 24, "seances_par_annee": 4}
        self.reglement(comite, debut, comptes, "Règlement de régie interne adopté à la constitution du comité.", **regles)
        if meuble:
            self.reglement(
                comite, D(2023, 9, 1), comptes,
                "Règlement révisé : quorum fixé à 5 membres votants présents, consultation électronique à la majorité "
                "(résolution du comité confirmée par la direction régionale).",
                quorum=5, **regles,
            )  # fmt: skip
        if cle in CRENEAUX_EXECUTIF:
            executif, _ = a_jour(
                Comite,
                type=Comite.Type.EXECUTIF,
                creneau=creneau,
                defaults={"nom": f"Comité exécutif {creneau.nom}", "parent": comite},
            )
            self.reglement(
                executif, debut, comptes,
                "Le comité de créneau délègue à son comité exécutif l'adoption des résolutions entre ses séances."
                if cle != FUSION
                else "Comité exécutif sans délégation des résolutions.",
                quorum=3, delegation_resolutions=cle != FUSION, seances_par_annee=10,
            )  # fmt: skip
            for m in [*mandats[:3], mandats[4]]:
                self.mandat(m.personne, executif, m.role, m.college, debut, fin)
        return comite, orgs

    def comite_regional(self, region, comptes):
        comite, _ = a_jour(
            Comite, type=Comite.Type.REGIONAL, region=region, defaults={"nom": f"Comité régional ACCORD {region.nom}"}
        )
        R, C = Mandat.Role, Mandat.College
        ville = VILLES[region.code]
        prefet = self.organisation(f"MRC de {ville}", Organisation.Type.MUNICIPALITE, region)
        cegep = self.organisation(f"Cégep de {ville}", Organisation.Type.ENSEIGNEMENT, region)
        chambre = self.organisation(f"Chambre de commerce de {ville}", Organisation.Type.ASSOCIATION, region)
        entreprise = self.organisation(f"Manufacture régionale {ville} inc.", Organisation.Type.ENTREPRISE, region, neq=True)
        centre = region.code == "17"  # the demo log-ins sit on the comité régional of Centre-du-Québec
        composition = [
            (R.PRESIDENT, C.AFFAIRES, entreprise, comptes.get("comite.regional") if centre else None),
            (R.SECRETAIRE, C.INTERVENANT, prefet, comptes.get("secretariat.regional") if centre else None),
            # An association: not the business collège.
            (R.MEMBRE, C.INTERVENANT, chambre, comptes.get("membre.regional") if centre else None),
            (R.MEMBRE, C.RECHERCHE, cegep, None),
            (R.MEMBRE, C.INTERVENANT, prefet, None),
        ]
        for role, college, org, user in composition:
            self.mandat(self.personne(org, fonction=_fonction(org), user=user), comite, role, college, D(2020, 4, 1))
        self.reglement(
            comite, D(2020, 4, 1), comptes, "Règlement du comité régional : quorum de 3 membres votants présents.",
            quorum=3, seances_par_annee=6, duree_mandat_mois=36,
        )  # fmt: skip
        return comite

    def comite_interregional_rstm(self, creneau, comptes):
        comite, _ = a_jour(
            Comite,
            type=Comite.Type.INTERREGIONAL,
            creneau=creneau,
            defaults={"nom": "Comité interrégional RSTM", "mandat_texte": "Adopte le plan annuel du créneau interrégional."},
        )
        for i, region in enumerate([creneau.region_porteuse, *creneau.autres_regions.order_by("code")]):
            org = self.organisation(f"Développement économique {VILLES[region.code]}", Organisation.Type.DEVELOPPEMENT, region)
            role = Mandat.Role.PRESIDENT if i == 0 else Mandat.Role.MEMBRE
            self.mandat(self.personne(org, fonction=_fonction(org)), comite, role, Mandat.College.INTERVENANT, D(2019, 4, 1))
        self.reglement(
            comite, D(2019, 4, 1), comptes, "Règlement du comité interrégional : décisions à l'unanimité par voie électronique.",
            consultation_electronique="unanimite", seances_par_annee=2,
        )  # fmt: skip

    def ententes_de_creneau(self, creneau):
        if not creneau.date_reconnu:
            return
        signataires = (
            f"Présidence du comité régional ACCORD {creneau.region_porteuse.nom}\n"
            f"Présidence du comité de créneau {creneau.nom}\nMinistre de l'Économie"
        )
        periodes = [(Entente.Type.MISE_EN_OEUVRE, creneau.date_reconnu)]
        renouvellement = creneau.date_reconnu.replace(year=creneau.date_reconnu.year + 5)
        while creneau.statut == Creneau.Statut.RECONNU and renouvellement <= self.aujourdhui:
            periodes.append((Entente.Type.RENOUVELLEMENT, renouvellement))
            renouvellement = renouvellement.replace(year=renouvellement.year + 5)
        for type_, debut in periodes:
            a_jour(
                Entente,
                type=type_,
                creneau=creneau,
                date_signature=debut,
                defaults={
                    "signataires": signataires,
                    "debut": debut,
                    "fin": debut.replace(year=debut.year + 5) - datetime.timedelta(days=1),
                },
            )

    def coordination(self, creneau, employeur, user=None):
        """Every coordinator can log in (`coord.<slug>` unless a DEMO.md log-in is given)."""
        debut = max(creneau.date_reconnu or creneau.date_autorise, D(2017, 4, 1))
        personne = self.personne(employeur, fonction="Coordination du créneau", user=user, identifiant=f"coord.{creneau.slug}")
        a_jour(Coordination, creneau=creneau, fin=None, defaults={"personne": personne, "employeur": employeur, "debut": debut})

    def partenariats_et_collaborations(self, creneaux):
        for cle, partenaires in PARTENARIATS.items():
            for partenaire, pays, type_, maturite, debut in partenaires:
                a_jour(
                    PartenariatInternational,
                    creneau=creneaux[cle],
                    partenaire=partenaire,
                    defaults={"pays": pays, "type": type_, "maturite": maturite, "debut": debut},
                )
        for titre, description, cles, debut in COLLABORATIONS:
            collaboration, _ = a_jour(Collaboration, titre=titre, defaults={"description": description, "debut": debut})
            collaboration.creneaux.set([creneaux[c] for c in cles])

    # --- demo log-ins ------------------------------------------------------------------------

    def comptes(self):
        comptes = comptes_demo()
        debut = D(2020, 4, 1)
        for username, niveau, code in AFFECTATIONS:
            AffectationMinistere.objects.get_or_create(
                user=comptes[username], niveau=niveau, region=self.regions.get(code), defaults={"debut": debut}
            )
        return comptes

    def charger(self):
        comptes = self.comptes()
        self.priorites()
        creneaux = self.creneaux()
        for cle, creneau in creneaux.items():
            self.ententes_de_creneau(creneau)
            if creneau.statut == Creneau.Statut.POTENTIEL:
                continue
            _comite, orgs = self.comite_de_creneau(cle, creneau, comptes)
            if creneau.statut != Creneau.Statut.FUSIONNE:
                user = {MEUBLE_CQ: comptes["coordination"], RSTM: comptes["coordination.rstm"]}.get(cle)
                self.coordination(creneau, creneau.organisme_gestionnaire or orgs["intervenant"], user)
        self.comite_interregional_rstm(creneaux[RSTM], comptes)
        for code in sorted({c.region_porteuse.code for c in creneaux.values()}):
            self.comite_regional(self.regions[code], comptes)
        self.partenariats_et_collaborations(creneaux)
        self.dire(f"Créneaux : {len(creneaux)} dans {len({c.region_porteuse_id for c in creneaux.values()})} régions.\n")
        return connexions()


def _fonction(org):
    return {
        Organisation.Type.ENTREPRISE: "Présidence-direction générale",
        Organisation.Type.ENSEIGNEMENT: "Direction de la recherche",
        Organisation.Type.DEVELOPPEMENT: "Conseil en développement économique",
        Organisation.Type.MUNICIPALITE: "Préfecture",
        Organisation.Type.ASSOCIATION: "Direction générale",
    }.get(org.type, "Direction")


def synthetiques(nombre, sortie=None):
    """`nombre` synthetic créneaux with a comité de créneau of six members each (bulk inserts)."""
    existants = set(Creneau.objects.filter(slug__startswith="synthetique-").values_list("slug", flat=True))
    regions = cycle(Region.objects.exclude(code__in=["06", "13"]).order_by("code"))
    nouveaux = [
        Creneau(
            nom=f"Créneau synthétique {i:05d}",
            slug=slug,
            secteur=SECTEURS[i % len(SECTEURS)][1],
            secteur_en=SECTEURS_EN.get(SECTEURS[i % len(SECTEURS)][1], ""),
            statut=Creneau.Statut.RECONNU,
            date_potentiel=D(2006, 1, 1),
            date_autorise=D(2007, 1, 1),
            date_reconnu=D(2008, 1, 1),
            region_porteuse=next(regions),
            vision="Données synthétiques pour les essais de charge.",
        )
        for i in range(1, nombre + 1)
        if (slug := f"synthetique-{i:05d}") not in existants
    ]
    Creneau.objects.bulk_create(nouveaux, batch_size=500)
    nouveaux = list(Creneau.objects.filter(slug__in=[c.slug for c in nouveaux]))
    comites = Comite.objects.bulk_create(
        [Comite(type=Comite.Type.CRENEAU, creneau=c, nom=f"Comité de créneau {c.nom}") for c in nouveaux], batch_size=500
    )
    colleges = [Mandat.College.AFFAIRES] * 4 + [Mandat.College.RECHERCHE, Mandat.College.INTERVENANT]
    personnes = Personne.objects.bulk_create(
        [Personne(prenom=PRENOMS[j % len(PRENOMS)], nom=f"Synthétique-{c.slug[-5:]}-{j}") for c in nouveaux for j in range(6)],
        batch_size=1000,
    )
    debut = D(2020, 4, 1)
    Mandat.objects.bulk_create(
        [
            Mandat(
                personne=personnes[6 * k + j],
                comite=comite,
                role=Mandat.Role.PRESIDENT if j == 0 else Mandat.Role.MEMBRE,
                college=colleges[j],
                debut=debut,
                confirme_le=a_l_heure(debut, 9),
            )
            for k, comite in enumerate(comites)
            for j in range(6)
        ],
        batch_size=1000,
    )
    depuis = a_l_heure(debut, 9)
    Reglement.objects.bulk_create(
        [
            Reglement(comite=c, en_vigueur_le=depuis, consigne_le=depuis, decide_le=depuis, motif="Règlement type.")
            for c in comites
        ],
        batch_size=1000,
    )
    if sortie:
        sortie.write(f"Créneaux synthétiques ajoutés : {len(nouveaux)}\n")


def creneaux_de_demo():
    """The créneaux of the demo data set that have comités (not potentiel), not the synthetic ones
    added with --echelle, and still active (a merged or withdrawn créneau files nothing): each gets
    its projects."""
    return (
        Creneau.objects.exclude(statut__in=(Creneau.Statut.POTENTIEL, *STATUTS_TERMINES))
        .exclude(slug__startswith="synthetique")
        .select_related("region_porteuse")
    )


def creneaux_reconnus_de_demo():
    """The recognised créneaux of the demo data set: each gets a plan d'action and bilans."""
    return Creneau.objects.filter(statut=Creneau.Statut.RECONNU).exclude(slug__startswith="synthetique").order_by("pk")


def charger(echelle=1, sortie=None):
    chargeur = Chargeur(sortie)
    comptes = chargeur.charger()
    if echelle > 1:
        synthetiques((echelle - 1) * Creneau.objects.exclude(slug__startswith="synthetique-").count(), sortie)
    return comptes
