"""The Ministère's verbs on a project before it: the direction régionale's analysis, a request
for more information, and the bureau central's decision (accept with an amount, or refuse).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from creneaux.roles import roles_de
from noyau.actions import ActionRefusee, exiger_motif
from noyau.formats import format_argent
from projets import analyse, budget, enveloppes
from projets.actions.socle import Etape, _exiger_part, _transition
from projets.models import Decision, Enveloppe, Projet
from projets.selectors import derniere_analyse


def analyser(projet, *, par, texte, recommandation=None, montant_recommande=None, fichier=None, version=None) -> Decision:
    """The direction régionale records its analysis (the project stays « au Ministère »): the
    admissibility grid computed by the portal (projets.analyse), its judgement (`texte`), and —
    to advise the bureau central — a recommendation (accepter / refuser) with, to accept, the
    recommended amount (> 0, ≤ the aid requested)."""
    texte = exiger_motif(texte, champ="texte")
    Reco = Decision.Recommandation
    if recommandation not in (None, "") and recommandation not in Reco.values:
        raise ActionRefusee(_("Choisissez une recommandation : accepter ou refuser."), champ="recommandation")

    def garde(p):
        montant = None
        if recommandation == Reco.ACCEPTER:
            montant = Decimal(montant_recommande) if montant_recommande not in (None, "") else None
            if montant is None or montant <= 0:
                raise ActionRefusee(_("Indiquez le montant recommandé, supérieur à zéro."), champ="montant_recommande")
            if montant > p.montant_demande:
                raise ActionRefusee(
                    _("Le montant recommandé (%(m)s) dépasse l'aide demandée (%(d)s).")
                    % {"m": format_argent(montant), "d": format_argent(p.montant_demande)},
                    champ="montant_recommande",
                )
        return {"grille": analyse.grille(p), "recommandation": recommandation or "", "montant": montant}

    def deja(p, champs):
        # The same analyst saving the same judgement again (no new document) adds no entry; the
        # grid needs no comparing, the project being frozen while au Ministère.
        d = derniere_analyse(p)
        meme = d is not None and d.auteur_id == par.pk and not champs["fichier"]
        return (
            d
            if meme and (d.motif, d.recommandation, d.montant) == (champs["motif"], champs["recommandation"], champs["montant"])
            else None
        )

    return _transition(
        projet,
        par,
        Projet._analyser,
        Etape.ANALYSE,
        regle="projets.analyser",
        version=version,
        garde=garde,
        deja=deja,
        motif=texte,
        fichier=fichier or "",
    )


def demander_complement(projet, *, par, motif, version=None) -> Decision:
    motif = exiger_motif(motif)
    etape = Etape.DECISION_MINISTERE if roles_de(par, frais=True).central else Etape.ANALYSE
    return _transition(
        projet, par, Projet._demander_complement, etape, regle="projets.demander_complement", version=version, motif=motif
    )


def accepter(projet, *, par, montant, motif="", fichier=None, version=None) -> Decision:
    """The Ministère grants `montant`; the region's envelope row is locked while it is checked."""

    def garde(p):
        m = Decimal(montant) if montant not in (None, "") else None
        if m is None or m <= 0:
            raise ActionRefusee(_("Indiquez un montant accordé supérieur à zéro."), champ="montant")
        demande = p.montant_demande
        if m > demande:
            raise ActionRefusee(
                _("Le montant accordé (%(m)s) dépasse l'aide demandée (%(d)s).")
                % {"m": format_argent(m), "d": format_argent(demande)},
                champ="montant",
            )
        regle = budget.regle_pour(p.programme, p.type_porteur_applicable) if p.porteur else None
        if regle is None:
            raise ActionRefusee(_("Le porteur de ce projet n'est pas admissible au programme."), champ="montant")
        cumul = p.aide_gouvernementale - demande + m
        erreurs = budget.erreurs_montant_aide(p.programme, regle, m, cumul, p.cout_admissible, libelle=_("Le montant accordé"))
        if erreurs:
            raise ActionRefusee(" ".join(erreurs), champ="montant")
        region = p.region
        try:  # the lock serialises the Ministère's decisions on this envelope
            enveloppe = Enveloppe.objects.select_for_update().get(programme=p.programme, region=region)
        except Enveloppe.DoesNotExist:
            raise ActionRefusee(
                _("Le programme %(programme)s n'a pas d'enveloppe pour la région %(region)s.")
                % {"programme": p.programme.sigle, "region": region.nom},
                champ="montant",
            ) from None
        disponible = enveloppe.montant - enveloppes.accorde(p.programme, region)
        if m > disponible:
            raise ActionRefusee(
                _("Le montant accordé (%(m)s) dépasse le disponible de l'enveloppe %(region)s (%(d)s).")
                % {"m": format_argent(m), "region": region.nom, "d": format_argent(disponible)},
                champ="montant",
            )
        _exiger_part(p, m, en_attente=False, champ="montant", enveloppe=enveloppe)
        _exiger_motif_d_ecart(p, "accepter", m, motif)
        p.montant_accorde = m
        return {"montant": m}

    return _transition(
        projet,
        par,
        Projet._accepter,
        Etape.DECISION_MINISTERE,
        regle="projets.accepter",
        version=version,
        garde=garde,
        motif=motif or "",
        fichier=fichier or "",
    )


def _exiger_motif_d_ecart(p, decision, montant, motif):
    """A Ministère decision departing from the direction régionale's recommendation gives its reason
    (the rule projets.accepter has made sure the analysis is there)."""
    analyse = derniere_analyse(p)
    if not analyse.recommandation or (motif or "").strip():
        return
    Reco = Decision.Recommandation
    ecart = analyse.recommandation != (Reco.ACCEPTER if decision == "accepter" else Reco.REFUSER) or (
        decision == "accepter" and analyse.montant is not None and montant != analyse.montant
    )
    if ecart:
        raise ActionRefusee(
            _("Cette décision s'écarte de la recommandation de la direction régionale (%(reco)s%(montant)s) : motivez-la.")
            % {
                "reco": analyse.get_recommandation_display().lower(),
                "montant": f", {format_argent(analyse.montant)}" if analyse.montant is not None else "",
            },
            champ="motif",
        )


def refuser(projet, *, par, motif, fichier=None, version=None) -> Decision:
    motif = exiger_motif(motif)
    return _transition(
        projet,
        par,
        Projet._refuser,
        Etape.DECISION_MINISTERE,
        regle="projets.refuser",
        version=version,
        motif=motif,
        fichier=fichier or "",
    )
