"""« À traiter »: what waits for a user, gathered from every app (portail sits on top of them),
grouped by kind and, for the Ministère, by region; filtered by the home page's GET form.

A fixed number of queries whatever the number of items: one per provider (plus the user's roles)
and one for the regions' order and keys."""

import dataclasses
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from bilans.a_traiter import taches_bilans
from creneaux.a_traiter import taches_collaborations, taches_mandats, taches_reglements
from creneaux.roles import roles_de
from noyau.a_traiter import Tache
from projets.selectors import a_traiter as taches_projets
from regions.models import Region
from seances.a_traiter import taches_seances

# Each kind: (key, label), in the order the page shows them.
GENRES = (
    ("projets_decider", _("Projets à décider")),
    ("projets_analyser", _("Projets à analyser")),
    ("projets_regional", _("Projets au comité régional")),
    ("projets_resolution", _("Projets au comité de créneau")),
    ("projets_completer", _("Projets à compléter et soumettre")),
    ("projets_convention", _("Conventions à faire signer")),
    ("projets", _("Projets")),
    ("bilans", _("Bilans annuels")),
    ("mandats", _("Mandats à confirmer")),
    ("reglements", _("Règlements proposés")),
    ("collaborations", _("Collaborations")),
    ("seances", _("Séances")),
)
LIBELLES = dict(GENRES)


def _par_region(genre, fournisseur):
    """A provider whose `contexte` is the region's name."""

    def taches(user):
        return [dataclasses.replace(t, genre=t.genre or genre, region=t.region or t.contexte) for t in fournisseur(user)]

    return taches


def _sans_region(genre, fournisseur):
    def taches(user):
        return [dataclasses.replace(t, genre=t.genre or genre) for t in fournisseur(user)]

    return taches


FOURNISSEURS = (
    taches_projets,  # sets its kind and region itself
    _par_region("bilans", taches_bilans),
    _sans_region("collaborations", taches_collaborations),
    _par_region("mandats", taches_mandats),
    _par_region("reglements", taches_reglements),
    _sans_region("seances", taches_seances),
)


def taches_de(user) -> list[Tache]:
    """Every item waiting for `user`, oldest first, each with its kind (and region when it has one)."""
    if not user.is_authenticated:
        return []
    taches = [t for f in FOURNISSEURS for t in f(user)]
    return sorted(taches, key=lambda t: t.depuis)


# How many items a group shows before « voir les N » (a filter on the group shows them all).
APERCU = 5
# Unfiltered, a kind with more items than this, split by region, is summed up: its oldest items
# and a count per region, each a link to the filtered list (the central office has ~70 items).
SEUIL_RESUME = 10


@dataclass
class Groupe:
    cle: str
    libelle: str
    taches: list = field(default_factory=list)
    sous_groupes: list = field(default_factory=list)  # by region, for the Ministère
    filtre: str = ""  # query string that shows only this group
    limite: int = APERCU
    resume: bool = False  # show the oldest items and the count per region only

    @property
    def nombre(self):
        return len(self.taches)

    @property
    def apercu(self):
        return self.taches[: self.limite]

    @property
    def reste(self):
        return max(0, len(self.taches) - self.limite)


@dataclass
class ATraiter:
    """The home page's « À traiter »: the groups to show, the filter's choices and their counts."""

    total: int
    groupes: list
    genres: list  # [(key, label, count)] present in the user's items
    regions: list  # [(slug, name, count)] present in the user's items
    genre: str = ""
    region: str = ""
    nombre: int = 0  # items matching the filter

    @property
    def filtre(self):
        return bool(self.genre or self.region)

    @property
    def filtrable(self):
        return len(self.genres) > 1 or len(self.regions) > 1


def a_traiter(user, parametres=None) -> ATraiter:
    """`user`'s items grouped by kind (and by region for the Ministère), filtered by the GET
    parameters `genre` and `region` (a region's slug); an unknown value filters nothing."""
    parametres = parametres or {}
    taches = taches_de(user)
    noms = {t.region for t in taches if t.region}
    regions = list(Region.objects.filter(nom__in=noms).values_list("nom", "slug", "code")) if noms else []
    slug_de = {nom: slug for nom, slug, _code in regions}
    rang_region = {nom: code for nom, _slug, code in regions}

    comptes_genres = {}
    comptes_regions = {}
    for t in taches:
        comptes_genres[t.genre] = comptes_genres.get(t.genre, 0) + 1
        if t.region:
            comptes_regions[t.region] = comptes_regions.get(t.region, 0) + 1
    genres = [(cle, libelle, comptes_genres[cle]) for cle, libelle in GENRES if cle in comptes_genres]
    genres += [(cle, cle, n) for cle, n in comptes_genres.items() if cle not in LIBELLES]
    regions_choix = [
        (slug_de.get(nom, nom), nom, n)
        for nom, n in sorted(comptes_regions.items(), key=lambda c: (rang_region.get(c[0], "99"), c[0]))
    ]

    genre = parametres.get("genre", "")
    genre = genre if genre in comptes_genres else ""
    region = parametres.get("region", "")
    region_nom = next((nom for slug, nom, _n in regions_choix if slug == region), None)
    region = region if region_nom else ""
    retenues = [t for t in taches if (not genre or t.genre == genre) and (not region or t.region == region_nom)]
    filtre = bool(genre or region)
    limite = len(retenues) if filtre else APERCU
    par_region = roles_de(user).ministere

    groupes = []
    for cle, libelle, _n in genres:
        du_genre = [t for t in retenues if t.genre == cle]
        if not du_genre:
            continue
        groupe = Groupe(cle=cle, libelle=libelle, taches=du_genre, filtre=_requete(cle, region), limite=limite)
        avec_region = [t for t in du_genre if t.region]
        if par_region and avec_region:
            for slug, nom, _n in regions_choix:
                de_la_region = [t for t in du_genre if t.region == nom]
                if de_la_region:
                    groupe.sous_groupes.append(
                        Groupe(cle=slug, libelle=nom, taches=de_la_region, filtre=_requete(cle, slug), limite=limite)
                    )
            sans = [t for t in du_genre if not t.region]
            if sans:
                groupe.sous_groupes.append(
                    Groupe(cle="", libelle=_("Sans région"), taches=sans, filtre=_requete(cle, ""), limite=limite)
                )
            groupe.resume = not filtre and len(du_genre) > SEUIL_RESUME and len(groupe.sous_groupes) > 1
        groupes.append(groupe)
    return ATraiter(
        total=len(taches),
        groupes=groupes,
        genres=genres,
        regions=regions_choix,
        genre=genre,
        region=region,
        nombre=len(retenues),
    )


def _requete(genre, region):
    q = QueryDict(mutable=True)
    if genre:
        q["genre"] = genre
    if region:
        q["region"] = region
    return q.urlencode()
