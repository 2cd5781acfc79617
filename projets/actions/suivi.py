"""An accepted project's follow-up: the convention, the payments, releasing the unpaid balance,
and the final report (deposited by the coordination, accepted by the Ministère).
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from noyau.actions import ActionRefusee, exiger, exiger_motif, verrouiller
from noyau.champs import TEXTE_MAX
from noyau.dates import exiger_date_bornee
from noyau.formats import format_argent
from noyau.horloge import aujourdhui, maintenant
from projets.actions.socle import Etape, _transition
from projets.models import Decision, Projet, RapportFinal, Versement
from projets.selectors import date_convention


def signer_convention(projet, *, par, fichier=None, motif="", version=None) -> Decision:
    return _transition(
        projet,
        par,
        Projet._signer_convention,
        Etape.CONVENTION,
        regle="projets.signer_convention",
        version=version,
        motif=motif,
        fichier=fichier or "",
    )


def verse(p) -> Decimal:
    return sum((v.montant for v in p.versements.all()), Decimal(0))


def enregistrer_versement(projet, *, par, date, montant, note="", version=None) -> Decision:
    """Record a payment (after the convention, dated on or after its signature, never beyond the
    amount granted less any balance released)."""

    def garde(p):
        m = Decimal(montant) if montant not in (None, "") else None
        if m is None or m <= 0:
            raise ActionRefusee(_("Indiquez un montant versé supérieur à zéro."), champ="montant")
        if date is None:
            raise ActionRefusee(_("Indiquez la date du versement."), champ="date")
        exiger_date_bornee(date, "date")
        convention = date_convention(p)
        if convention is None:
            raise ActionRefusee(_("Aucune convention n'est signée pour ce projet : rien ne peut être versé."), champ="date")
        if date < convention:
            raise ActionRefusee(
                _("Un versement ne peut précéder la signature de la convention (%(jour)s).") % {"jour": date_format(convention)},
                champ="date",
            )
        deja = verse(p)
        plafond = p.engage
        if deja + m > plafond:
            raise ActionRefusee(
                _("Avec ce versement, le total versé (%(total)s) dépasserait le montant accordé (%(accorde)s).")
                % {"total": format_argent(deja + m), "accorde": format_argent(plafond)},
                champ="montant",
            )
        Versement.objects.create(projet=p, date=date, montant=m, note=note)
        return {"montant": m, "motif": note}

    return _transition(
        projet,
        par,
        Projet._enregistrer_versement,
        Etape.VERSEMENT,
        regle="projets.enregistrer_versement",
        version=version,
        garde=garde,
    )


def desengager(projet, *, par, motif, version=None) -> Decision:
    """The Ministère releases the unpaid balance of a project en réalisation: it returns to the
    envelope (the project's `montant_desengage`); the project may then close with its report."""

    def garde(p):
        solde = p.engage - verse(p)
        if solde <= 0:
            raise ActionRefusee(_("Le montant accordé est entièrement versé : il n'y a pas de solde à désengager."))
        p.montant_desengage += solde
        return {"montant": solde}

    motif = exiger_motif(motif)
    return _transition(
        projet,
        par,
        Projet._desengager,
        Etape.DESENGAGEMENT,
        regle="projets.desengager",
        version=version,
        garde=garde,
        motif=motif,
    )


def _exiger_apres_debut(p, jour, champ):
    if p.date_debut and jour < p.date_debut:
        raise ActionRefusee(
            _("Le rapport final ne peut être daté avant le début du projet (%(debut)s).") % {"debut": date_format(p.date_debut)},
            champ=champ,
        )


def deposer_rapport_final(projet, *, par, resume, fichier=None) -> RapportFinal:
    """The coordination deposits (or replaces) the final report; the Ministère then accepts it.
    No version: it changes no state, and a payment recorded meanwhile must not lose the text."""
    with transaction.atomic():
        p = verrouiller(Projet.objects.select_related("creneau"), projet)
        exiger("projets.deposer_rapport_final", par, p)
        resume = exiger_motif(resume, champ="resume", max_length=TEXTE_MAX)
        _exiger_apres_debut(p, aujourdhui(), "resume")
        rapport, _cree = RapportFinal.objects.update_or_create(
            projet=p, defaults={"resume": resume, "fichier": fichier or "", "depose_le": maintenant(), "accepte_le": None}
        )
    return rapport


def accepter_rapport_final(projet, *, par, resume=None, fichier=None, motif="", version=None) -> Decision:
    """Accept the final report (the one deposited, or the one given here): terminé. Only when the
    grant is fully paid or its balance released, and the report dated on or after the start."""

    def garde(p):
        solde = p.engage - verse(p)
        if solde > 0:
            raise ActionRefusee(
                _(
                    "Il reste %(solde)s à verser sur %(accorde)s accordés : enregistrez le dernier versement ou "
                    "désengagez le solde avant de clore le projet."
                )
                % {"solde": format_argent(solde), "accorde": format_argent(p.montant_accorde)}
            )
        _exiger_apres_debut(p, aujourdhui(), "resume")
        rapport = RapportFinal.objects.filter(projet=p).first()
        if rapport is not None:
            _exiger_apres_debut(p, timezone.localdate(rapport.depose_le), "resume")
        if rapport is None:
            if not (resume or "").strip():
                raise ActionRefusee(_("Aucun rapport final n'a été déposé : joignez-en le résumé."), champ="resume")
            rapport = RapportFinal(projet=p, resume=resume.strip(), fichier=fichier or "")
        rapport.accepte_le = maintenant()
        rapport.save()
        return {}

    return _transition(
        projet,
        par,
        Projet._accepter_rapport_final,
        Etape.RAPPORT_FINAL,
        regle="projets.accepter_rapport_final",
        version=version,
        garde=garde,
        motif=motif,
    )
