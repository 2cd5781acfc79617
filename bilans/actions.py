"""Every change of a bilan annuel, one verb each (the contract: noyau.actions).

Verb (rule)                                  from → to                        guard
ouvrir (bilans.ouvrir)                       — → brouillon                    the exercice has begun; an already opened
                                                                              bilan is returned as it is
recalculer (bilans.modifier)                 brouillon / à réviser            —
enregistrer_sections (bilans.modifier)       same                             enjeux of the bilan
enregistrer_indicateurs (bilans.modifier)    same                             rows of this bilan; values ≥ 0, whole for a
                                                                              count; replacing a computed value is justified
enregistrer_avancement (bilans.modifier)     same                             rows of this bilan; 0 to 100 %; an achieved
                                                                              value only for an action with an indicator
                                                                              or a target
enregistrer_programmation (bilans.modifier)  same                             rows of this bilan; a priority has a target ≥ 0
soumettre (bilans.soumettre)                 brouillon / à réviser → soumis   faits saillants written (the rule); every
                                                                              required manual indicator has a value (each
                                                                              missing one named under its row's field)
renvoyer (bilans.valider)                    soumis → à réviser               a comment says what to revise
accepter (bilans.valider)                    soumis → accepté                 — (every value is frozen in `instantane`)
adopter (a séance's Resolution)              no change (not accepté)          the résolution of the créneau's comité adopts
                                                                              it, in séance; not adopted yet. The direction
                                                                              régionale sees it before it validates.

Each verb locks the bilan's row, asks its rule under the lock (the bilan may have been submitted
since the page was read), checks its guard and raises ActionRefusee (nothing changed) or changes
the bilan. A change of state writes one EtapeBilan in the same transaction and e-mails the next
actor after commit; the edits of a draft touch `modifie_le` (what was accepted is kept in the
snapshot, not step by step).
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bilans.calculs import preremplir
from bilans.models import (
    AvancementAction,
    BilanAnnuel,
    EtapeBilan,
    Indicateur,
    Programmation,
    Section,
    Statut,
    ValeurIndicateur,
    mesurable,
)
from creneaux import destinataires
from creneaux.models import Creneau, Enjeu
from creneaux.resolutions import exiger_resolution
from noyau.actions import ActionRefusee, Conflit, exiger, verrouiller
from noyau.courriels import notifier_apres_commit
from noyau.exercices import exercice_de, libelle
from noyau.horloge import maintenant
from plans.models import PlanAction
from plans.selectors import comites_adoptants

LIGNES_ETRANGERES = gettext_lazy(
    "Le formulaire ne correspond pas aux lignes de ce bilan : rien n'a été enregistré. Rechargez la page."
)


def _verrouiller(bilan, version=None) -> BilanAnnuel:
    """The bilan, locked; refused (Conflit) when it changed since its form was read at `version`."""
    return verrouiller(BilanAnnuel.objects.select_related("creneau__region_porteuse"), bilan, version, conflit=_conflit)


def _conflit():
    return Conflit(
        _("Ce bilan a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert : rechargez la page, vos "
          "changements n'ont pas été enregistrés.")
    )  # fmt: skip


def _modifie(bilan, champs=()):
    """Save the changed bilan with its next version (a form read before is then stale)."""
    bilan.version += 1
    bilan.save(update_fields=["modifie_le", "version", *champs])


def _etape(bilan, par, type_, de_statut, commentaire=""):
    EtapeBilan.objects.create(
        bilan=bilan,
        type=type_,
        de_statut=de_statut,
        vers_statut=bilan.statut,
        commentaire=commentaire,
        auteur=par,
        horodatage=bilan.statut_depuis,
    )


def _passer(bilan, par, vers, etape, *, qui, sujet, gabarit, commentaire="", **champs):
    """Move `bilan` to state `vers` (and set `champs`), record step `etape`, e-mail `qui` after
    commit; `sujet` may name %(ex)s and %(creneau)s."""
    de = bilan.statut
    bilan.statut, bilan.statut_depuis = vers, maintenant()
    for k, v in champs.items():
        setattr(bilan, k, v)
    bilan.version += 1
    bilan.save(update_fields=["statut", "statut_depuis", "modifie_le", "version", *champs])
    _etape(bilan, par, etape, de, commentaire)
    notifier_apres_commit(
        qui,
        lambda: sujet % {"ex": bilan.libelle_exercice, "creneau": bilan.creneau.nom},
        gabarit,
        {"bilan": bilan, "commentaire": commentaire},
    )


def ouvrir(creneau, *, par, exercice) -> BilanAnnuel:
    """Open the créneau's bilan of `exercice`, pre-filled; an already opened one is returned."""
    with transaction.atomic():
        creneau = verrouiller(Creneau.objects.all(), creneau)  # one opening at a time per créneau
        exiger("bilans.ouvrir", par, creneau)
        if exercice > exercice_de():
            raise ActionRefusee(_("L'exercice %(ex)s n'est pas commencé.") % {"ex": libelle(exercice)}, champ="exercice")
        existant = BilanAnnuel.objects.filter(creneau=creneau, exercice=exercice).first()
        if existant:
            return existant
        bilan = BilanAnnuel.objects.create(
            creneau=creneau,
            exercice=exercice,
            plan=PlanAction.objects.filter(creneau=creneau).couvrant(exercice).first(),
            cree_par=par,
        )
        Section.objects.bulk_create(Section(bilan=bilan, enjeu=e) for e in Enjeu.values)
        preremplir(bilan)
        _etape(bilan, par, EtapeBilan.Type.OUVERTURE, "")
    return bilan


def recalculer(bilan, *, par) -> BilanAnnuel:
    """Refresh the computed indicators (and add rows for the plan's new actions) of a draft."""
    with transaction.atomic():
        bilan = _verrouiller(bilan)
        exiger("bilans.modifier", par, bilan)
        preremplir(bilan)
        _modifie(bilan)
    return bilan


def enregistrer_sections(bilan, *, par, faits_saillants=None, textes=None, version=None) -> BilanAnnuel:
    """Save the faits saillants (unless None) and the texts of the enjeux in `textes` ({enjeu:
    texte}): an autosave sends one field only. A form read at an older `version` is refused."""
    textes = textes or {}
    with transaction.atomic():
        bilan = _verrouiller(bilan, version)
        exiger("bilans.modifier", par, bilan)
        sections = {s.enjeu: s for s in bilan.sections.filter(enjeu__in=list(textes))}
        if len(sections) != len(textes):
            raise ActionRefusee(LIGNES_ETRANGERES)
        for enjeu, texte in textes.items():
            sections[enjeu].texte = texte
        Section.objects.bulk_update(sections.values(), ["texte"])
        champs = []
        if faits_saillants is not None:
            bilan.faits_saillants = faits_saillants
            champs.append("faits_saillants")
        _modifie(bilan, champs)
    return bilan


def _lignes(queryset, donnees):
    """The bilan's rows named by the keys (pks) of `donnees`; refused if one is not the bilan's."""
    lignes = {ligne.pk: ligne for ligne in queryset.filter(pk__in=list(donnees))}
    if len(lignes) != len(donnees):
        raise ActionRefusee(LIGNES_ETRANGERES)
    return lignes


def champ_ligne(champ, pk):
    """The key of `champ` of the bilan's row `pk` in ActionRefusee.erreurs: the pages' tables show
    the message next to that row's field (bilans.forms.LignesFormSet)."""
    return f"{champ}-{pk}"


def _refuser_si(erreurs):
    if erreurs:
        raise ActionRefusee(erreurs[0], erreurs={None: erreurs})


def _ecrire(lignes, donnees, champs):
    for pk, valeurs in donnees.items():
        for champ in champs:
            if champ in valeurs:
                setattr(lignes[pk], champ, valeurs[champ])


def erreurs_valeur(ligne, valeur_saisie, justification):
    """What is wrong with typing `valeur_saisie` (and `justification`) for `ligne` (a ValeurIndicateur)."""
    erreurs = {}
    if valeur_saisie is not None:
        if valeur_saisie < 0:
            erreurs["valeur_saisie"] = _("La valeur ne peut pas être négative.")
        elif ligne.indicateur.type_valeur == Indicateur.TypeValeur.ENTIER and valeur_saisie % 1:
            erreurs["valeur_saisie"] = _("Saisissez un nombre entier.")
        if ligne.valeur_calculee is not None and not (justification or "").strip():
            erreurs["justification"] = _(
                "Justifiez la valeur qui remplace celle calculée par le portail (les deux sont conservées)."
            )
    return erreurs


def enregistrer_indicateurs(bilan, *, par, valeurs, version=None) -> BilanAnnuel:
    """Save the values typed by the coordination: `valeurs` {ValeurIndicateur pk: {"valeur_saisie":
    Decimal or None, "justification": str}}, all or nothing."""
    with transaction.atomic():
        bilan = _verrouiller(bilan, version)
        exiger("bilans.modifier", par, bilan)
        lignes = _lignes(bilan.valeurs.select_related("indicateur"), valeurs)
        erreurs = []
        for pk, v in valeurs.items():
            ligne = lignes[pk]
            for message in erreurs_valeur(ligne, v.get("valeur_saisie"), v.get("justification", ligne.justification)).values():
                erreurs.append(f"{ligne} : {message}")
        _refuser_si(erreurs)
        _ecrire(lignes, valeurs, ("valeur_saisie", "justification"))
        ValeurIndicateur.objects.bulk_update(lignes.values(), ["valeur_saisie", "justification"])
        _modifie(bilan)
    return bilan


CHAMPS_AVANCEMENT = ("pourcentage", "valeur_atteinte", "etat", "commentaire")


def enregistrer_avancement(bilan, *, par, avancements, version=None) -> BilanAnnuel:
    """Save the progress of the plan's actions: `avancements` {AvancementAction pk: {"pourcentage",
    "valeur_atteinte", "etat", "commentaire"}} (a field left out is kept), all or nothing."""
    with transaction.atomic():
        bilan = _verrouiller(bilan, version)
        exiger("bilans.modifier", par, bilan)
        lignes = _lignes(bilan.avancements.select_related("action"), avancements)
        erreurs = []
        for pk, v in avancements.items():
            action = lignes[pk].action
            pourcentage = v.get("pourcentage", lignes[pk].pourcentage)
            if pourcentage is None or not 0 <= pourcentage <= 100:
                erreurs.append(_("%(action)s : l'avancement va de 0 à 100 %%.") % {"action": action})
            if v.get("etat", lignes[pk].etat) not in AvancementAction.Etat.values:
                erreurs.append(_("%(action)s : état inconnu.") % {"action": action})
            if v.get("valeur_atteinte") is not None and not mesurable(action):
                erreurs.append(
                    _("%(action)s : l'action n'a ni indicateur ni cible dans le plan ; décrivez son avancement en commentaire.")
                    % {"action": action}
                )
        _refuser_si(erreurs)
        _ecrire(lignes, avancements, CHAMPS_AVANCEMENT)
        AvancementAction.objects.bulk_update(lignes.values(), CHAMPS_AVANCEMENT)
        _modifie(bilan)
    return bilan


CIBLE_REQUISE = gettext_lazy("Donnez la cible visée pour une action prioritaire.")


def enregistrer_programmation(bilan, *, par, programmations, version=None) -> BilanAnnuel:
    """Save the priorities of the next exercice: `programmations` {Programmation pk: {"retenue",
    "cible", "commentaire"}}, all or nothing."""
    with transaction.atomic():
        bilan = _verrouiller(bilan, version)
        exiger("bilans.modifier", par, bilan)
        lignes = _lignes(bilan.programmations.select_related("action"), programmations)
        _ecrire(lignes, programmations, ("retenue", "cible", "commentaire"))
        erreurs = []
        for p in lignes.values():
            if p.cible is not None and p.cible < 0:
                erreurs.append(_("%(action)s : la cible ne peut pas être négative.") % {"action": p.action})
            if p.retenue and p.cible is None:
                erreurs.append(f"{p.action} : {CIBLE_REQUISE}")
        _refuser_si(erreurs)
        Programmation.objects.bulk_update(lignes.values(), ["retenue", "cible", "commentaire"])
        _modifie(bilan)
    return bilan


def indicateurs_manquants(bilan):
    """The bilan's rows of required manual indicators still empty (one query)."""
    return list(
        bilan.valeurs.filter(
            indicateur__actif=True,
            indicateur__obligatoire=True,
            indicateur__calcul="",
            valeur_saisie__isnull=True,
            valeur_calculee__isnull=True,
        ).select_related("indicateur")
    )


def refus_indicateurs_manquants(bilan):
    """The refusal of submitting `bilan` while required indicators are empty (None if none is):
    one message per missing indicator, under the key of its row's field."""
    manquants = indicateurs_manquants(bilan)
    if not manquants:
        return None
    n = len(manquants)
    return ActionRefusee(
        ngettext(
            "Le bilan n'est pas soumis : %(n)s indicateur obligatoire est vide.",
            "Le bilan n'est pas soumis : %(n)s indicateurs obligatoires sont vides.",
            n,
        )
        % {"n": n},
        erreurs={
            champ_ligne("valeur_saisie", v.pk): [
                _("« %(indicateur)s » : saisissez une valeur avant de soumettre le bilan (0 s'il n'y en a pas).")
                % {"indicateur": v}
            ]
            for v in manquants
        },
    )


def soumettre(bilan, *, par) -> BilanAnnuel:
    """File the bilan with the direction régionale of the créneau's region porteuse."""
    with transaction.atomic():
        bilan = _verrouiller(bilan)
        exiger("bilans.soumettre", par, bilan)
        if refus := refus_indicateurs_manquants(bilan):
            raise refus
        _passer(
            bilan,
            par,
            Statut.SOUMIS,
            EtapeBilan.Type.SOUMISSION,
            qui=destinataires.direction_regionale(bilan.creneau.region_porteuse),
            sujet=gettext_lazy("Bilan %(ex)s soumis : %(creneau)s"),
            gabarit="bilans/courriels/soumis.txt",
            premiere_soumission=bilan.premiere_soumission or maintenant(),
        )
    return bilan


def renvoyer(bilan, *, par, commentaire) -> BilanAnnuel:
    """Return the bilan to the coordination for revision; the comment says what to fix."""
    with transaction.atomic():
        bilan = _verrouiller(bilan)
        exiger("bilans.valider", par, bilan)
        commentaire = (commentaire or "").strip()
        if not commentaire:
            raise ActionRefusee(_("Indiquez ce que la coordination doit réviser."), champ="commentaire")
        _passer(
            bilan,
            par,
            Statut.A_REVISER,
            EtapeBilan.Type.RENVOI,
            qui=destinataires.coordination(bilan.creneau),
            sujet=gettext_lazy("Bilan %(ex)s à réviser : %(creneau)s"),
            gabarit="bilans/courriels/a_reviser.txt",
            commentaire=commentaire,
        )
    return bilan


def accepter(bilan, *, par, commentaire="") -> BilanAnnuel:
    """Accept the bilan: it is frozen, with a snapshot of every value as accepted."""
    with transaction.atomic():
        bilan = _verrouiller(bilan)
        exiger("bilans.valider", par, bilan)
        _passer(
            bilan,
            par,
            Statut.ACCEPTE,
            EtapeBilan.Type.ACCEPTATION,
            qui=destinataires.coordination(bilan.creneau),
            sujet=gettext_lazy("Bilan %(ex)s accepté : %(creneau)s"),
            gabarit="bilans/courriels/accepte.txt",
            commentaire=(commentaire or "").strip(),
            instantane=instantane(bilan),
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
            {
                "action": str(a.action),
                "pourcentage": a.pourcentage,
                "valeur_atteinte": _nombre(a.valeur_atteinte),
                "cible": _nombre(a.action.cible),
                "etat": a.etat,
                "commentaire": a.commentaire,
            }
            for a in bilan.avancements.select_related("action")
        ],
        "programmation": [
            {"action": str(p.action), "cible": _nombre(p.cible), "commentaire": p.commentaire}
            for p in bilan.programmations.filter(retenue=True).select_related("action")
        ],
    }


def adopter(bilan, *, resolution) -> BilanAnnuel:
    """Record the bilan's adoption by the créneau's comité, from the résolution of the séance that
    adopted it (creneaux.resolutions: the only way). The bilan's own guards: not accepted yet by
    the direction régionale, not adopted already, the résolution's comité is the créneau's."""
    r = exiger_resolution(resolution)
    with transaction.atomic():
        bilan = _verrouiller(bilan)
        if bilan.statut == Statut.ACCEPTE:
            raise ActionRefusee(_("Ce bilan est déjà accepté par la direction régionale : son adoption ne le change plus."))
        if bilan.adopte_resolution:
            raise ActionRefusee(_("Ce bilan est déjà adopté par la résolution %(n)s.") % {"n": bilan.adopte_resolution})
        exiger_resolution(
            r,
            lambda c: comites_adoptants(bilan.creneau).filter(pk=c.pk).exists(),
            _("Ce comité n'adopte pas le bilan de ce créneau."),
        )
        if not r.adoptee:
            raise ActionRefusee(_("La résolution %(n)s n'adopte pas ce bilan.") % {"n": r.numero})
        bilan.adopte_par, bilan.adopte_seance, bilan.adopte_resolution, bilan.adopte_le = r.comite, r.seance, r.numero, r.date
        bilan.save(update_fields=["adopte_par", "adopte_seance", "adopte_resolution", "adopte_le", "modifie_le"])
        EtapeBilan.objects.create(
            bilan=bilan,
            type=EtapeBilan.Type.ADOPTION,
            de_statut=bilan.statut,
            vers_statut=bilan.statut,
            commentaire=_("Adopté par %(comite)s, résolution %(n)s (%(pour)d pour, %(contre)d contre, %(abst)d abstention(s)).")
            % {"comite": r.comite, "n": r.numero, "pour": r.pour, "contre": r.contre, "abst": r.abstentions},
            auteur=r.par,
            horodatage=r.date,
        )
    return bilan
