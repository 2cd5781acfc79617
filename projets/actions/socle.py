"""What every verb of a project shares: lock the row (refusing a stale version), save with a
history row, run a move of the FSM graph with its rule and guard, record the Decision, and e-mail
the next actors after commit; the créneau's share of the envelope, checked by the comité régional
and by the Ministère.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from creneaux import destinataires
from noyau.actions import ActionRefusee, Conflit, exiger, verrouiller
from noyau.courriels import notifier_apres_commit
from noyau.formats import format_argent
from noyau.horloge import maintenant
from projets import enveloppes
from projets.models import Decision, Enveloppe, Projet, Statut

Etape = Decision.Etape


def _conflit(projet):
    dernier = projet.history.select_related("history_user").first()
    qui = dernier.history_user if dernier and dernier.history_user else None
    nom = (qui.get_full_name() or qui.get_username()) if qui else _("une autre personne")
    quand = date_format(timezone.localtime(dernier.history_date), "j F Y à H:i") if dernier else ""
    return Conflit(
        _("Ce projet a été modifié entre-temps par %(qui)s (%(quand)s). Rechargez la page pour voir son état actuel.")
        % {"qui": nom, "quand": quand}
    )


def _verrouiller(projet, par, version) -> Projet:
    """Lock the project's row for this transaction; refuse if it changed since `version` (None:
    the version of `projet` as passed) with a Conflit naming who changed it, told only to someone
    who may see the project."""

    def conflit():
        actuel = Projet.objects.select_related("creneau").get(pk=projet.pk)
        exiger("projets.voir", par, actuel)
        return _conflit(actuel)

    charge = Projet.objects.select_related("creneau__region_porteuse", "programme", "porteur").prefetch_related(
        "partenaires", "depenses", "financements", "programme__regles"
    )
    return verrouiller(charge, projet, projet.version if version is None else version, conflit=conflit)


def _sauver(projet, par, raison, *, change_etat=True):
    """Save the locked project with a new version and its history row (who, when, why)."""
    projet.version += 1
    if change_etat:
        projet.statut_depuis = maintenant()
    projet._history_user, projet._history_date, projet._change_reason = par, maintenant(), str(raison)
    projet.save()


def _transition(projet, par, mouvement, etape, *, regle, version=None, garde=None, deja=None, **champs) -> Decision:
    """Lock, check rule `regle` (none when False), `garde(projet) -> dict of extra Decision
    fields`, make the FSM graph's move `mouvement` (Projet._soumettre, …), record. Both are named
    literally by each verb, so grep finds who uses them.

    `garde` runs under the lock and may change the project; it raises ActionRefusee to refuse.
    `deja(projet, champs)`, under the lock too, returns the Decision that already records the
    same thing: it is returned and nothing is written (a re-save is not a new step).
    """
    with transaction.atomic():
        p = _verrouiller(projet, par, version)
        if regle is not False:  # False: a comité's résolution, whose séance checked who decided
            exiger(regle, par, p)
        de = p.statut
        if garde is not None:
            champs.update(garde(p) or {})
        if deja is not None and (existante := deja(p, champs)) is not None:
            return existante
        conflits = champs.pop("en_conflit", ())
        etape = Etape(champs.pop("etape", etape))
        mouvement(p)
        _sauver(p, par, etape.label, change_etat=p.statut != de)
        decision = Decision.objects.create(projet=p, etape=etape, de_statut=de, vers_statut=p.statut, auteur=par, **champs)
        if conflits:
            decision.en_conflit.set(conflits)
        _notifier(p, decision)
    return decision


def _exiger_part(p, montant, *, en_attente, champ, enveloppe=None):
    """Refuse, with the figures, a decision that would take the créneau beyond its share of the
    envelope (the répartition in force; none adopted: no share to respect). The envelope's row is
    locked, so two decisions on the same envelope are judged one after the other.
    `en_attente`: count the projects already waiting for the Ministère (an approval)."""
    if enveloppe is None:
        enveloppe = Enveloppe.objects.select_for_update().filter(programme=p.programme, region=p.region).first()
        if enveloppe is None:
            return
    part, engage, attente = enveloppes.situation_creneau(enveloppe, p.creneau, sauf=p)
    if part is None:
        return
    attente = attente if en_attente else Decimal(0)
    if engage + attente + montant > part:
        raise ActionRefusee(
            _(
                "Ce projet dépasserait la part du créneau « %(creneau)s » dans l'enveloppe %(region)s : part %(part)s, "
                "engagé %(engage)s, en attente %(attente)s, disponible %(disponible)s, ce projet %(montant)s. "
                "Le comité régional peut réviser sa répartition."
            )
            % {
                "creneau": p.creneau.nom,
                "region": p.region.nom,
                "part": format_argent(part),
                "engage": format_argent(engage),
                "attente": format_argent(attente),
                "disponible": format_argent(part - engage - attente),
                "montant": format_argent(montant),
            },
            champ=champ,
        )


def _suivants(projet, statut):
    """Users who must act on a project in `statut` (and the coordination, told of outcomes)."""
    region = projet.region
    if statut == Statut.COMITE_CRENEAU:
        return list(destinataires.bureau_resolution(projet.creneau))
    if statut == Statut.COMITE_REGIONAL:
        return list(destinataires.bureau_comite_regional(region))
    if statut in (Statut.MINISTERE, Statut.ACCEPTE):
        return [*destinataires.direction_regionale(region), *destinataires.ministere_central()]
    return []


def _notifier(projet, decision):
    """Those who must act on the new state get « à traiter »; the coordination is told the outcome.

    On a withdrawal, those before whom the project was are told too. The author gets nothing.
    """
    contexte = {"projet": projet, "decision": decision, "url": projet.get_absolute_url()}
    sujet = f"[ACCORD] {projet.numero or projet.titre}"
    coordination = list(destinataires.coordination(projet.creneau))
    if decision.vers_statut == Statut.RETIRE:
        a_agir, informes = [], [*_suivants(projet, decision.de_statut), *coordination]
    else:
        a_agir = _suivants(projet, decision.vers_statut)
        informes = [u for u in coordination if u not in a_agir]
    notifier_apres_commit(
        [u for u in a_agir if u != decision.auteur],
        lambda: _("%(sujet)s – À traiter : %(statut)s") % {"sujet": sujet, "statut": projet.get_statut_display()},
        "projets/courriels/a_traiter.txt",
        contexte,
    )
    notifier_apres_commit(
        [u for u in informes if u != decision.auteur],
        lambda: f"{sujet} – {decision.get_etape_display()}",
        "projets/courriels/information.txt",
        contexte,
    )
