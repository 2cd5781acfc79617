"""The open datasets: their columns (name, Frictionless type, description), their rows and the
Data Package that describes them. The CSV, the JSON and the datapackage.json are all made from
these definitions, so they never disagree.

Machine-readable conventions (not the fr-CA display): UTF-8, `,` separator, ISO 8601 dates,
`.` decimal point, no thousands separator. Descriptions are in French, like the data.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from creneaux.models import Creneau
from noyau.tableur import est_dangereux
from projets import selectors
from projets.models import Statut

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
# Rows are read from the database in chunks of this size (server-side cursor): memory stays flat.
TAILLE_LOT = 2000


@dataclass(frozen=True)
class Colonne:
    nom: str
    type: str
    description: str
    requis: bool = False
    contraintes: dict | None = None

    def schema(self):
        champ = {"name": self.nom, "type": self.type, "description": self.description}
        contraintes = dict(self.contraintes or {})
        if self.requis:
            contraintes["required"] = True
        if contraintes:
            champ["constraints"] = contraintes
        if self.type == "date":
            champ["format"] = "default"  # ISO 8601, YYYY-MM-DD
        return champ


def _montant(valeur):
    return None if valeur is None else Decimal(valeur).quantize(Decimal("0.01"))


def _date(moment):
    return None if moment is None else timezone.localdate(moment)


# ---- Projects -------------------------------------------------------------------------------

COLONNES_PROJETS = [
    Colonne("numero", "string", "Numéro du projet (unique).", requis=True, contraintes={"unique": True}),
    Colonne("titre", "string", "Titre du projet.", requis=True),
    Colonne("creneau", "string", "Nom du créneau d'excellence qui porte le projet.", requis=True),
    Colonne("creneau_slug", "string", "Identifiant du créneau (colonne slug du jeu creneaux).", requis=True),
    Colonne(
        "region_code",
        "string",
        "Code de la région administrative porteuse (01 à 17).",
        requis=True,
        contraintes={"pattern": "^(0[1-9]|1[0-7])$"},
    ),
    Colonne("region", "string", "Région administrative porteuse du créneau.", requis=True),
    Colonne("porteur", "string", "Organisation qui porte le projet (jamais une personne)."),
    Colonne("programme", "string", "Sigle du programme d'aide (p. ex. FSDCE).", requis=True),
    Colonne(
        "statut",
        "string",
        "État du projet : accepte, en_realisation ou termine.",
        requis=True,
        contraintes={"enum": [Statut.ACCEPTE.value, Statut.EN_REALISATION.value, Statut.TERMINE.value]},
    ),
    Colonne(
        "montant_accorde",
        "number",
        "Aide accordée par le Ministère, moins le solde désengagé, en dollars.",
        requis=True,
        contraintes={"minimum": 0},
    ),
    Colonne(
        "montant_verse", "number", "Somme des versements faits au porteur, en dollars.", requis=True, contraintes={"minimum": 0}
    ),
    Colonne("date_decision", "date", "Date de la décision d'acceptation du Ministère."),
    Colonne("exercice", "integer", "Exercice financier du dépôt : année de son 1er avril (2025 = 2025-2026)."),
]


def projets():
    """The public projects (projets.selectors.publics), in chunks."""
    return selectors.publics().iterator(chunk_size=TAILLE_LOT)


def ligne_projet(p):
    return {
        "numero": p.numero,
        "titre": p.titre,
        "creneau": p.creneau.nom,
        "creneau_slug": p.creneau.slug,
        "region_code": p.creneau.region_porteuse.code,
        "region": p.creneau.region_porteuse.nom,
        "porteur": p.porteur.nom if p.porteur_id else None,
        "programme": p.programme.sigle,
        "statut": p.statut,
        "montant_accorde": _montant(p.accorde_net),
        "montant_verse": _montant(p.verse),
        "date_decision": _date(p.accepte_le),
        "exercice": p.exercice,
    }


# ---- Créneaux directory ---------------------------------------------------------------------

COLONNES_CRENEAUX = [
    Colonne("slug", "string", "Identifiant du créneau (unique, stable).", requis=True, contraintes={"unique": True}),
    Colonne("nom", "string", "Nom du créneau d'excellence.", requis=True),
    Colonne("sigle", "string", "Sigle du créneau."),
    Colonne(
        "statut",
        "string",
        "Étape : autorise, reconnu, fusionne ou retire.",
        requis=True,
        contraintes={"enum": [s.value for s in Creneau.Statut if s != Creneau.Statut.POTENTIEL]},
    ),
    Colonne("secteur", "string", "Secteur d'activité."),
    Colonne(
        "region_code",
        "string",
        "Code de la région porteuse (01 à 17).",
        requis=True,
        contraintes={"pattern": "^(0[1-9]|1[0-7])$"},
    ),
    Colonne("region", "string", "Région porteuse.", requis=True),
    Colonne("autres_regions", "string", "Codes des autres régions d'un créneau interrégional, séparés par « ; »."),
    Colonne("organisme_gestionnaire", "string", "Organisation qui gère le créneau."),
    Colonne("date_autorise", "date", "Date où le créneau a été autorisé."),
    Colonne("date_reconnu", "date", "Date où le créneau a été reconnu."),
    Colonne("date_fin", "date", "Date de fusion ou de retrait."),
    Colonne("fusionne_dans", "string", "Créneau dans lequel il a été fusionné (slug)."),
    Colonne("site_web", "string", "Site web du créneau.", contraintes={"pattern": "^(https?://.*)?$"}),
]


def creneaux():
    """The public directory (the annuaire's queryset), with its other regions prefetched."""
    return (
        Creneau.objects.publics()
        .select_related("region_porteuse", "organisme_gestionnaire", "fusionne_dans")
        .prefetch_related("autres_regions")
        .order_by("slug")
        .iterator(chunk_size=TAILLE_LOT)
    )


def ligne_creneau(c):
    fusion = c.fusionne_dans
    return {
        "slug": c.slug,
        "nom": c.nom,
        "sigle": c.sigle or None,
        "statut": c.statut,
        "secteur": c.secteur or None,
        "region_code": c.region_porteuse.code,
        "region": c.region_porteuse.nom,
        "autres_regions": ";".join(sorted(r.code for r in c.autres_regions.all())) or None,
        "organisme_gestionnaire": c.organisme_gestionnaire.nom if c.organisme_gestionnaire_id else None,
        "date_autorise": c.date_autorise,
        "date_reconnu": c.date_reconnu,
        "date_fin": c.date_fin,
        # A public créneau is never merged into a potential one (fusionner asks for an active one).
        "fusionne_dans": fusion.slug if fusion is not None and fusion.statut != Creneau.Statut.POTENTIEL else None,
        "site_web": c.site_web or None,
    }


@dataclass(frozen=True)
class Jeu:
    nom: str
    titre: str
    description: str
    colonnes: list
    lignes: object  # () -> iterable of objects
    ligne: object  # object -> dict
    cle: str
    liens: tuple = ()


JEUX = {
    "projets": Jeu(
        "projets",
        "Projets FSDCE acceptés",
        "Projets des créneaux d'excellence acceptés par le Ministère (acceptés, en réalisation ou terminés), "
        "avec l'aide accordée et versée. Les projets en préparation, en cours d'examen, refusés ou retirés n'y sont pas.",
        COLONNES_PROJETS,
        projets,
        ligne_projet,
        "numero",
        liens=(("creneau_slug", "creneaux", "slug"),),
    ),
    "creneaux": Jeu(
        "creneaux",
        "Répertoire des créneaux d'excellence",
        "Créneaux d'excellence ACCORD autorisés, reconnus, fusionnés ou retirés, avec leur région.",
        COLONNES_CRENEAUX,
        creneaux,
        ligne_creneau,
        "slug",
    ),
}


def derniere_mise_a_jour():
    """When the published data last changed (two queries): the latest change of a public project
    or of a créneau of the directory. None on an empty portal."""
    projet = selectors.publics().order_by().aggregate(m=Max("modifie_le"))["m"]
    creneau = Creneau.history.aggregate(m=Max("history_date"))["m"]
    moments = [m for m in (projet, creneau) if m is not None]
    return max(moments) if moments else None


def datapackage(page_url):
    """The Frictionless Data Package (tabular) describing the CSV files, which sit beside it."""
    mise_a_jour = derniere_mise_a_jour()
    ressources = []
    for jeu in JEUX.values():
        schema = {"fields": [c.schema() for c in jeu.colonnes], "primaryKey": [jeu.cle], "missingValues": [""]}
        if jeu.liens:
            schema["foreignKeys"] = [
                {"fields": [champ], "reference": {"resource": ressource, "fields": [cible]}}
                for champ, ressource, cible in jeu.liens
            ]
        ressources.append(
            {
                "name": jeu.nom,
                "title": jeu.titre,
                "description": jeu.description,
                "path": f"{jeu.nom}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "licenses": [LICENCE],
                "schema": schema,
            }
        )
    paquet = {
        "profile": "tabular-data-package",
        "name": "accord-creneaux-excellence",
        "title": "ACCORD : créneaux d'excellence et projets FSDCE",
        "description": "Données ouvertes du portail ACCORD : le répertoire des créneaux d'excellence du Québec et les "
        "projets du Fonds de soutien au développement des créneaux d'excellence (FSDCE) acceptés par le Ministère.",
        "homepage": page_url,
        "licenses": [LICENCE],
        "sources": [{"title": "Portail ACCORD", "path": page_url}],
        "keywords": ["ACCORD", "créneaux d'excellence", "FSDCE", "développement régional", "Québec"],
        "resources": ressources,
    }
    if mise_a_jour is not None:
        paquet["created"] = mise_a_jour.isoformat(timespec="seconds")
    return paquet


def texte(valeur):
    """A CSV cell: ISO dates, `.` decimals; typed text that a spreadsheet would run as a formula is
    prefixed by an apostrophe (noyau.tableur)."""
    if valeur is None:
        return ""
    if isinstance(valeur, Decimal):
        return f"{valeur:.2f}"
    if isinstance(valeur, str):
        return "'" + valeur if est_dangereux(valeur) else valeur
    if hasattr(valeur, "isoformat"):
        return valeur.isoformat()
    return str(valeur)


def json_valeur(valeur):
    if isinstance(valeur, Decimal):
        return float(valeur)
    if hasattr(valeur, "isoformat"):
        return valeur.isoformat()
    return valeur
