"""Every change of state of a bilan annuel: one verb each, guarded, locked, recorded, notified."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bilans.calculs import preremplir
from bilans.models import BilanAnnuel, EtapeBilan, Section, Statut
from creneaux import destinataires
from creneaux.models import Enjeu
from noyau.courriels import notifier_apres_commit
from noyau.exercices import exercice_de, libelle
from noyau.permissions import verifier
from plans.models import PlanAction


class ActionRefuseeError(Exception):
    """A refused step; its message (French) says why."""


def _exiger(regle, user, obj):
    v = verifier(regle, user, obj)
    if not v.ok:
        raise ActionRefuseeError(v.raison)


def _verrouiller(bilan):
    return BilanAnnuel.objects.select_for_update().select_related("creneau__region_porteuse").get(pk=bilan.pk)


def _etape(bilan, user, type_, de_statut, commentaire=""):
    EtapeBilan.objects.create(
        bilan=bilan, type=type_, de_statut=de_statut, vers_statut=bilan.statut, commentaire=commentaire, auteur=user
    )


def _changer(bilan, statut, **champs):
    bilan.statut = statut
    bilan.statut_depuis = timezone.now()
    for k, v in champs.items():
        setattr(bilan, k, v)
    bilan.save(update_fields=["statut", "statut_depuis", "modifie_le", *champs])


def _notifier(bilan, qui, sujet, gabarit, commentaire=""):
    notifier_apres_commit(qui, sujet, gabarit, {"bilan": bilan, "commentaire": commentaire})


def ouvrir(user, creneau, exercice) -> BilanAnnuel:
    """Open the créneau's bilan of `exercice`, pre-filled; an already opened one is returned."""
    _exiger("bilans.ouvrir", user, creneau)
    if exercice > exercice_de():
        raise ActionRefuseeError(_("L'exercice %(ex)s n'est pas commencé.") % {"ex": libelle(exercice)})
    existant = BilanAnnuel.objects.filter(creneau=creneau, exercice=exercice).first()
    if existant:
        return existant
    try:
        with transaction.atomic():
            bilan = BilanAnnuel.objects.create(
                creneau=creneau,
                exercice=exercice,
                plan=PlanAction.objects.filter(creneau=creneau).couvrant(exercice).first(),
                cree_par=user,
            )
            Section.objects.bulk_create(Section(bilan=bilan, enjeu=e) for e in Enjeu.values)
            preremplir(bilan)
            _etape(bilan, user, EtapeBilan.Type.OUVERTURE, "")
    except IntegrityError:  # opened at the same moment by someone else
        return BilanAnnuel.objects.get(creneau=creneau, exercice=exercice)
    return bilan


def recalculer(user, bilan):
    """Refresh the computed indicators (and add rows for the plan's new actions) of a draft."""
    with transaction.atomic():
        bilan = _verrouiller(bilan)
        _exiger("bilans.modifier", user, bilan)
        preremplir(bilan)
        bilan.save(update_fields=["modifie_le"])
    return bilan


def soumettre(user, bilan):
    with transaction.atomic():
        bilan = _verrouiller(bilan)
        _exiger("bilans.soumettre", user, bilan)
        avant = bilan.statut
        _changer(bilan, Statut.SOUMIS, premiere_soumission=bilan.premiere_soumission or timezone.now())
        _etape(bilan, user, EtapeBilan.Type.SOUMISSION, avant)
        _notifier(
            bilan,
            destinataires.direction_regionale(bilan.creneau.region_porteuse),
            _("Bilan %(ex)s soumis : %(creneau)s") % {"ex": bilan.libelle_exercice, "creneau": bilan.creneau.nom},
            "bilans/courriels/soumis.txt",
        )
    return bilan


def renvoyer(user, bilan, commentaire):
    """Return the bilan to the coordination for revision; the comment says what to fix."""
    if not commentaire.strip():
        raise ActionRefuseeError(_("Indiquez ce que la coordination doit réviser."))
    with transaction.atomic():
        bilan = _verrouiller(bilan)
        _exiger("bilans.valider", user, bilan)
        _changer(bilan, Statut.A_REVISER)
        _etape(bilan, user, EtapeBilan.Type.RENVOI, Statut.SOUMIS, commentaire)
        _notifier(
            bilan,
            destinataires.coordination(bilan.creneau),
            _("Bilan %(ex)s à réviser : %(creneau)s") % {"ex": bilan.libelle_exercice, "creneau": bilan.creneau.nom},
            "bilans/courriels/a_reviser.txt",
            commentaire,
        )
    return bilan


def accepter(user, bilan, commentaire=""):
    """Accept the bilan: it is frozen, with a snapshot of every value as accepted."""
    with transaction.atomic():
        bilan = _verrouiller(bilan)
        _exiger("bilans.valider", user, bilan)
        _changer(bilan, Statut.ACCEPTE, instantane=instantane(bilan))
        _etape(bilan, user, EtapeBilan.Type.ACCEPTATION, Statut.SOUMIS, commentaire)
        _notifier(
            bilan,
            destinataires.coordination(bilan.creneau),
            _("Bilan %(ex)s accepté : %(creneau)s") % {"ex": bilan.libelle_exercice, "creneau": bilan.creneau.nom},
            "bilans/courriels/accepte.txt",
            commentaire,
        )
    return bilan


def _nombre(valeur):
    return None if valeur is None else str(valeur)


def instantane(bilan):
    """Every value of the bilan as it stands (JSON), kept at acceptance."""
    return {
        "faits_saillants": bilan.faits_saillants,
        "sections": {s.enjeu: s.texte for s in bilan.sections.all()},
        "indicateurs": [
            {
                "code": v.indicateur.code,
                "libelle": v.indicateur.libelle,
                "detail": v.detail,
                "valeur_calculee": _nombre(v.valeur_calculee),
                "source": v.source,
                "valeur_saisie": _nombre(v.valeur_saisie),
                "justification": v.justification,
            }
            for v in bilan.valeurs.select_related("indicateur")
        ],
        "avancements": [
            {"action": str(a.action), "pourcentage": a.pourcentage, "etat": a.etat, "commentaire": a.commentaire}
            for a in bilan.avancements.select_related("action")
        ],
        "programmation": [
            {"action": str(p.action), "cible": _nombre(p.cible), "commentaire": p.commentaire}
            for p in bilan.programmations.filter(retenue=True).select_related("action")
        ],
    }
