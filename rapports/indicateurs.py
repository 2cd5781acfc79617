"""Every figure of the reports and of the dashboard, computed in one place.

`calculer(projets, ...)` reads the filtered projects in ONE query (amounts requested and paid are
correlated subqueries), the regions in one more, the envelopes through projets.enveloppes (a few
queries per envelope), and groups in Python: the query count does not depend on the number of
projects, and the provincial report, the regional report and the dashboard show the same numbers.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from creneaux.models import Enjeu
from projets import enveloppes
from projets.models import STATUTS_ENGAGES, Enveloppe, Statut, Versement
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


def projets_avec_montants(projets):
    """`projets` as value rows with the amount requested from the programme and the amount paid."""
    verse = Versement.objects.filter(projet=OuterRef("pk")).order_by().values("projet").annotate(s=Sum("montant")).values("s")
    return (
        projets.avec_demande()
        .annotate(
            verse=Coalesce(Subquery(verse, output_field=_ARGENT), Value(ZERO)),
        )
        .order_by("creneau__region_porteuse__code", "creneau__nom", "numero", "pk")
        .values(
            "pk",
            "numero",
            "titre",
            "statut",
            "enjeu",
            "exercice",
            "montant_accorde",
            "montant_desengage",
            "demande",
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


def _ajouter(cumul, p):
    cumul["nb"] += 1
    cumul["demande"] += p["demande"]
    cumul["accorde"] += p["accorde"]
    cumul["verse"] += p["verse"]


def etat_enveloppes(programmes=None, regions=None):
    """{(programme_id, region_id): projets.enveloppes.EtatEnveloppe} of the envelopes in scope.

    The projets app owns the envelope's definitions (granted, pending, available, split by
    créneau): 4 queries whatever the number of envelopes.
    """
    scope = Enveloppe.objects.select_related("programme", "region")
    if programmes is not None:
        scope = scope.filter(programme__in=programmes)
    if regions is not None:
        scope = scope.filter(region__in=regions)
    return enveloppes.etats(scope)


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
    projets: list
    totaux: dict
    regions: Tableau
    enjeux: Tableau
    programmes: Tableau
    statuts: Tableau
    creneaux: Tableau

    def tableaux(self):
        return {t.cle: t for t in (self.regions, self.enjeux, self.programmes, self.statuts, self.creneaux, self.liste_projets())}

    def liste_projets(self):
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
            self.projets,
            {"numero": _("Total"), **self.totaux},
        )


def calculer(projets, regions=None, programmes=None):
    """Figures for `projets` (a Projet queryset already filtered by exercice, region, programme…).

    `regions` / `programmes` (querysets or None for all) bound the region and envelope tables.
    """
    regions = list(Region.objects.all() if regions is None else regions)
    par_id_region = {r.pk: r for r in regions}
    libelles_enjeu = dict(Enjeu.choices)
    libelles_statut = dict(Statut.choices)
    etats = etat_enveloppes(programmes, regions)

    lignes, totaux = [], _vide()
    par_region, par_enjeu, par_programme, par_statut, par_creneau = (defaultdict(_vide) for _i in range(5))
    noms_programmes, noms_creneaux, region_creneau = {}, {}, {}
    for p in projets_avec_montants(projets):
        region = par_id_region.get(p["creneau__region_porteuse_id"])
        # Granted, less the balance the Ministère released (back on the envelope): the engaged sum.
        p["accorde"] = (p["montant_accorde"] or ZERO) - p["montant_desengage"] if p["statut"] in STATUTS_ENGAGES else ZERO
        p["region"] = region.nom if region else ""
        p["creneau"] = p["creneau__nom"]
        p["programme"] = p["programme__sigle"]
        p["enjeu_libelle"] = libelles_enjeu.get(p["enjeu"], "")
        p["statut_libelle"] = libelles_statut[p["statut"]]
        lignes.append(p)
        _ajouter(totaux, p)
        _ajouter(par_region[p["creneau__region_porteuse_id"]], p)
        _ajouter(par_enjeu[p["enjeu"]], p)
        _ajouter(par_programme[p["programme_id"]], p)
        _ajouter(par_statut[p["statut"]], p)
        _ajouter(par_creneau[p["creneau_id"]], p)
        noms_programmes[p["programme_id"]] = p["programme__sigle"]
        noms_creneaux[p["creneau_id"]] = p["creneau__nom"]
        region_creneau[p["creneau_id"]] = p["region"]

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
    return Indicateurs(lignes, totaux, t_regions, t_enjeux, t_programmes, t_statuts, t_creneaux)
