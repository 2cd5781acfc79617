"""What the project pages read: what a user may see (`visibles`), the list and its export
(`filtre_liste`), the project page (`fiche`, `historique`, `fil_du_projet`) and what waits for
a user (`a_traiter`).

`visibles(user)` is the queryset twin of the rule `projets.voir` (projets/rules.py): list pages
and exports start from it. `a_traiter(user)` is the « À traiter » provider (one query).
"""

import operator
from decimal import Decimal
from functools import reduce

from django.db.models import (
    BooleanField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from creneaux.models import Creneau
from creneaux.roles import roles_de
from noyau.a_traiter import Tache
from noyau.formats import format_argent
from projets.filters import ProjetFilter
from projets.models import (
    STATUTS_DEPUIS_REGIONAL,
    STATUTS_ENGAGES,
    ChangementBudget,
    Commentaire,
    Decision,
    Enveloppe,
    PieceJointe,
    Programme,
    Projet,
    Statut,
    Versement,
)

# « À traiter » lists at most this many projects per user (oldest first).
LIMITE_A_TRAITER = 100


def visibles(user, qs=None):
    """Projects `user` may read (same answer as the rule projets.voir, as a queryset)."""
    qs = Projet.objects.all() if qs is None else qs
    roles = roles_de(user)  # an anonymous user has no role: every branch below is empty
    if roles.central or roles.admin:
        return qs
    soumis = ~Q(statut=Statut.BROUILLON) & ~Q(statut=Statut.RETIRE, soumis_le__isnull=True)
    passe_au_regional = Q(statut__in=STATUTS_DEPUIS_REGIONAL) | Q(
        statut__in=(Statut.A_COMPLETER, Statut.RETIRE),
        pk__in=Decision.objects.filter(vers_statut=Statut.COMITE_REGIONAL).values("projet"),
    )
    q = (
        Q(creneau__in=roles.coordination)
        | Q(creneau__region_porteuse__in=roles.directions_regionales)
        | (Q(creneau__in=roles.creneaux_membre) & soumis)
        | (Q(creneau__region_porteuse__in=roles.regions_membre) & passe_au_regional)
    )
    return qs.filter(q)


# Columns the list and the export show: narrow rows keep joins and sorts cheap on large tables.
COLONNES_LISTE = [
    "numero",
    "titre",
    "enjeu",
    "exercice",
    "statut",
    "statut_depuis",
    "montant_accorde",
    "creneau__nom",
    "creneau__region_porteuse__nom",
    "programme__sigle",
    "porteur__nom",
]


def filtre_liste(user, parametres) -> ProjetFilter:
    """The filter set of the list and of its CSV export: `user`'s visible projects with the aid
    requested (`demande`), newest first (by primary key: an index scan that stops after one page)."""
    queryset = visibles(user).pour_liste().only(*COLONNES_LISTE).avec_demande().order_by("-pk")
    return ProjetFilter(parametres or None, queryset=queryset)


def pour_depot():
    """The filing steps' queryset: the project with its lines, partners and programme rules."""
    return Projet.objects.pour_detail().prefetch_related("programme__regles")


def programme_par_defaut():
    """The programme a new project starts with: FSDCE, else the first one."""
    return Programme.objects.filter(sigle="FSDCE").first() or Programme.objects.first()


def fiche():
    """The project page's queryset: everything it shows, prefetched."""
    return (
        Projet.objects.pour_detail()
        .prefetch_related(
            "programme__regles",
            Prefetch("pieces_jointes", queryset=PieceJointe.objects.select_related("ajoute_par")),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("auteur", "comite", "reunion").prefetch_related("en_conflit"),
            ),
            Prefetch("commentaires", queryset=Commentaire.objects.select_related("auteur")),
            "versements",
        )
        .select_related("rapport_final", "priorite__region")
    )


def fil_du_projet(projet):
    """Decisions and comments in time order (both prefetched by `fiche()`)."""
    evenements = [("decision", d.horodatage, d) for d in projet.decisions.all()]
    evenements += [("commentaire", c.cree_le, c) for c in projet.commentaires.all()]
    return sorted(evenements, key=lambda e: e[1])


HISTORIQUE_MAX = 30
CHAMPS_HISTORIQUE = [
    "numero",
    "titre",
    "creneau",
    "programme",
    "porteur",
    "entreprise_leader",
    "activite",
    "description",
    "objectifs",
    "enjeu",
    "priorite",
    "action",
    "date_debut",
    "date_fin",
    "statut",
    "exercice",
    "montant_accorde",
]


def historique(projet):
    """Field changes, newest first: who, when, and each field's old → new value (readable).

    Foreign keys are resolved in one query per related model, whatever the number of changes."""
    versions = list(projet.history.select_related("history_user").order_by("-history_date", "-history_id")[: HISTORIQUE_MAX + 1])
    entrees = []
    for recente, ancienne in zip(versions, versions[1:] + [None], strict=False):
        if ancienne is None:
            changements = []
        else:
            delta = recente.diff_against(ancienne, included_fields=CHAMPS_HISTORIQUE)
            changements = [(c.field, c.old, c.new) for c in delta.changes]
        entrees.append({"version": recente, "changements": changements})
    entrees = entrees[:HISTORIQUE_MAX]
    a_resoudre = {}
    for e in entrees:
        for champ, avant, apres in e["changements"]:
            f = Projet._meta.get_field(champ)
            if f.is_relation:
                a_resoudre.setdefault(champ, set()).update(v for v in (avant, apres) if v is not None)
    noms = {
        champ: {o.pk: str(o) for o in Projet._meta.get_field(champ).related_model._default_manager.filter(pk__in=ids)}
        for champ, ids in a_resoudre.items()
    }

    def lisible(champ, valeur):
        if valeur in (None, ""):
            return "—"
        f = Projet._meta.get_field(champ)
        if f.is_relation:
            return noms[champ].get(valeur, f"#{valeur}")
        if f.choices:
            return dict(f.flatchoices).get(valeur, valeur)
        if isinstance(valeur, Decimal):
            return format_argent(valeur)
        return valeur

    for e in entrees:
        e["changements"] = [
            (Projet._meta.get_field(c).verbose_name, lisible(c, avant), lisible(c, apres)) for c, avant, apres in e["changements"]
        ]
    # Budget lines changed by each saving (line, before → after): one query.
    budget = {}
    for c in ChangementBudget.objects.filter(projet=projet, version_historique__in=[e["version"].history_id for e in entrees]):
        budget.setdefault(c.version_historique, []).append(c)
    for e in entrees:
        e["budget"] = budget.get(e["version"].history_id, [])
    return entrees


def analyse_du_passage():
    """Exists: the direction régionale has analysed the project since it last reached the Ministère
    (the queryset twin of derniere_analyse, for a project au Ministère)."""
    return Exists(
        Decision.objects.filter(
            projet=OuterRef("pk"),
            etape=Decision.Etape.ANALYSE,
            vers_statut=Statut.MINISTERE,
            horodatage__gte=OuterRef("statut_depuis"),
        )
    )


def _taches_q(roles):
    """(Q, what is expected, kind) for each role of the user: one « À traiter » entry per match;
    the kind is the home page's grouping key (portail.a_traiter.GENRES)."""
    regles = []
    if roles.coordination:
        regles.append(
            (
                Q(creneau__in=roles.coordination, statut__in=(Statut.BROUILLON, Statut.A_COMPLETER)),
                _("Compléter et soumettre le projet"),
                "projets_completer",
            )
        )
    if roles.resolution:
        regles.append(
            (
                Q(creneau__in=roles.resolution, statut=Statut.COMITE_CRENEAU),
                _("À décider en séance du comité de créneau"),
                "projets_resolution",
            )
        )
    if roles.comite_regional:
        regles.append(
            (
                Q(creneau__region_porteuse__in=roles.comite_regional, statut=Statut.COMITE_REGIONAL),
                _("À décider en séance du comité régional"),
                "projets_regional",
            )
        )
    if roles.directions_regionales:
        regles.append(
            (
                Q(creneau__region_porteuse__in=roles.directions_regionales, statut=Statut.MINISTERE) & ~analyse_du_passage(),
                _("Analyser le projet (direction régionale)"),
                "projets_analyser",
            )
        )
    if roles.central:
        # The bureau central decides once the direction régionale has analysed (rule projets.accepter).
        regles.append(
            (
                Q(statut=Statut.MINISTERE) & analyse_du_passage(),
                _("Décider : accepter, refuser ou demander un complément"),
                "projets_decider",
            )
        )
        regles.append((Q(statut=Statut.ACCEPTE), _("Faire signer la convention"), "projets_convention"))
    return regles


def a_traiter(user) -> list[Tache]:
    """Projects waiting for `user`, oldest first (one query, at most LIMITE_A_TRAITER projects)."""
    regles = _taches_q(roles_de(user))
    if not regles:
        return []
    drapeaux = {f"tache_{i}": ExpressionWrapper(q, output_field=BooleanField()) for i, (q, *_r) in enumerate(regles)}
    projets = (
        Projet.objects.filter(reduce(operator.or_, (q for q, *_r in regles)))
        .annotate(**drapeaux)
        .select_related("creneau__region_porteuse")
        .only("numero", "titre", "statut_depuis", "creneau__nom", "creneau__region_porteuse__nom")
        .order_by("statut_depuis", "pk")[:LIMITE_A_TRAITER]
    )
    return [
        Tache(
            titre=f"{p.numero or _('Brouillon')} – {p.titre}",
            url=p.get_absolute_url(),
            quoi=quoi,
            depuis=p.statut_depuis,
            contexte=f"{p.creneau.nom} – {p.creneau.region_porteuse.nom}",
            genre=genre,
            region=p.creneau.region_porteuse.nom,
        )
        for p in projets
        for i, (_q, quoi, genre) in enumerate(regles)
        if getattr(p, f"tache_{i}")
    ]


# Open data (the `donnees` app, the API's public part and the public fiche of a créneau): a
# project is public once the Ministère accepted it (accepted, en réalisation, terminé) and its
# créneau is in the public directory. Nothing else (drafts, projects in circuit, refused or
# withdrawn projects, analyses, people) ever leaves through it.
def publics():
    """The public projects with their public figures, one row per project, in ONE query:
    `accorde_net` (granted minus the released balance, as on the envelope), `verse` (sum of the
    payments) and `accepte_le` (the Ministère's acceptance). Ordered by numéro."""
    argent = DecimalField(max_digits=14, decimal_places=2)
    verse = Versement.objects.filter(projet=OuterRef("pk")).order_by().values("projet").annotate(s=Sum("montant")).values("s")
    acceptation = (
        Decision.objects.filter(projet=OuterRef("pk"), etape=Decision.Etape.DECISION_MINISTERE, vers_statut=Statut.ACCEPTE)
        .order_by()
        .values("projet")
        .annotate(d=Max("horodatage"))
        .values("d")
    )
    return (
        Projet.objects.filter(statut__in=STATUTS_ENGAGES, numero__isnull=False)
        .exclude(creneau__statut=Creneau.Statut.POTENTIEL)
        .select_related("creneau__region_porteuse", "programme", "porteur")
        .annotate(
            accorde_net=ExpressionWrapper(
                Coalesce(F("montant_accorde"), Value(Decimal(0))) - F("montant_desengage"), output_field=argent
            ),
            verse=Coalesce(Subquery(verse, output_field=argent), Value(Decimal(0)), output_field=argent),
            accepte_le=Subquery(acceptation),
        )
        .order_by("numero")
    )


def enveloppes_visibles(user):
    """Envelopes `user` may open (rule projets.voir_enveloppe), in two queries at most."""
    roles = roles_de(user)
    qs = Enveloppe.objects.select_related("programme", "region")
    if not roles.authentifie:
        return qs.none()
    if roles.central or roles.admin:
        return qs
    regions = set(roles.directions_regionales | roles.regions_membre | roles.comite_regional)
    if roles.coordination:
        regions |= set(Creneau.objects.filter(pk__in=roles.coordination).values_list("region_porteuse", flat=True))
    return qs.filter(region__in=regions)


def derniere_analyse(p):
    """The direction régionale's latest analysis of the project's current passage at the Ministère
    (made since it last reached it: one from before an « à compléter » round trip does not count);
    None if it has none. Read from the project's decisions as loaded (the project page has them
    prefetched); projets.selectors.analyse_du_passage is its queryset twin."""
    if p.statut != Statut.MINISTERE:
        return None
    analyses = [
        d
        for d in p.decisions.all()
        if d.etape == Decision.Etape.ANALYSE and d.vers_statut == Statut.MINISTERE and d.horodatage >= p.statut_depuis
    ]
    return max(analyses, key=lambda d: (d.horodatage, d.pk), default=None)


def date_convention(p):
    """The day the project's convention was signed (None before)."""
    signee = (
        p.decisions.filter(etape=Decision.Etape.CONVENTION).order_by("horodatage").values_list("horodatage", flat=True).first()
    )
    return timezone.localdate(signee) if signee else None
