"""The read API, version 1 (django-ninja): what the same account sees in the portal, no more.

Each list starts from the queryset its page uses (projets.selectors.filtre_liste, the séances'
selectors.visibles, the annuaire's Creneau.objects.publics()…) or from the queryset twin of the
page's rule (comités, bilans, envelopes); each detail checks the page's `@regle` rule. Lists are
paginated (`page`, `page_size` ≤ 100) and filtered with the same parameters as the pages.
"""

from datetime import date

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from api import schemas
from api.securite import JetonPersonnel, LimiteParCompte
from bilans import selectors as bilans_selectors
from bilans.models import Statut as StatutBilan
from creneaux.filters import CreneauFilter
from creneaux.models import Comite, Creneau, Reunion
from creneaux.selectors import comites_visibles
from noyau.permissions import verifier
from noyau.tri import alpha
from projets import enveloppes as calcul_enveloppes
from projets import selectors as projets_selectors
from projets.models import Enveloppe
from seances import selectors as seances_selectors
from seances.models import Point

DESCRIPTION = """API en lecture seule du portail ACCORD.

**Authentification** : un jeton personnel, créé sur la page « Sécurité du compte → Jetons d'API »
du portail, dans l'en-tête `Authorization: Bearer accord_…`. L'API montre exactement ce que le
même compte voit dans le portail (mêmes règles, mêmes listes).

**Pagination** : `page` (à partir de 1) et `page_size` (25 par défaut, 100 au plus); la réponse
donne `items` et `count`.

**Limite** : un nombre de requêtes par compte et par minute; au-delà, `429` avec `Retry-After`.

Les données ouvertes (projets acceptés, répertoire des créneaux) se lisent sans jeton sous
`/donnees-ouvertes/`.
"""

ERREURS = {401: schemas.Erreur, 422: schemas.Erreur, 429: schemas.Erreur}
ERREURS_OBJET = {**ERREURS, 403: schemas.Erreur, 404: schemas.Erreur}
MAX_PAGE = 100_000

api = NinjaAPI(
    title="API du portail ACCORD",
    version="1",
    description=DESCRIPTION,
    auth=JetonPersonnel(),
    throttle=[LimiteParCompte()],
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=100)

    def __init__(self, **kwargs):
        super().__init__(page_size=25, max_page_size=100, **kwargs)


class FiltreInvalide(Exception):  # noqa: N818 (domain name: « filtre invalide »)
    def __init__(self, erreurs):
        super().__init__("filtre invalide")
        self.erreurs = erreurs


@api.exception_handler(FiltreInvalide)
def filtre_invalide(request, exc):
    return api.create_response(request, {"detail": exc.erreurs}, status=422)


def _filtrer(filterset):
    """The filter set's rows, or 422 with its errors by parameter (the page shows them next to its
    fields)."""
    if filterset.is_bound and not filterset.is_valid():
        raise FiltreInvalide({champ: [str(m) for m in messages] for champ, messages in filterset.errors.items()})
    return filterset.qs


def _exiger(regle, request, objet):
    verdict = verifier(regle, request.user, objet)
    if not verdict.ok:
        raise HttpError(403, str(verdict.raison))
    return objet


# ---- Créneaux ------------------------------------------------------------------------------


class FiltresCreneaux(Schema):
    q: str | None = Field(None, max_length=200, description="Recherche dans le nom, le sigle, le secteur, la vision.")
    region: int | None = Field(None, ge=1, le=2**31 - 1, description="Identifiant d'une région (porteuse ou associée).")
    statut: str | None = Field(None, description="autorise, reconnu, fusionne ou retire.")
    secteur: str | None = Field(None, max_length=120)


@api.get("/creneaux", response={200: list[schemas.Creneau], **ERREURS}, tags=["créneaux"], summary="Répertoire des créneaux")
@paginate(Pagination)
def creneaux(request, filtres: Query[FiltresCreneaux]):
    qs = Creneau.objects.publics().pour_annuaire().order_by(alpha("nom"), "region_porteuse__code")
    return _filtrer(CreneauFilter(request.GET or None, queryset=qs))


@api.get("/creneaux/{slug}", response={200: schemas.Creneau, **ERREURS_OBJET}, tags=["créneaux"], summary="Fiche d'un créneau")
def creneau(request, slug: str):
    objet = get_object_or_404(Creneau.objects.pour_annuaire(), slug=slug)
    return _exiger("creneaux.voir_fiche", request, objet)


# ---- Comités -------------------------------------------------------------------------------


class FiltresComites(Schema):
    type: Comite.Type | None = None
    creneau: str | None = Field(None, max_length=120, description="Slug du créneau.")
    region: str | None = Field(None, max_length=2, description="Code de la région (01 à 17).")


@api.get("/comites", response={200: list[schemas.Comite], **ERREURS}, tags=["comités"], summary="Comités")
@paginate(Pagination)
def comites(request, filtres: Query[FiltresComites]):
    qs = comites_visibles(request.user).order_by(alpha("nom"), "pk")
    if filtres.type:
        qs = qs.filter(type=filtres.type)
    if filtres.creneau:
        qs = qs.filter(creneau__slug=filtres.creneau)
    if filtres.region:
        qs = qs.filter(region__code=filtres.region)
    return qs


@api.get("/comites/{comite_id}", response={200: schemas.Comite, **ERREURS_OBJET}, tags=["comités"], summary="Un comité")
def comite(request, comite_id: int = Path(..., ge=1, le=2**31 - 1)):
    objet = get_object_or_404(Comite.objects.select_related("creneau__region_porteuse", "region"), pk=comite_id)
    return _exiger("creneaux.voir_comite", request, objet)


# ---- Séances -------------------------------------------------------------------------------


class FiltresSeances(Schema):
    comite: int | None = Field(None, ge=1, le=2**31 - 1, description="Identifiant du comité.")
    statut: Reunion.Statut | None = None
    depuis: date | None = Field(None, description="Séances de ce jour ou après.")
    jusqua: date | None = Field(None, description="Séances de ce jour ou avant.")


@api.get("/seances", response={200: list[schemas.Seance], **ERREURS}, tags=["séances"], summary="Séances des comités")
@paginate(Pagination)
def seances(request, filtres: Query[FiltresSeances]):
    qs = seances_selectors.liste(request.user)
    if filtres.comite:
        qs = qs.filter(comite=filtres.comite)
    if filtres.statut:
        qs = qs.filter(statut=filtres.statut)
    if filtres.depuis:
        qs = qs.filter(date__date__gte=filtres.depuis)
    if filtres.jusqua:
        qs = qs.filter(date__date__lte=filtres.jusqua)
    return qs


@api.get(
    "/seances/{seance_id}",
    response={200: schemas.SeanceDetail, **ERREURS_OBJET},
    tags=["séances"],
    summary="Une séance et son ordre du jour",
)
def seance(request, seance_id: int = Path(..., ge=1, le=2**31 - 1)):
    objet = get_object_or_404(
        Reunion.objects.select_related("comite__creneau", "comite__region").prefetch_related(
            Prefetch("points", queryset=Point.objects.order_by("ordre", "pk"))
        ),
        pk=seance_id,
    )
    return _exiger("seances.voir", request, objet)


# ---- Projets -------------------------------------------------------------------------------


class FiltresProjets(Schema):
    q: str | None = Field(None, max_length=200, description="Numéro, titre ou porteur.")
    statut: list[str] | None = Field(None, description="États (répétable) : brouillon, comite_creneau, accepte…")
    region: int | None = Field(None, ge=1, le=2**31 - 1, description="Identifiant de la région porteuse.")
    creneau: int | None = Field(None, ge=1, le=2**31 - 1, description="Identifiant du créneau.")
    programme: int | None = Field(None, ge=1, le=2**31 - 1, description="Identifiant du programme.")
    exercice: str | None = Field(None, max_length=9, description="Exercice : 2025 ou 2025-2026.")
    enjeu: str | None = Field(None, max_length=15)
    demande_min: float | None = Field(None, ge=0, le=1e12, description="Aide demandée minimale ($).")
    demande_max: float | None = Field(None, ge=0, le=1e12, description="Aide demandée maximale ($).")
    tri: str | None = Field(
        None, description="numero, titre, creneau, region, porteur, statut, demande, depuis (préfixe - : décroissant)."
    )


@api.get("/projets", response={200: list[schemas.Projet], **ERREURS}, tags=["projets"], summary="Projets (la liste du portail)")
@paginate(Pagination)
def projets(request, filtres: Query[FiltresProjets]):
    # The list page's rows (its narrow columns), plus the keys the API gives for the créneau and region.
    rangees = _filtrer(projets_selectors.filtre_liste(request.user, request.GET))
    return rangees.only(*projets_selectors.COLONNES_LISTE, "creneau__slug", "creneau__region_porteuse__code")


@api.get(
    "/projets/{projet_id}",
    response={200: schemas.ProjetDetail, **ERREURS_OBJET},
    tags=["projets"],
    summary="Un projet et ses décisions",
)
def projet(request, projet_id: int = Path(..., ge=1, le=2**31 - 1)):
    objet = get_object_or_404(projets_selectors.fiche(), pk=projet_id)
    return _exiger("projets.voir", request, objet)


# ---- Bilans --------------------------------------------------------------------------------


class FiltresBilans(Schema):
    creneau: str | None = Field(None, max_length=120, description="Slug du créneau.")
    exercice: int | None = Field(None, ge=1990, le=2100, description="Année de début de l'exercice.")
    statut: StatutBilan | None = None


@api.get("/bilans", response={200: list[schemas.Bilan], **ERREURS}, tags=["bilans"], summary="Bilans annuels")
@paginate(Pagination)
def bilans(request, filtres: Query[FiltresBilans]):
    qs = bilans_selectors.visibles(request.user).order_by("-exercice", alpha("creneau__nom"), "pk")
    if filtres.creneau:
        qs = qs.filter(creneau__slug=filtres.creneau)
    if filtres.exercice:
        qs = qs.filter(exercice=filtres.exercice)
    if filtres.statut:
        qs = qs.filter(statut=filtres.statut)
    return qs


# ---- Enveloppes ----------------------------------------------------------------------------


class FiltresEnveloppes(Schema):
    programme: str | None = Field(None, max_length=20, description="Sigle du programme.")
    region: str | None = Field(None, max_length=2, description="Code de la région (01 à 17).")


def _enveloppe(env, etat):
    return {
        "id": env.pk,
        "programme": env.programme.sigle,
        "region": env.region,
        "montant": etat.montant,
        "engage": etat.accorde,
        "en_attente": etat.en_attente,
        "desengage": etat.desengage,
        "disponible": etat.disponible,
        "par_creneau": [
            {
                "creneau": p.creneau,
                "part": p.part,
                "engage": p.accorde,
                "en_attente": p.en_attente,
                "desengage": p.desengage,
                "disponible": p.disponible_apres_attente,  # the API's field name, kept
            }
            for p in etat.par_creneau
        ],
    }


@api.get("/enveloppes", response={200: list[schemas.Enveloppe], **ERREURS}, tags=["enveloppes"], summary="Enveloppes régionales")
@paginate(Pagination)
def enveloppes(request, filtres: Query[FiltresEnveloppes]):
    qs = projets_selectors.enveloppes_visibles(request.user).order_by("programme__sigle", "region__code")
    if filtres.programme:
        qs = qs.filter(programme__sigle=filtres.programme)
    if filtres.region:
        qs = qs.filter(region__code=filtres.region)
    # A handful of envelopes (programmes × 17 regions): their figures in the same few queries.
    liste = list(qs)
    etats = calcul_enveloppes.etats(liste)
    return [_enveloppe(e, etats[e.programme_id, e.region_id]) for e in liste]


@api.get(
    "/enveloppes/{enveloppe_id}",
    response={200: schemas.Enveloppe, **ERREURS_OBJET},
    tags=["enveloppes"],
    summary="Une enveloppe et sa répartition",
)
def enveloppe(request, enveloppe_id: int = Path(..., ge=1, le=2**31 - 1)):
    env = _exiger(
        "projets.voir_enveloppe",
        request,
        get_object_or_404(Enveloppe.objects.select_related("programme", "region"), pk=enveloppe_id),
    )
    return _enveloppe(env, calcul_enveloppes.etats([env])[env.programme_id, env.region_id])
