"""Every figure of the reports and of the dashboard, computed in one place.

The figures of an exercice (1 April to 31 March) are three flows, each dated by its event:
- demandé: the aid requested by the projects FILED in the exercice (`Projet.exercice`);
- accordé: the amounts granted by the Ministère's acceptances dated in the exercice, less the
  balances released (désengagements) and the grants withdrawn (retrait of an engaged project)
  dated in it;
- versé: the payments (Versement) dated in the exercice.
A project is a row when one of these events falls in the exercice. Without an exercice (None) the
three flows run over every year: the cumulative figures (net granted of the engaged projects, every
payment). The envelope figures are a stock: engaged since the envelope opened, whatever the exercice.

`calculer(exercice, ...)` sums the rows in ONE query (each flow a correlated subquery bounded by
the exercice's dates, one GROUP BY per table), the regions in one more, the
envelopes through projets.enveloppes (4 queries): the query count and the Python work do not
depend on the number of projects, and the provincial report, the regional report and the
dashboard show the same numbers. The project rows themselves are read only where they are shown
(a page of the dashboard, the annex).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Case, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from creneaux.models import Enjeu
from noyau.exercices import bornes, intervalle
from projets import enveloppes
from projets.models import STATUTS_ENGAGES, Decision, Enveloppe, Projet, Statut, Versement
from regions.models import Region

ZERO = Decimal("0.00")
_ARGENT = DecimalField(max_digits=14, decimal_places=2)

# Column formats understood by the templates and the exports.
TEXTE, NOMBRE, ARGENT, TAUX = "texte", "nombre", "argent", "taux"


@dataclass
class Tableau:
    """A table as shown, printed and exported: columns (key, label, format), rows, total row."""

    cle: str
    titre: str
    colonnes: list
    lignes: list = field(default_factory=list)
    total: dict | None = None

    def cellules(self, ligne):
        return [(ligne.get(cle), fmt) for cle, _libelle, fmt in self.colonnes]

    def rangees(self):
        """Rows as lists of (value, format), for the templates."""
        return [self.cellules(ligne) for ligne in self.lignes]

    def rangee_total(self):
        return self.cellules(self.total) if self.total else None


MONTANTS = [
    ("nb", _("Projets"), NOMBRE),
    ("demande", _("Demandé"), ARGENT),
    ("accorde", _("Accordé (exercice)"), ARGENT),
    ("verse", _("Versé"), ARGENT),
]
ENVELOPPE = [
    ("enveloppe", _("Enveloppe"), ARGENT),
    ("engage", _("Engagé (cumul)"), ARGENT),
    ("desengage", _("Désengagé"), ARGENT),
    ("en_attente", _("En attente"), ARGENT),
    ("disponible", _("Disponible"), ARGENT),
    ("utilisation", _("Utilisation"), TAUX),
]

# The decisions that change the amount granted: the Ministère's acceptance (its amount), the
# release of an unpaid balance (its amount, subtracted), the withdrawal of an engaged project
# (its net grant, subtracted: the project's figures no longer move once it is withdrawn).
ACCEPTATION = Q(etape=Decision.Etape.DECISION_MINISTERE, vers_statut=Statut.ACCEPTE)
DESENGAGEMENT = Q(etape=Decision.Etape.DESENGAGEMENT)
RETRAIT_ENGAGE = Q(etape=Decision.Etape.RETRAIT, de_statut__in=STATUTS_ENGAGES)


def _decisions_sur_l_accorde(exercice):
    decisions = Decision.objects.filter(ACCEPTATION | DESENGAGEMENT | RETRAIT_ENGAGE)
    if exercice is None:
        return decisions
    debut, fin = intervalle(exercice)
    return decisions.filter(horodatage__gte=debut, horodatage__lt=fin)


def _versements(exercice):
    return Versement.objects.all() if exercice is None else Versement.objects.filter(date__range=bornes(exercice))


def projets_de_l_exercice(exercice, region=None, programme=None, enjeu=None):
    """The projects the figures of `exercice` cover (None: every filed project), in scope: filed in
    it, or granted, released, withdrawn or paid in it. Filters left at None do not narrow."""
    projets = Projet.objects.exclude(exercice=None)
    if exercice is not None:
        projets = projets.filter(
            Q(exercice=exercice)
            | Q(pk__in=_decisions_sur_l_accorde(exercice).values("projet"))
            | Q(pk__in=_versements(exercice).values("projet"))
        )
    if region is not None:
        projets = projets.filter(creneau__region_porteuse=region)
    if programme is not None:
        projets = projets.filter(programme=programme)
    return projets if not enjeu else projets.filter(enjeu=enjeu)


def _somme(lignes, valeur):
    """Correlated subquery: the sum of `valeur` over `lignes` of the outer project, 0 when none."""
    somme = lignes.filter(projet=OuterRef("pk")).order_by().values("projet").annotate(s=Sum(valeur)).values("s")
    return Coalesce(Subquery(somme, output_field=_ARGENT), Value(ZERO), output_field=_ARGENT)


def _avec_flux(projets, exercice):
    """`projets` annotated with their three flows in `exercice` (None: over every year)."""
    accorde = Case(
        When(ACCEPTATION, then=F("montant")),
        When(DESENGAGEMENT, then=-F("montant")),
        When(RETRAIT_ENGAGE, then=OuterRef("montant_desengage") - OuterRef("montant_accorde")),
        output_field=_ARGENT,
    )
    demande = F("demande") if exercice is None else Case(When(exercice=exercice, then=F("demande")), default=Value(ZERO))
    return projets.avec_demande().annotate(
        demande_exercice=demande,
        accorde=_somme(_decisions_sur_l_accorde(exercice), accorde),
        verse=_somme(_versements(exercice), "montant"),
    )


def projets_avec_montants(projets, exercice):
    """`projets` as value rows with their three flows in `exercice` (None: over every year)."""
    return (
        _avec_flux(projets, exercice)
        .order_by("creneau__region_porteuse__code", "creneau__nom", "numero", "pk")
        .values(
            "pk",
            "numero",
            "titre",
            "statut",
            "enjeu",
            "exercice",
            "demande_exercice",
            "accorde",
            "verse",
            "programme_id",
            "programme__sigle",
            "creneau_id",
            "creneau__nom",
            "creneau__region_porteuse_id",
        )
    )


def _vide():
    return {"nb": 0, "demande": ZERO, "accorde": ZERO, "verse": ZERO}


def etat_enveloppes(programmes=None, regions=None):
    """{(programme_id, region_id): projets.enveloppes.EtatEnveloppe} of the envelopes in scope.

    The projets app owns the envelope's definitions (granted, pending, available, split by
    créneau): 4 queries whatever the number of envelopes.
    """
    scope = Enveloppe.objects.only("programme_id", "region_id", "montant")
    if programmes is not None:
        scope = scope.filter(programme__in=programmes)
    if regions is not None:
        scope = scope.filter(region__in=regions)
    return enveloppes.etats(scope, leger=True)


def _vide_env():
    return {"engage": ZERO, "en_attente": ZERO, "desengage": ZERO}


def _figures_enveloppe(montant, engage, en_attente, desengage=ZERO):
    return {
        "enveloppe": montant,
        "desengage": desengage,
        "engage": engage,
        "en_attente": en_attente,
        "disponible": montant - engage,
        "utilisation": (engage / montant) if montant else None,
    }


@dataclass
class Indicateurs:
    requete: QuerySet  # the project rows (projets_avec_montants), read only when shown
    totaux: dict
    regions: Tableau
    enjeux: Tableau
    programmes: Tableau
    statuts: Tableau
    creneaux: Tableau
    regions_par_id: dict

    @property
    def projets(self):
        """Every project row, formatted (the reports' annex, the exports)."""
        return self.formater(self.requete)

    def formater(self, rangees):
        """Rows of `requete` (all, or a page) with the labels the project table shows."""
        libelles_enjeu, libelles_statut = dict(Enjeu.choices), dict(Statut.choices)
        lignes = []
        for p in rangees:
            p = dict(p)
            region = self.regions_par_id.get(p["creneau__region_porteuse_id"])
            p["demande"] = p.pop("demande_exercice")
            p["region"] = region.nom if region else ""
            p["creneau"] = p["creneau__nom"]
            p["programme"] = p["programme__sigle"]
            p["enjeu_libelle"] = libelles_enjeu.get(p["enjeu"], "")
            p["statut_libelle"] = libelles_statut[p["statut"]]
            lignes.append(p)
        return lignes

    def tableaux(self):
        return {t.cle: t for t in (self.regions, self.enjeux, self.programmes, self.statuts, self.creneaux, self.liste_projets())}

    def liste_projets(self, lignes=None):
        """The project table: every row, or the `lignes` given (a page, already formatted)."""
        return Tableau(
            "projets",
            _("Projets"),
            [
                ("numero", _("Numéro"), TEXTE),
                ("titre", _("Titre"), TEXTE),
                ("creneau", _("Créneau"), TEXTE),
                ("region", _("Région"), TEXTE),
                ("programme", _("Programme"), TEXTE),
                ("enjeu_libelle", _("Enjeu"), TEXTE),
                ("statut_libelle", _("Statut"), TEXTE),
                ("demande", _("Demandé"), ARGENT),
                ("accorde", _("Accordé"), ARGENT),
                ("verse", _("Versé"), ARGENT),
            ],
            self.projets if lignes is None else lignes,
            {"numero": _("Total"), **self.totaux},
        )


# The five groupings of the tables, and the grand total (the empty set).
_DIMENSIONS = {
    "region": "creneau__region_porteuse_id",
    "enjeu": "enjeu",
    "programme": "programme_id",
    "statut": "statut",
    "creneau": "creneau_id",
}


def _argent(valeur):
    """A sum as the database returns it (Decimal on PostgreSQL, float or int on SQLite), in cents."""
    return Decimal(str(valeur or 0)).quantize(ZERO)


def _groupes(projets, exercice):
    """{dimension: {key: figures}} and the total, summed by the database in ONE query over the rows
    of `projets_avec_montants` (computed once, as a CTE; one GROUP BY per table, plus the total, in
    a UNION ALL that PostgreSQL and the embedded SQLite both run): nothing per project crosses into
    Python."""
    rangees = (
        _avec_flux(projets, exercice)
        .annotate(**{f"g_{d}": F(chemin) for d, chemin in _DIMENSIONS.items()})
        .annotate(g_creneau_nom=F("creneau__nom"), g_programme_sigle=F("programme__sigle"))
        .order_by()
        .values(*(f"g_{d}" for d in _DIMENSIONS), "g_creneau_nom", "g_programme_sigle", "demande_exercice", "accorde", "verse")
    )
    sql, params = rangees.query.sql_with_params()
    sommes = (
        "MIN(g_creneau_nom), MIN(g_region), MIN(g_programme_sigle), COUNT(*), "
        "SUM(demande_exercice), SUM(accorde), SUM(verse) FROM p"
    )

    # Each branch keeps its key in its own column, NULL in the others; the keys' types differ, so
    # each NULL takes its column's type (a bare NULL would not, on PostgreSQL).
    def cles(gardee=None):
        return ", ".join(f"g_{d}" if d == gardee else f"CASE WHEN 1 = 0 THEN MIN(g_{d}) END" for d in _DIMENSIONS)

    parties = [f"SELECT '{d}', {cles(d)}, {sommes} GROUP BY g_{d}" for d in _DIMENSIONS]
    parties.append(f"SELECT 'total', {cles()}, {sommes}")
    with connection.cursor() as curseur:
        curseur.execute(f"WITH p AS ({sql}) " + " UNION ALL ".join(parties), params)
        resultats = curseur.fetchall()
    groupes, noms = {d: {} for d in _DIMENSIONS}, {"creneau": {}, "programme": {}, "region_creneau": {}}
    totaux = _vide()
    for dimension, *valeurs in resultats:
        cles_rangee, (nom_creneau, region_creneau, sigle, nb, demande, accorde, verse) = (
            valeurs[: len(_DIMENSIONS)],
            valeurs[len(_DIMENSIONS) :],
        )
        figures = {"nb": nb, "demande": _argent(demande), "accorde": _argent(accorde), "verse": _argent(verse)}
        if dimension == "total":
            totaux = figures
            continue
        cle = cles_rangee[list(_DIMENSIONS).index(dimension)]
        groupes[dimension][cle] = figures
        if dimension == "creneau":
            noms["creneau"][cle], noms["region_creneau"][cle] = nom_creneau, region_creneau
        elif dimension == "programme":
            noms["programme"][cle] = sigle
    return groupes, totaux, noms


def calculer(exercice, region=None, programme=None, enjeu=None):
    """The figures of `exercice` (None: of every year, cumulated) for the projects of `region`,
    `programme` and `enjeu` (None: all); `region` and `programme` also bound the region and
    envelope tables (envelopes have no enjeu). The project rows are read only when asked for
    (`Indicateurs.projets`, or a page of them)."""
    regions = list(Region.objects.all()) if region is None else [region]
    par_id_region = {r.pk: r for r in regions}
    libelles_enjeu = dict(Enjeu.choices)
    etats = etat_enveloppes(None if programme is None else [programme], regions)
    projets = projets_de_l_exercice(exercice, region, programme, enjeu)
    groupes, totaux, noms = _groupes(projets, exercice)
    par_region, par_enjeu, par_programme, par_statut = (
        defaultdict(_vide, groupes[d]) for d in ("region", "enjeu", "programme", "statut")
    )
    par_creneau, noms_programmes, noms_creneaux = defaultdict(_vide, groupes["creneau"]), noms["programme"], noms["creneau"]
    region_creneau = {c: par_id_region[r].nom for c, r in noms["region_creneau"].items() if r in par_id_region}

    total_env = {"montant": ZERO, "engage": ZERO, "en_attente": ZERO, "desengage": ZERO}
    env_par_region = defaultdict(lambda: {"montant": ZERO, "engage": ZERO, "en_attente": ZERO, "desengage": ZERO})
    env_par_creneau = defaultdict(_vide_env)
    for (_programme_id, region_id), env in etats.items():
        for cle, valeur in (
            ("montant", env.montant),
            ("engage", env.accorde),
            ("en_attente", env.en_attente),
            ("desengage", env.desengage),
        ):
            env_par_region[region_id][cle] += valeur
            total_env[cle] += valeur
        for part in env.par_creneau:
            env_par_creneau[part.creneau.pk]["engage"] += part.accorde
            env_par_creneau[part.creneau.pk]["en_attente"] += part.en_attente
            env_par_creneau[part.creneau.pk]["desengage"] += part.desengage
            noms_creneaux.setdefault(part.creneau.pk, part.creneau.nom)
            if (r := par_id_region.get(part.creneau.region_porteuse_id)) is not None:
                region_creneau.setdefault(part.creneau.pk, r.nom)

    t_regions = Tableau(
        "regions",
        _("Par région"),
        [("code", _("Code"), TEXTE), ("libelle", _("Région"), TEXTE), *MONTANTS, *ENVELOPPE],
        [{"code": r.code, "libelle": r.nom, **par_region[r.pk], **_figures_enveloppe(**env_par_region[r.pk])} for r in regions],
        {"code": "", "libelle": _("Total"), **totaux, **_figures_enveloppe(**total_env)},
    )
    t_enjeux = Tableau(
        "enjeux",
        _("Par enjeu"),
        [("libelle", _("Enjeu"), TEXTE), *MONTANTS],
        [
            {"libelle": libelles_enjeu.get(cle, _("Non précisé")), **par_enjeu[cle]}
            for cle in (*libelles_enjeu, "")
            if cle in par_enjeu
        ],
        {"libelle": _("Total"), **totaux},
    )
    t_programmes = Tableau(
        "programmes",
        _("Par programme"),
        [("libelle", _("Programme"), TEXTE), *MONTANTS],
        sorted(({"libelle": noms_programmes[pid], **m} for pid, m in par_programme.items()), key=lambda ligne: ligne["libelle"]),
        {"libelle": _("Total"), **totaux},
    )
    t_statuts = Tableau(
        "statuts",
        _("Par état du projet"),
        [("libelle", _("État"), TEXTE), *MONTANTS],
        [{"libelle": libelle, **par_statut[cle]} for cle, libelle in Statut.choices if cle in par_statut],
        {"libelle": _("Total"), **totaux},
    )
    ids_creneaux = sorted(set(par_creneau) | set(env_par_creneau), key=lambda c: noms_creneaux[c])
    t_creneaux = Tableau(
        "creneaux",
        _("Par créneau"),
        [
            ("libelle", _("Créneau"), TEXTE),
            ("region", _("Région"), TEXTE),
            *MONTANTS,
            ("engage", _("Engagé (cumul)"), ARGENT),
            ("en_attente", _("En attente"), ARGENT),
        ],
        [
            {"libelle": noms_creneaux[c], "region": region_creneau.get(c, ""), **par_creneau[c], **env_par_creneau[c]}
            for c in ids_creneaux
        ],
        {"libelle": _("Total"), "region": "", **totaux, "engage": total_env["engage"], "en_attente": total_env["en_attente"]},
    )
    return Indicateurs(
        projets_avec_montants(projets, exercice), totaux, t_regions, t_enjeux, t_programmes, t_statuts, t_creneaux, par_id_region
    )
