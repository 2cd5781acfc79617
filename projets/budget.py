"""Budget rules of a project against its programme (rules as data: Programme + RegleAide rows).

One entry point for forms and actions alike:

    erreurs = controler_budget(programme, porteur=..., partenaires=[...], date_debut=..., date_fin=...,
                               depenses=[...], financements=[...], complet=True)
    # -> {"financements": ["L'aide demandée (50 000,01 $) dépasse 50 % …"], "partenaires": [...]}

`depenses` / `financements` are model instances or the `cleaned_data` dicts of a formset (rows
marked DELETE and empty rows are skipped): a line needs `montant` and `admissible` (expenses) or
`source` (financing). `controler_projet(projet)` does the same on a saved project.

Keys of the returned dict (always model field names, so forms can `add_error(cle, message)`):
`porteur`, `entreprise_leader`, `partenaires`, `date_fin`, `programme`, `financements` (all money rules). An empty
dict means the project passes.

Partner entities (PADS: « le projet réunit au moins 3 entités partenaires »): we count the distinct
organisations among the porteur **and** the partners, so a porteur and two partners pass.

`complet=False` (a draft being saved) checks only the limits on what is already typed (rates,
cumulated aid, maximum, eligibility of the porteur's type, dates order) and skips what a draft
may still lack (porteur, partners, financing equal to cost, programme still open).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from creneaux.models import Organisation
from noyau.formats import format_argent, format_pourcentage
from noyau.horloge import aujourdhui
from projets.models import Financement, Programme, RegleAide

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Totaux:
    """Budget totals, computed from the lines (never typed)."""

    cout_total: Decimal
    cout_admissible: Decimal
    financement_total: Decimal
    montant_demande: Decimal  # aid requested from the programme (FSDCE line(s))
    aide_gouvernementale: Decimal  # cumulated government aid, requested aid included

    @property
    def taux_aide(self):
        """Requested aid / eligible costs (None when there is no eligible cost)."""
        return self.montant_demande / self.cout_admissible if self.cout_admissible else None

    @property
    def taux_cumul(self):
        return self.aide_gouvernementale / self.cout_admissible if self.cout_admissible else None

    @property
    def ecart(self):
        """Financing minus cost: 0 when the budget balances."""
        return self.financement_total - self.cout_total


def valeur(ligne, nom, defaut=None):
    """Field `nom` of a budget line, whether a model instance or a formset's cleaned_data dict."""
    if isinstance(ligne, Mapping):
        return ligne.get(nom, defaut)
    return getattr(ligne, nom, defaut)


def lignes_retenues(lignes):
    """Kept lines with an amount (formset rows marked DELETE or left empty are skipped)."""
    return [ligne for ligne in lignes or () if not valeur(ligne, "DELETE", False) and valeur(ligne, "montant") is not None]


def totaux(depenses: Iterable, financements: Iterable) -> Totaux:
    depenses, financements = lignes_retenues(depenses), lignes_retenues(financements)
    return Totaux(
        cout_total=sum((Decimal(valeur(d, "montant")) for d in depenses), Decimal(0)),
        cout_admissible=sum((Decimal(valeur(d, "montant")) for d in depenses if valeur(d, "admissible", True)), Decimal(0)),
        financement_total=sum((Decimal(valeur(f, "montant")) for f in financements), Decimal(0)),
        montant_demande=sum(
            (Decimal(valeur(f, "montant")) for f in financements if valeur(f, "source") == Financement.Source.FSDCE), Decimal(0)
        ),
        aide_gouvernementale=sum(
            (Decimal(valeur(f, "montant")) for f in financements if valeur(f, "source") in Financement.GOUVERNEMENTALES),
            Decimal(0),
        ),
    )


def format_taux(taux) -> str:
    """Decimal('0.5') → '50 %', Decimal('0.125') → '12,5 %'."""
    pourcent = Decimal(taux) * 100
    return format_pourcentage(taux, 0 if pourcent == pourcent.to_integral_value() else 1)


def plafond(taux, cout_admissible) -> Decimal:
    """The cap `taux × cout_admissible`, rounded down to the cent (what may be granted)."""
    return (Decimal(taux) * Decimal(cout_admissible)).quantize(CENT, rounding=ROUND_DOWN)


def regle_pour(programme: Programme, type_porteur) -> RegleAide | None:
    """The programme's rule for this applicant type (None: not eligible). Uses prefetched rules."""
    return next((r for r in programme.regles.all() if r.type_porteur == type_porteur), None)


def depassements(programme: Programme, porteur, regle: RegleAide | None, t: Totaux) -> dict[str, str]:
    """What the budget's lines break among the programme's limits, said with the figures for the
    live preview (« Taux d'aide 55 % : plafond 50 % … »), keyed by the rate they concern
    (`taux_aide`, `taux_cumul`, `montant_max`, `porteur`). The same comparisons as
    erreurs_montant_aide, so the preview warns exactly of what the save refuses."""
    if porteur is None:
        return {}
    if regle is None:
        return {
            "porteur": _("Les organisations de type « %(type)s » ne sont pas admissibles au programme %(programme)s.")
            % {"type": porteur.get_type_display(), "programme": programme.sigle}
        }
    alertes = {}
    chiffres = {"type": porteur.get_type_display(), "admissibles": format_argent(t.cout_admissible)}
    if t.montant_demande > Decimal(regle.taux_max) * t.cout_admissible:
        alertes["taux_aide"] = _(
            "Taux d'aide %(taux)s (%(montant)s) : plafond %(max)s pour un porteur de type « %(type)s », "
            "soit %(plafond)s sur %(admissibles)s de coûts admissibles."
        ) % {
            **chiffres,
            "taux": format_taux(t.taux_aide) if t.taux_aide is not None else "—",
            "montant": format_argent(t.montant_demande),
            "max": format_taux(regle.taux_max),
            "plafond": format_argent(plafond(regle.taux_max, t.cout_admissible)),
        }
    if t.aide_gouvernementale > Decimal(regle.taux_cumul_max) * t.cout_admissible:
        alertes["taux_cumul"] = _(
            "Cumul des aides gouvernementales %(taux)s (%(montant)s) : plafond %(max)s pour un porteur de type "
            "« %(type)s », soit %(plafond)s sur %(admissibles)s de coûts admissibles."
        ) % {
            **chiffres,
            "taux": format_taux(t.taux_cumul) if t.taux_cumul is not None else "—",
            "montant": format_argent(t.aide_gouvernementale),
            "max": format_taux(regle.taux_cumul_max),
            "plafond": format_argent(plafond(regle.taux_cumul_max, t.cout_admissible)),
        }
    if programme.montant_max is not None and t.montant_demande > programme.montant_max:
        alertes["montant_max"] = _("Aide demandée %(montant)s : l'aide maximale du programme %(programme)s est de %(max)s.") % {
            "montant": format_argent(t.montant_demande),
            "programme": programme.sigle,
            "max": format_argent(programme.montant_max),
        }
    return alertes


def tableau(programme: Programme, porteur, depenses: Iterable, financements: Iterable) -> dict:
    """What the budget step, its live preview and the project page show: the totals, the rates
    and the caps of the programme's rule for the porteur's type (None when it has none), and the
    limits the lines break (`depassements`: {rate: message}, empty when within)."""
    t = totaux(depenses, financements)
    regle = regle_pour(programme, porteur.type) if porteur else None
    return {
        "depassements": depassements(programme, porteur, regle, t),
        "cout_total": t.cout_total,
        "cout_admissible": t.cout_admissible,
        "financement_total": t.financement_total,
        "ecart": t.ecart,
        "montant_demande": t.montant_demande,
        "taux_aide": t.taux_aide,
        "taux_cumul": t.taux_cumul,
        "taux_max": regle.taux_max if regle else None,
        "taux_cumul_max": regle.taux_cumul_max if regle else None,
    }


def erreurs_montant_aide(programme, regle, montant, aide_gouvernementale, cout_admissible, *, libelle=None) -> list[str]:
    """Messages if `montant` of aid breaks the programme's rate, maximum or cumulated-aid cap.

    `aide_gouvernementale` is the cumulated government aid counting `montant` itself. Also used by
    the Ministère's decision (the granted amount must respect the same rules).
    """
    libelle = libelle or _("L'aide demandée")
    erreurs = []
    if montant > Decimal(regle.taux_max) * cout_admissible:
        erreurs.append(
            _("%(quoi)s (%(montant)s) dépasse %(taux)s des coûts admissibles (%(plafond)s).")
            % {
                "quoi": libelle,
                "montant": format_argent(montant),
                "taux": format_taux(regle.taux_max),
                "plafond": format_argent(plafond(regle.taux_max, cout_admissible)),
            }
        )
    if programme.montant_max is not None and montant > programme.montant_max:
        erreurs.append(
            _("%(quoi)s (%(montant)s) dépasse l'aide maximale du programme %(programme)s (%(max)s).")
            % {
                "quoi": libelle,
                "montant": format_argent(montant),
                "programme": programme.sigle,
                "max": format_argent(programme.montant_max),
            }
        )
    if aide_gouvernementale > Decimal(regle.taux_cumul_max) * cout_admissible:
        erreurs.append(
            _("Le cumul des aides gouvernementales (%(cumul)s) dépasse %(taux)s des coûts admissibles (%(plafond)s).")
            % {
                "cumul": format_argent(aide_gouvernementale),
                "taux": format_taux(regle.taux_cumul_max),
                "plafond": format_argent(plafond(regle.taux_cumul_max, cout_admissible)),
            }
        )
    return erreurs


def controler_budget(
    programme: Programme,
    *,
    porteur=None,
    partenaires: Iterable = (),
    date_debut=None,
    date_fin=None,
    depenses: Iterable = (),
    financements: Iterable = (),
    complet: bool = True,
    jour=None,
    entreprise_leader=None,
) -> dict[str, list[str]]:
    """Errors of a project (saved or not) against `programme`, keyed by field; {} when it passes.

    `porteur` is an Organisation (or None), `partenaires` Organisations, `jour` the submission
    date (today by default). See the module docstring for the lines and `complet`.
    """
    erreurs: dict[str, list[str]] = {}

    def ajouter(cle, message):
        erreurs.setdefault(cle, []).append(message)

    t = totaux(depenses, financements)
    regle = None
    if porteur is None:
        if complet:
            ajouter("porteur", _("Indiquez l'organisation qui porte le projet."))
    else:
        regle = regle_pour(programme, porteur.type)
        if regle is None:
            ajouter(
                "porteur",
                _("Les organisations de type « %(type)s » ne sont pas admissibles au programme %(programme)s.")
                % {"type": porteur.get_type_display(), "programme": programme.sigle},
            )

    # The leading company: a company (always), named when the programme requires one (filing).
    if entreprise_leader is not None and entreprise_leader.type != Organisation.Type.ENTREPRISE:
        ajouter(
            "entreprise_leader",
            _("L'entreprise leader doit être une entreprise : « %(org)s » est de type « %(type)s ».")
            % {"org": entreprise_leader.nom, "type": entreprise_leader.get_type_display()},
        )
    elif entreprise_leader is None and complet and programme.entreprise_leader_requise:
        ajouter(
            "entreprise_leader",
            _("Le programme %(programme)s exige une entreprise leader : nommez l'entreprise qui mène le projet.")
            % {"programme": programme.sigle},
        )

    if complet:
        entites = {o.pk for o in partenaires} | ({porteur.pk} if porteur is not None else set())
        if len(entites) < programme.minimum_partenaires:
            ajouter(
                "partenaires",
                _("Le projet doit réunir au moins %(min)d entités partenaires distinctes, porteur compris ; il en compte %(n)d.")
                % {"min": programme.minimum_partenaires, "n": len(entites)},
            )
        if t.cout_total == 0:
            ajouter("financements", _("Le budget ne compte encore aucune dépense."))
        elif t.financement_total != t.cout_total:
            ajouter(
                "financements",
                _("Le financement total (%(financement)s) doit égaler le coût total du projet (%(cout)s).")
                % {"financement": format_argent(t.financement_total), "cout": format_argent(t.cout_total)},
            )
        jour = jour or aujourdhui()
        if not programme.ouvert_le(jour):
            ajouter(
                "programme",
                _("Le programme %(programme)s n'accepte pas de dépôt le %(jour)s.")
                % {"programme": programme.sigle, "jour": date_format(jour, "j F Y")},
            )

    if regle is not None:
        for message in erreurs_montant_aide(programme, regle, t.montant_demande, t.aide_gouvernementale, t.cout_admissible):
            ajouter("financements", message)

    if date_debut and date_fin and date_fin < date_debut:
        ajouter("date_fin", _("La fin du projet précède son début."))
    elif complet and not (date_debut and date_fin):
        ajouter("date_fin" if date_debut else "date_debut", _("Indiquez les dates de début et de fin du projet."))
    return erreurs


def controler_projet(projet, *, complet=True, jour=None) -> dict[str, list[str]]:
    """`controler_budget` on a saved project (its lines, partners and porteur as stored)."""
    return controler_budget(
        projet.programme,
        porteur=projet.porteur,
        partenaires=projet.partenaires.all(),
        date_debut=projet.date_debut,
        date_fin=projet.date_fin,
        depenses=projet.depenses.all(),
        financements=projet.financements.all(),
        complet=complet,
        jour=jour,
        entreprise_leader=projet.entreprise_leader,
    )
