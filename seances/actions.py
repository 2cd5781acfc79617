"""The verbs of a séance (docs/seances.md): plan, set the agenda, convene, open, check in, declare a
conflict, vote, close each item (which runs the item's own verb: a project's résolution, the
envelope's répartition, a plan's adoption), adjourn, approve the procès-verbal.

Every verb follows noyau.actions' contract. Votes and closings lock the item's row, so two
members voting while the chair closes are each counted once or refused, never lost.
"""

import datetime
import re
import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bilans import actions as bilans
from comptes.systeme import acteur_systeme
from creneaux import destinataires
from creneaux.models import Comite, Creneau, Mandat, Personne, Presence, ReglesConsultation, Reunion, actif_q
from creneaux.sceau import sceller
from noyau.actions import ActionRefusee, Conflit, exiger, exiger_motif, verrouiller
from noyau.courriels import notifier_apres_commit
from noyau.dates import exiger_date_bornee
from noyau.fichiers import verifier_fichier
from noyau.horloge import maintenant
from plans import actions as plans
from plans.selectors import comites_adoptants
from projets import actions as projets
from projets.models import Decision, Repartition, Statut
from seances import cahier, calendrier
from seances.models import ChangementSeance, ConflitInteret, DecompteMainLevee, JetonCalendrier, Point, Vote
from seances.pv import geler_a_l_approbation
from seances.selectors import consultation_complete, etape_du_comite

Etat = Point.Etat
StatutSeance = Reunion.Statut


def _personne(par):
    try:
        return par.personne
    except Personne.DoesNotExist:
        raise ActionRefusee(_("Votre compte n'est lié à aucune personne membre d'un comité.")) from None


def _seance(seance):
    return verrouiller(Reunion.objects.select_related("comite__creneau", "comite__region"), seance)


def _point(point):
    """Lock the item's séance, then the item: every verb locks a séance before its items (as
    `lever`, `ordonner` and `clore_consultation` do), so two verbs never wait on each other."""
    seance_id = Point.objects.filter(pk=point.pk).values_list("seance_id", flat=True).first()
    if seance_id is None:
        raise ActionRefusee(_("Ce point a été retiré de l'ordre du jour entre-temps. Rechargez la page."))
    seance = _seance(Reunion(pk=seance_id))
    p = verrouiller(Point.objects.select_related("projet__creneau"), point)
    p.seance = seance
    return p


def _sauver(seance, par, raison):
    seance._history_user, seance._change_reason = par, raison
    seance.save()


# ---------------------------------------------------------------------------------------------
# Before the séance: plan, agenda, convocation


def planifier(comite, *, par, date, mode=Reunion.Mode.PRESENCE, lieu="", lien="", echeance=None, notes="") -> Reunion:
    """Plan a séance of `comite` on `date` (never in the past). A consultation électronique opens
    on `date` and closes at `echeance`, when the comité's règlement allows it."""
    with transaction.atomic():
        comite = verrouiller(Comite.objects.select_related("creneau", "region"), comite)
        exiger("seances.planifier", par, comite)
        if date is None:
            raise ActionRefusee(_("Indiquez la date et l'heure de la séance."), champ="date")
        exiger_date_bornee(date, "date")
        if date < maintenant() - datetime.timedelta(minutes=5):
            raise ActionRefusee(_("Une séance se planifie à l'avance : cette date est passée."), champ="date")
        seance = Reunion(
            comite=comite, date=date, mode=mode, lieu=(lieu or "").strip(), lien=lien or "", ordre_du_jour=notes or ""
        )
        if mode == Reunion.Mode.ELECTRONIQUE:
            if comite.consultation_electronique == ReglesConsultation.INTERDITE:
                raise ActionRefusee(_("Le règlement de ce comité ne permet pas de consultation électronique."), champ="mode")
            if echeance is None:
                raise ActionRefusee(_("Indiquez l'échéance de la consultation."), champ="echeance")
            exiger_date_bornee(echeance, "echeance")
            if echeance <= date:
                raise ActionRefusee(_("L'échéance doit suivre l'ouverture de la consultation."), champ="echeance")
            seance.echeance = echeance
        elif mode == Reunion.Mode.PRESENCE and not seance.lieu:
            raise ActionRefusee(_("Indiquez le lieu de la séance."), champ="lieu")
        elif mode == Reunion.Mode.HYBRIDE and not (seance.lieu and seance.lien):
            raise ActionRefusee(_("Une séance hybride a un lieu et un lien de visioconférence."), champ="lien")
        _sauver(seance, par, _("Séance planifiée"))
    return seance


def _arrivee_au_comite(projet):
    """When `projet` reached its current stage (the Decision that moved it there)."""
    return Decision.objects.filter(projet=projet, vers_statut=projet.statut).aggregate(m=Max("horodatage"))["m"]


def _exiger_projet_devant(comite, projet, seance):
    etape = etape_du_comite(comite)
    if etape == Statut.COMITE_CRENEAU:
        devant = projet.creneau_id == comite.creneau_id
    else:
        devant = etape == Statut.COMITE_REGIONAL and projet.creneau.region_porteuse_id == comite.region_id
    if not devant or projet.statut != etape:
        raise ActionRefusee(
            _("Ce projet n'est pas devant ce comité (il est « %(s)s »).") % {"s": projet.get_statut_display().lower()},
            champ="projet",
        )
    arrivee = _arrivee_au_comite(projet)
    if seance.convoquee_le and arrivee and arrivee > seance.convoquee_le:
        raise ActionRefusee(
            _(
                "Ce projet est arrivé au comité le %(arrivee)s, après la convocation du %(convocation)s : "
                "inscrivez-le à une prochaine séance."
            )
            % {
                "arrivee": date_format(timezone.localtime(arrivee), "j F Y H:i"),
                "convocation": date_format(timezone.localtime(seance.convoquee_le), "j F Y H:i"),
            },
            champ="projet",
        )


def _parts(parts, enveloppe):
    """{créneau id (str): amount (str)} from {Creneau or id: amount}, checked."""
    propres = {}
    for creneau, montant in (parts or {}).items():
        try:
            m = Decimal(str(montant if montant not in (None, "") else 0))
        except InvalidOperation:
            raise ActionRefusee(_("Montant illisible : %(m)s.") % {"m": montant}, champ="parts") from None
        if m < 0:
            raise ActionRefusee(_("Une part ne peut être négative."), champ="parts")
        propres[str(getattr(creneau, "pk", creneau))] = str(m)
    if not propres:
        raise ActionRefusee(_("Indiquez la part de chaque créneau."), champ="parts")
    return propres


def ajouter_point(
    seance, *, par, type, projet=None, enveloppe=None, parts=None, plan=None, bilan=None, titre="", texte=""
) -> Point:
    """Put an item on the agenda: a project before this comité (since before the convocation), the
    envelope's répartition (comité régional), a plan d'action or a bilan of the créneau, or a
    free item."""
    with transaction.atomic():
        s = _seance(seance)
        exiger("seances.planifier", par, s)
        comite = s.comite
        point = Point(seance=s, type=type, texte=(texte or "").strip(), titre=(titre or "").strip())
        if type == Point.Type.PROJET:
            if projet is None:
                raise ActionRefusee(_("Choisissez le projet."), champ="projet")
            _exiger_projet_devant(comite, projet, s)
            if Point.objects.filter(seance=s, projet=projet).exists():
                raise ActionRefusee(_("Ce projet est déjà à l'ordre du jour."), champ="projet")
            point.projet = projet
            point.titre = point.titre or f"{projet.numero or ''} {projet.titre}".strip()
        elif type == Point.Type.REPARTITION:
            if comite.type != Comite.Type.REGIONAL or enveloppe is None or enveloppe.region_id != comite.region_id:
                raise ActionRefusee(_("Seul le comité régional répartit l'enveloppe de sa région."), champ="enveloppe")
            point.enveloppe, point.parts = enveloppe, _parts(parts, enveloppe)
            point.titre = point.titre or _("Répartition de l'enveloppe %(e)s") % {"e": enveloppe}
        elif type == Point.Type.PLAN:
            if plan is None or plan.approuve or not comites_adoptants(plan.creneau).filter(pk=comite.pk).exists():
                raise ActionRefusee(_("Ce comité n'adopte pas ce plan d'action (ou il est déjà approuvé)."), champ="plan")
            point.plan = plan
            point.titre = point.titre or _("Adoption du plan d'action %(p)s") % {"p": plan}
        elif type == Point.Type.BILAN:
            if bilan is None or bilan.creneau_id != comite.creneau_id:
                raise ActionRefusee(_("Ce bilan n'est pas celui du créneau de ce comité."), champ="bilan")
            point.bilan = bilan
            point.titre = point.titre or _("Adoption du bilan annuel %(b)s") % {"b": bilan}
        elif type == Point.Type.LIBRE:
            if not point.titre:
                raise ActionRefusee(_("Donnez un titre au point."), champ="titre")
        else:
            raise ActionRefusee(_("Type de point inconnu."), champ="type")
        point.ordre = (s.points.aggregate(m=Max("ordre"))["m"] or 0) + 1
        point.titre = point.titre[:250]
        point.save()
        _sauver(s, par, _("Point ajouté : %(t)s") % {"t": point.titre})
        cahier.a_refaire(s, par)
    return point


def retirer_point(point, *, par) -> Reunion:
    """Take an item off the agenda before its vote opens."""
    with transaction.atomic():
        p = _point(point)
        exiger("seances.planifier", par, p.seance)
        p.delete()
        _sauver(p.seance, par, _("Point retiré : %(t)s") % {"t": p.titre})
        cahier.a_refaire(p.seance, par)
    return p.seance


def ordonner(seance, *, par, ordre) -> Reunion:
    """Set the agenda's order: `ordre` lists every item's id, first to last."""
    with transaction.atomic():
        s = _seance(seance)
        exiger("seances.planifier", par, s)
        points = {p.pk: p for p in s.points.select_for_update()}
        ids = [int(i) for i in ordre]
        if sorted(ids) != sorted(points):
            raise Conflit(_("L'ordre du jour a changé entre-temps. Rechargez la page."))
        for rang, pk in enumerate(ids, start=1):
            points[pk].ordre = rang
        Point.objects.bulk_update(points.values(), ["ordre"])
        _sauver(s, par, _("Ordre du jour réordonné"))
        cahier.a_refaire(s, par)
    return s


def convoquer(seance, *, par) -> Reunion:
    """Convene the members: each receives the agenda and the link to each dossier. Projects that
    reach the comité later wait for a next séance."""
    with transaction.atomic():
        s = _seance(seance)
        exiger("seances.planifier", par, s)
        if s.statut != StatutSeance.PLANIFIEE:
            raise ActionRefusee(_("Cette séance est déjà convoquée."))
        points = list(s.points.select_related("projet").order_by("ordre"))
        if not points:
            raise ActionRefusee(_("L'ordre du jour est vide : ajoutez au moins un point avant de convoquer."))
        if s.date < maintenant():
            raise ActionRefusee(_("La date de la séance est passée : planifiez-en une nouvelle."), champ="date")
        s.statut, s.convoquee_le, s.convoquee_par = StatutSeance.CONVOQUEE, maintenant(), par
        _sauver(s, par, _("Séance convoquée"))
        membres = [u for u in destinataires.membres(s.comite) if u != par]
        notifier_apres_commit(
            membres,
            lambda: _("[ACCORD] Convocation : %(s)s") % {"s": s},
            "seances/courriels/convocation.txt",
            {"seance": s, "points": points},
            # The calendar invitation (seances.calendrier), and the cahier de séance.
            pieces=lambda: [calendrier.piece_jointe(s, participants=membres)],
        )
        cahier.a_refaire(s, par)
    return s


# ---------------------------------------------------------------------------------------------
# The séance


def ouvrir(seance, *, par) -> Reunion:
    """The chair opens the séance at its time. A consultation électronique opens every item's
    vote at once, until its deadline."""
    with transaction.atomic():
        s = _seance(seance)
        exiger("seances.presider", par, s)
        if s.statut != StatutSeance.CONVOQUEE:
            raise ActionRefusee(_("Seule une séance convoquée s'ouvre (celle-ci est « %(s)s »).") % {"s": s.get_statut_display()})
        if s.date > maintenant():
            raise ActionRefusee(
                _("La séance est prévue le %(d)s : elle s'ouvre à cette heure.")
                % {"d": date_format(timezone.localtime(s.date), "j F Y H:i")}
            )
        s.statut, s.ouverte_le = StatutSeance.OUVERTE, maintenant()
        _sauver(s, par, _("Séance ouverte"))
        if s.electronique:
            for point in s.points.select_for_update().order_by("ordre"):
                _ouvrir_vote(point, s, Point.Proposition.ADOPTER)
    return s


def _membre(seance, personne, *, votant):
    """The active mandate of `personne` in the séance's comité on its day (a confirmed voting one
    if `votant`), or None."""
    qs = Mandat.objects.filter(actif_q(jour=timezone.localdate(seance.date)), comite_id=seance.comite_id, personne=personne)
    return (qs.votants() if votant else qs).first()


def pointer(seance, *, par) -> Presence:
    """A member checks in from their own session: counted at once."""
    with transaction.atomic():
        s = _seance(seance)
        exiger("seances.sieger", par, s)
        moi = _personne(par)
        if _membre(s, moi, votant=False) is None:
            raise ActionRefusee(_("Vous ne siégez pas à ce comité."))
        presence = Presence.objects.filter(reunion=s, personne=moi).first()
        if presence and presence.valide:
            raise ActionRefusee(_("Votre présence est déjà inscrite."))
        presence = presence or Presence(reunion=s, personne=moi)
        presence.arrivee, presence.inscrite_par, presence.valide = maintenant(), par, True
        presence.save()
    return presence


def marquer_presence(seance, *, par, personne) -> Presence:
    """The secretary marks a member present (in the room, without a session); it counts once the
    chair confirms it."""
    with transaction.atomic():
        s = _seance(seance)
        exiger("seances.secretariat", par, s)
        if _membre(s, personne, votant=False) is None:
            raise ActionRefusee(_("%(p)s ne siège pas à ce comité.") % {"p": personne}, champ="personne")
        if Presence.objects.filter(reunion=s, personne=personne).exists():
            raise ActionRefusee(_("La présence de %(p)s est déjà inscrite.") % {"p": personne}, champ="personne")
        return Presence.objects.create(reunion=s, personne=personne, arrivee=maintenant(), inscrite_par=par, valide=False)


def confirmer_presence(presence, *, par) -> Presence:
    """The chair confirms a presence the secretary marked (two people)."""
    with transaction.atomic():
        s = _seance(Reunion(pk=presence.reunion_id))  # the séance first, as `pointer` locks it
        pr = verrouiller(Presence.objects.select_related("personne"), presence)
        exiger("seances.presider", par, s)
        if s.statut != StatutSeance.OUVERTE:
            raise ActionRefusee(_("La séance n'est pas ouverte."))
        if pr.valide:
            raise ActionRefusee(_("Cette présence est déjà comptée."))
        if pr.inscrite_par_id == par.pk:
            raise ActionRefusee(_("Une présence inscrite par vous est confirmée par une autre personne."))
        pr.valide, pr.confirmee_par = True, par
        pr.save(update_fields=["valide", "confirmee_par"])
    return pr


def _conflits_trouves(point, seance):
    """{personne id: source} of the comité's members in conflict on `point` as the portal sees it:
    their organisation is the project's porteur or a partner, or they filed, submitted or
    coordinate it."""
    projet = point.projet
    if projet is None:
        return {}
    organisations = {projet.porteur_id, *projet.partenaires.values_list("pk", flat=True)} - {None}
    membres = Personne.objects.filter(
        mandats__in=Mandat.objects.actifs(timezone.localdate(seance.date)).filter(comite=seance.comite)
    )
    trouves = dict.fromkeys(
        membres.filter(organisation__in=organisations).values_list("pk", flat=True), ConflitInteret.Source.ORGANISATION
    )
    for pk in membres.filter(user__in=projet.utilisateurs_lies()).values_list("pk", flat=True):
        trouves[pk] = ConflitInteret.Source.ROLE
    return trouves


def _enregistrer_conflits(point, seance):
    existants = set(point.conflits.values_list("personne_id", flat=True))
    ConflitInteret.objects.bulk_create(
        [
            ConflitInteret(point=point, personne_id=pk, source=source, horodatage=maintenant())
            for pk, source in _conflits_trouves(point, seance).items()
            if pk not in existants
        ]
    )


def declarer_conflit(point, *, par, note) -> ConflitInteret:
    """A member declares themselves in conflict of interest on an item, with a note; they do not
    vote on it."""
    with transaction.atomic():
        p = _point(point)
        exiger("seances.sieger", par, p.seance)
        moi = _personne(par)
        note = exiger_motif(note, "note")
        if _membre(p.seance, moi, votant=False) is None:
            raise ActionRefusee(_("Vous ne siégez pas à ce comité."))
        if p.clos:
            raise ActionRefusee(_("Ce point est clos."))
        if p.votes.filter(personne=moi).exists():
            raise ActionRefusee(_("Vous avez déjà voté sur ce point : un conflit d'intérêts se déclare avant le vote."))
        if p.conflits.filter(personne=moi).exists():
            raise ActionRefusee(_("Votre conflit d'intérêts sur ce point est déjà inscrit."))
        return ConflitInteret.objects.create(
            point=p, personne=moi, source=ConflitInteret.Source.DECLARE, note=note, horodatage=maintenant()
        )


def _exiger_sans_lien(point, par):
    if point.projet is not None and par.pk in point.projet.utilisateurs_lies():
        raise ActionRefusee(_("Vous avez déposé, soumis ou coordonnez ce projet : un·e autre membre du bureau dirige ce point."))


def _exiger_quorum(seance):
    quorum = seance.quorum()
    if not quorum.atteint:
        raise ActionRefusee(
            _("Quorum non atteint : %(n)d membre(s) votant(s) présent(s) pour un quorum de %(q)d.")
            % {"n": len(quorum.votants_presents), "q": quorum.requis}
        )
    _exiger_majorite_affaires(quorum)
    return quorum


def _exiger_majorite_affaires(quorum):
    """When the séance's règlement requires it, business people hold the majority of the voting
    members present (a comité de créneau is business-led)."""
    if not quorum.affaires_majoritaires:
        raise ActionRefusee(
            _("Le règlement du comité exige que les gens d'affaires soient majoritaires parmi les membres votants "
              "présents : %(a)d sur %(n)d.") % {"a": len(quorum.affaires_presents), "n": len(quorum.votants_presents)}
        )  # fmt: skip


def _ouvrir_vote(p, s, proposition, motif_renvoi=""):
    if p.etat != Etat.INSCRIT:
        raise ActionRefusee(_("Le vote sur ce point est déjà ouvert ou clos."))
    if p.projet is not None:
        _exiger_projet_devant(s.comite, p.projet, s)
    p.etat, p.proposition, p.motif_renvoi, p.vote_ouvert_le = Etat.VOTE_OUVERT, proposition, motif_renvoi, maintenant()
    p.save(update_fields=["etat", "proposition", "motif_renvoi", "vote_ouvert_le"])
    _enregistrer_conflits(p, s)


def ouvrir_vote(point, *, par, proposition=Point.Proposition.ADOPTER, motif_renvoi="") -> Point:
    """The chair puts an item's proposition to the vote (one item at a time), quorum present."""
    with transaction.atomic():
        p = _point(point)
        s = p.seance
        exiger("seances.presider", par, s)
        if s.statut != StatutSeance.OUVERTE:
            raise ActionRefusee(_("La séance n'est pas ouverte."))
        _exiger_sans_lien(p, par)
        if s.points.filter(etat=Etat.VOTE_OUVERT).exclude(pk=p.pk).exists():
            raise ActionRefusee(_("Un autre vote est ouvert : fermez-le d'abord."))
        _exiger_quorum(s)
        if proposition == Point.Proposition.RENVOYER:
            if p.type != Point.Type.PROJET:
                raise ActionRefusee(_("Seul un projet se renvoie pour complément."), champ="proposition")
            motif_renvoi = exiger_motif(motif_renvoi, "motif_renvoi")
        elif proposition != Point.Proposition.ADOPTER:
            raise ActionRefusee(_("Choisissez la proposition mise aux voix."), champ="proposition")
        _ouvrir_vote(p, s, proposition, motif_renvoi or "")
    return p


def voter(point, *, par, choix) -> Vote:
    """A present voting member votes pour / contre / abstention, once, while the vote is open."""
    if choix not in Vote.Choix.values:
        raise ActionRefusee(_("Choisissez pour, contre ou abstention."), champ="choix")
    try:
        with transaction.atomic():
            p = _point(point)
            s = p.seance
            exiger("seances.sieger", par, s)
            moi = _personne(par)
            if _membre(s, moi, votant=True) is None:
                raise ActionRefusee(_("Vous n'avez pas droit de vote à ce comité (observateur ou mandat non confirmé)."))
            if p.etat != Etat.VOTE_OUVERT:
                raise ActionRefusee(_("Le vote sur ce point n'est pas ouvert."))
            if s.electronique:
                if s.echeance and maintenant() > s.echeance:
                    raise ActionRefusee(_("L'échéance de la consultation est passée."))
                # Voting from one's own session is taking part: it counts as checking in (and makes
                # a presence the secretary marked count, as a self check-in would).
                presence, _creee = Presence.objects.get_or_create(
                    reunion=s, personne=moi, defaults={"arrivee": maintenant(), "inscrite_par": par, "valide": True}
                )
                if not presence.valide:
                    presence.arrivee, presence.inscrite_par, presence.valide = maintenant(), par, True
                    presence.save(update_fields=["arrivee", "inscrite_par", "valide"])
            elif not Presence.objects.filter(reunion=s, personne=moi, valide=True).exists():
                raise ActionRefusee(_("Inscrivez votre présence avant de voter."))
            if p.conflits.filter(personne=moi).exists():
                raise ActionRefusee(_("Vous êtes en conflit d'intérêts sur ce point : vous ne votez pas."))
            if p.votes.filter(personne=moi).exists():
                raise ActionRefusee(_("Vous avez déjà voté sur ce point."))
            if p.decomptes.exists():
                raise ActionRefusee(
                    _(
                        "Le secrétariat a saisi un décompte à main levée sur ce point : le vote s'y tient à main levée "
                        "et la présidence confirme ce décompte."
                    )
                )
            if not s.electronique:
                _exiger_quorum(s)
            vote = Vote.objects.create(point=p, personne=moi, choix=choix, horodatage=maintenant())
            if s.electronique and consultation_complete(s):
                # The last vote awaited: the consultation closes now, by the portal.
                _clore_consultation(s)
            return vote
    except IntegrityError as e:  # the same member voting twice at the same instant
        if "un_vote_par_membre_et_point" not in str(e):
            raise
        raise ActionRefusee(_("Vous avez déjà voté sur ce point.")) from e


def saisir_main_levee(point, *, par, pour, contre, abstentions=0) -> DecompteMainLevee:
    """The secretary types a show-of-hands tally, for an item whose members do not vote in the
    portal; it counts once the chair confirms it. Each tally is kept (a correction is a new one).
    Refused once any member voted by name on the item (the named votes are the record), for a
    consultation électronique, when it counts no vote or more votes than the members present
    and entitled to vote on the item."""
    with transaction.atomic():
        p = _point(point)
        exiger("seances.secretariat", par, p.seance)
        if p.etat != Etat.VOTE_OUVERT:
            raise ActionRefusee(_("Le vote sur ce point n'est pas ouvert."))
        if p.seance.electronique:
            raise ActionRefusee(_("Une consultation électronique se décide par les votes des membres, pas à main levée."))
        _exiger_sans_lien(p, par)
        nombres = {}
        for champ, n in {"pour": pour, "contre": contre, "abstentions": abstentions}.items():
            try:
                nombres[champ] = int(n)
            except (TypeError, ValueError):
                raise ActionRefusee(_("Un nombre de votes est un entier positif ou nul."), champ=champ) from None
            if nombres[champ] < 0:
                raise ActionRefusee(_("Un nombre de votes est un entier positif ou nul."), champ=champ)
        nominaux = p.votes.count()
        if nominaux:
            raise ActionRefusee(
                _(
                    "%(n)d membre(s) ont déjà voté nominativement sur ce point : les votes nominatifs font foi, "
                    "un décompte à main levée n'est plus possible."
                )
                % {"n": nominaux},
                champ="pour",
            )
        total = sum(nombres.values())
        if total == 0:
            raise ActionRefusee(_("Ce décompte ne compte aucun vote : saisissez les votes exprimés à main levée."), champ="pour")
        habilites = _habilites(p, p.seance)
        if total > len(habilites):
            raise ActionRefusee(
                _("%(n)d votes pour %(h)d membre(s) votant(s) présent(s) sans conflit d'intérêts.")
                % {"n": total, "h": len(habilites)},
                champ="pour",
            )
        return DecompteMainLevee.objects.create(point=p, saisi_par=par, saisi_le=maintenant(), **nombres)


def _habilites(p, s):
    """Present confirmed voting members not in conflict on `p`."""
    return s.quorum().votants_presents - set(p.conflits.values_list("personne_id", flat=True))


def _numero_suivant(comite, jour):
    """The next résolution number of `comite` for `jour`'s year, e.g. CC-MEUBLE-2026-07 (the
    caller holds the comité's row lock, so two closings never take the same number)."""
    if comite.type == Comite.Type.REGIONAL:
        prefixe = f"CR{comite.region.code}"
    else:
        sigle = re.sub(r"[^A-Z0-9]", "", (comite.creneau.sigle or comite.creneau.slug).upper())[:12]
        prefixe = {Comite.Type.EXECUTIF: "CE", Comite.Type.INTERREGIONAL: "CI"}.get(comite.type, "CC") + f"-{sigle}"
    debut = f"{prefixe}-{jour.year}-"
    pris = [
        *Decision.objects.filter(comite=comite, numero_resolution__startswith=debut).values_list("numero_resolution", flat=True),
        *Repartition.objects.filter(comite=comite, numero_resolution__startswith=debut).values_list(
            "numero_resolution", flat=True
        ),
        *Point.objects.filter(seance__comite=comite, numero_resolution__startswith=debut).values_list(
            "numero_resolution", flat=True
        ),
    ]
    rang = max((int(n[len(debut) :]) for n in pris if n[len(debut) :].isdigit()), default=0) + 1
    return f"{debut}{rang:02d}"


def _resolution(p, s, par, decompte, *, systeme=False, main_levee=False):
    """The one value the closing of `p`'s vote hands to its object's verb (creneaux.resolutions)."""
    comite = verrouiller(Comite.objects.select_related("creneau", "region"), s.comite)
    return sceller(
        seance=s,
        comite=comite,
        point_id=p.pk,
        numero=_numero_suivant(comite, timezone.localdate(s.date)),
        proposition=p.proposition or Point.Proposition.ADOPTER,
        adoptee=decompte["pour"] > decompte["contre"],
        pour=decompte["pour"],
        contre=decompte["contre"],
        abstentions=decompte["abst"],
        date=maintenant(),
        par=par,
        par_systeme=systeme,
        texte=p.texte,
        motif_renvoi=p.motif_renvoi,
        main_levee=main_levee,
        votes=tuple(p.votes.order_by("pk").values_list("personne_id", "choix")),
        en_conflit=tuple(sorted(p.conflits.values_list("personne_id", flat=True))),
    )


def _executer(p, r):
    """Run the item's own verb with the résolution `r`; returns (decision, repartition), or None
    when the outcome records nothing (a proposition rejected that was not a project's, a free
    item)."""
    if p.type == Point.Type.PROJET:
        _exiger_projet_devant(r.comite, p.projet, r.seance)  # not withdrawn or moved on during the vote
        au_creneau = p.projet.statut == Statut.COMITE_CRENEAU
        if r.renvoi:
            if not r.adoptee:
                return None
            verbe = projets.renvoyer
        elif r.adoptee:
            verbe = projets.adopter_resolution if au_creneau else projets.approuver_regional
        else:
            verbe = projets.rejeter_resolution if au_creneau else projets.refuser_regional
        return verbe(p.projet, resolution=r), None
    if not r.adoptee:
        return None
    if p.type == Point.Type.REPARTITION:
        parts = {Creneau.objects.get(pk=int(pk)): montant for pk, montant in p.parts.items()}
        return None, projets.adopter_repartition(p.enveloppe, resolution=r, parts=parts)
    if p.type == Point.Type.PLAN:
        plans.approuver(p.plan, resolution=r)
        return None, None
    if p.type == Point.Type.BILAN:
        bilans.adopter(p.bilan, resolution=r)
    return None, None


def _clore(p, s, par, decompte, *, systeme=False, main_levee=None):
    r = _resolution(p, s, par, decompte, systeme=systeme, main_levee=main_levee is not None)
    resultat = _executer(p, r)
    decision, repartition = resultat or (None, None)
    p.etat = Etat.DECIDE
    p.issue = Point.Issue.ADOPTEE if r.adoptee else Point.Issue.REJETEE
    p.pour, p.contre, p.abstentions = r.pour, r.contre, r.abstentions
    p.numero_resolution, p.decision, p.repartition = (r.numero if resultat else ""), decision, repartition
    p.clos_le, p.confirme_par, p.clos_par_systeme = r.date, (None if systeme else par), systeme
    p.decompte_confirme = main_levee
    p.save()
    return p


def _decompte_des_votes(p):
    votes = list(p.votes.values_list("choix", flat=True))
    return {"pour": votes.count("pour"), "contre": votes.count("contre"), "abst": votes.count("abstention")}


def _decompte_a_confirmer(p, par, decompte):
    """The show-of-hands tally `decompte` (its id, as the chair's page showed it) if it is still
    the last one typed on `p`, may be confirmed by `par` and fits the members present."""
    try:
        pk = int(decompte)
    except (TypeError, ValueError):
        raise ActionRefusee(_("Indiquez le décompte à main levée que vous confirmez.")) from None
    dernier = p.decomptes.order_by("-saisi_le", "-pk").first()
    if dernier is None:
        raise ActionRefusee(_("Le secrétariat n'a saisi aucun décompte à main levée sur ce point."))
    if dernier.pk != pk:
        raise Conflit(
            _(
                "Le décompte affiché n'est plus le dernier saisi sur ce point (le secrétariat l'a corrigé : "
                "%(pour)d pour, %(contre)d contre, %(abst)d abstention(s)). Rechargez la page et confirmez le décompte affiché."
            )
            % {"pour": dernier.pour, "contre": dernier.contre, "abst": dernier.abstentions}
        )
    if dernier.saisi_par_id == par.pk:
        raise ActionRefusee(_("Un décompte saisi par vous est confirmé par une autre personne."))
    if p.votes.exists():
        raise ActionRefusee(_("Des membres ont voté nominativement sur ce point : les votes nominatifs font foi."))
    habilites = len(_habilites(p, p.seance))
    if dernier.total > habilites:
        raise ActionRefusee(
            _("%(n)d votes pour %(h)d membre(s) votant(s) présent(s) sans conflit d'intérêts.")
            % {"n": dernier.total, "h": habilites}
        )
    return dernier


def clore_vote(point, *, par, decompte=None) -> Point:
    """The chair closes the vote (quorum still present): the named votes decide the item, or,
    when `decompte` names it, the show-of-hands tally the chair was shown; then the item's verb
    runs with the résolution. A consultation électronique is not closed by the chair: it closes
    at its deadline (`clore_consultation`)."""
    with transaction.atomic():
        p = _point(point)
        s = p.seance
        exiger("seances.presider", par, s)
        if s.electronique:
            raise ActionRefusee(
                _(
                    "Une consultation électronique se clôt d'elle-même à son échéance, ou dès que tous les membres "
                    "votants ont voté : la présidence ne la ferme pas."
                )
            )
        if p.etat != Etat.VOTE_OUVERT:
            raise ActionRefusee(_("Le vote sur ce point n'est pas ouvert."))
        _exiger_sans_lien(p, par)
        _exiger_quorum(s)
        confirme = None
        if decompte not in (None, ""):
            confirme = _decompte_a_confirmer(p, par, decompte)
            chiffres = {"pour": confirme.pour, "contre": confirme.contre, "abst": confirme.abstentions}
        else:
            chiffres = _decompte_des_votes(p)
            if not any(chiffres.values()):
                if p.decomptes.exists():
                    raise ActionRefusee(_("Aucun vote nominatif : confirmez le décompte à main levée affiché."))
                raise ActionRefusee(_("Aucun vote exprimé : attendez les votes ou confirmez un décompte à main levée."))
        try:
            with transaction.atomic():
                return _clore(p, s, par, chiffres, main_levee=confirme)
        except Conflit:
            raise
        except ActionRefusee as e:
            # The item's own verb refuses its outcome (the project was withdrawn or moved on
            # during the vote, the créneau's share of the envelope would be exceeded…): the vote
            # was held and its tally is kept, the item is closed without decision, with the
            # reason, so the séance goes on (a next séance may take it up again).
            return _sans_decision(p, chiffres, e.message)


def _sans_decision(p, decompte, raison="", *, systeme=False):
    p.etat, p.pour, p.contre, p.abstentions = Etat.SANS_DECISION, decompte["pour"], decompte["contre"], decompte["abst"]
    p.clos_le, p.clos_par_systeme = maintenant(), systeme
    if raison:
        p.motif_renvoi = raison
    p.save()
    return p


def lever(seance, *, par) -> Reunion:
    """The chair adjourns the séance; items not voted on are left without decision (to a next séance)."""
    with transaction.atomic():
        s = _seance(seance)
        exiger("seances.presider", par, s)
        if s.statut != StatutSeance.OUVERTE:
            raise ActionRefusee(_("La séance n'est pas ouverte."))
        if s.points.filter(etat=Etat.VOTE_OUVERT).exists():
            raise ActionRefusee(_("Un vote est encore ouvert : fermez-le avant de lever la séance."))
        return _lever(s, par)


def _lever(s, par):
    s.points.filter(etat__in=(Etat.INSCRIT, Etat.VOTE_OUVERT)).update(etat=Etat.SANS_DECISION)
    s.statut, s.levee_le = StatutSeance.LEVEE, maintenant()
    _sauver(s, par, _("Séance levée"))
    return s


# ---------------------------------------------------------------------------------------------
# Consultation électronique


def clore_consultation(seance) -> Reunion:
    """Close a consultation électronique at its deadline, or earlier once every voting member has
    voted on every item; never otherwise (nobody closes it early by hand). Each item is decided by
    the règlement's threshold over all the comité's voting members (not in conflict on it):
    unanimity, or a majority of them; otherwise it is left without decision, for a séance.
    Recorded in the name of the portal's system actor (comptes.systeme), not of a person."""
    with transaction.atomic():
        s = _seance(seance)
        if not (s.electronique and s.statut == StatutSeance.OUVERTE):
            return s
        if not ((s.echeance and s.echeance <= maintenant()) or consultation_complete(s)):
            return s
        return _clore_consultation(s)


def _clore_consultation(s):
    systeme = acteur_systeme()
    regle = s.reglement().consultation_electronique
    votants = set(s.quorum().votants)
    for p in s.points.select_for_update().filter(etat=Etat.VOTE_OUVERT).order_by("ordre"):
        p.seance = s
        decompte = _decompte_des_votes(p)
        eligibles = len(votants - set(p.conflits.values_list("personne_id", flat=True)))
        requis = eligibles if regle == ReglesConsultation.UNANIMITE else eligibles // 2 + 1
        if eligibles and decompte["pour"] >= requis:
            try:
                with transaction.atomic():
                    _clore(p, s, systeme, decompte, systeme=True)
                continue
            except ActionRefusee as e:
                _sans_decision(p, decompte, e.message, systeme=True)
                continue
        _sans_decision(p, decompte, systeme=True)
    return _lever(s, systeme)


def rappeler_consultation(seance) -> int:
    """Remind the voting members who have not voted on every open item (once per consultation);
    returns how many were reminded."""
    with transaction.atomic():
        s = _seance(seance)
        if not (s.electronique and s.statut == StatutSeance.OUVERTE) or s.rappel_le:
            return 0
        ouverts = list(s.points.filter(etat=Etat.VOTE_OUVERT))
        votants = Mandat.objects.actifs(timezone.localdate(s.date)).filter(comite=s.comite).votants()
        # Up to date: voted on every open item, or in conflict on it (they do not vote on it).
        a_jour = set.intersection(*(
            {*p.votes.values_list("personne_id", flat=True), *p.conflits.values_list("personne_id", flat=True)} for p in ouverts
        )) if ouverts else set()  # fmt: skip
        en_retard = [m.personne.user for m in votants.select_related("personne__user") if m.personne_id not in a_jour]
        en_retard = [u for u in en_retard if u is not None and u.is_active and u.email]
        s.rappel_le = maintenant()
        s.save(update_fields=["rappel_le"])
        notifier_apres_commit(
            en_retard,
            lambda: (
                _("[ACCORD] Rappel : consultation électronique jusqu'au %(d)s")
                % {"d": date_format(timezone.localtime(s.echeance), "j F Y H:i")}
            ),
            "seances/courriels/rappel.txt",
            {"seance": s, "points": ouverts},
        )
    return len(en_retard)


# ---------------------------------------------------------------------------------------------
# Procès-verbal


def approuver_pv(seance, *, par) -> Reunion:
    """The chair and the secretary each approve the procès-verbal; with both, it is generated
    once more, stored and frozen."""
    with transaction.atomic():
        s = _seance(seance)
        exiger("seances.approuver_pv", par, s)
        mandat = _membre(s, _personne(par), votant=False) if s.comite_id else None
        role = mandat.role if mandat else None
        if role in Mandat.ROLES_PRESIDENCE:
            if s.pv_president_par_id:
                raise ActionRefusee(_("La présidence a déjà approuvé ce procès-verbal."))
            s.pv_president_par, s.pv_president_le = par, maintenant()
        elif role == Mandat.Role.SECRETAIRE:
            if s.pv_secretaire_par_id:
                raise ActionRefusee(_("Le secrétariat a déjà approuvé ce procès-verbal."))
            s.pv_secretaire_par, s.pv_secretaire_le = par, maintenant()
        else:
            raise ActionRefusee(_("Seules la présidence et le secrétariat approuvent le procès-verbal."))
        if s.pv_president_par_id and s.pv_secretaire_par_id:
            s.statut = StatutSeance.PV_APPROUVE
            geler_a_l_approbation(s)
        _sauver(s, par, _("Procès-verbal approuvé"))
    return s


def deposer_pv_signe(seance, *, par, fichier) -> Reunion:
    """Attach the signed scan of the approved procès-verbal (checked by content)."""
    with transaction.atomic():
        s = _seance(seance)
        if s.statut != StatutSeance.PV_APPROUVE:
            raise ActionRefusee(_("Le procès-verbal signé se dépose une fois le procès-verbal approuvé."), champ="fichier")
        exiger("seances.deposer_pv_signe", par, s)
        if s.proces_verbal:
            raise ActionRefusee(_("Le procès-verbal signé est déjà déposé : il ne se remplace pas."), champ="fichier")
        try:
            verifier_fichier(fichier)
        except ValidationError as e:
            raise ActionRefusee(" ".join(e.messages), champ="fichier") from None
        s.proces_verbal = fichier
        _sauver(s, par, _("Procès-verbal signé déposé"))
    return s


# ---------------------------------------------------------------------------------------------
# Rescheduling and cancelling a séance before it opens (its members are told, with the updated or
# cancelled calendar invitation); each personal calendar feed's secret.


def _prevenir(s, par, sujet, gabarit, contexte, methode):
    """E-mail the comité's members (but `par`) about `s`, with its invitation (if convened)."""
    membres = [u for u in destinataires.membres(s.comite) if u != par]
    pieces = (lambda: [calendrier.piece_jointe(s, participants=membres, methode=methode)]) if s.convoquee_le else None
    notifier_apres_commit(membres, sujet, gabarit, {"seance": s, **contexte}, pieces=pieces)


def reporter(seance, *, par, date, motif, lieu=None, lien=None, echeance=None) -> Reunion:
    """Move a séance not yet opened to `date` (in the future), with a reason, and optionally a new
    place, video link or (consultation) deadline. A convened séance stays convened: its members
    receive the updated invitation (SEQUENCE + 1)."""
    with transaction.atomic():
        s = _seance(seance)
        exiger("seances.reporter", par, s)
        motif = exiger_motif(motif)
        if date is None:
            raise ActionRefusee(_("Indiquez la nouvelle date et l'heure de la séance."), champ="date")
        exiger_date_bornee(date, "date")
        if date < maintenant():
            raise ActionRefusee(_("Une séance se reporte à une date à venir."), champ="date")
        changement = ChangementSeance(
            seance=s, sorte=ChangementSeance.Sorte.REPORT, ancienne_date=s.date, nouvelle_date=date,
            ancien_lieu=s.lieu, ancien_lien=s.lien, motif=motif, par=par, horodatage=maintenant(),
        )  # fmt: skip
        ecart = date - s.date
        s.date = date
        if lieu is not None and lieu.strip():
            s.lieu = lieu.strip()
        if lien is not None and lien.strip():
            s.lien = lien.strip()
        if s.electronique:
            s.echeance = echeance or (s.echeance + ecart if s.echeance else None)
            if s.echeance is None or s.echeance <= s.date:
                raise ActionRefusee(_("L'échéance doit suivre l'ouverture de la consultation."), champ="echeance")
            exiger_date_bornee(s.echeance, "echeance")
        if s.date == changement.ancienne_date and s.lieu == changement.ancien_lieu and s.lien == changement.ancien_lien:
            raise ActionRefusee(_("La séance est déjà prévue à cette date."), champ="date")
        s.sequence += 1
        _sauver(s, par, _("Séance reportée : %(motif)s") % {"motif": motif})
        changement.save()
        _prevenir(
            s,
            par,
            lambda: _("[ACCORD] Séance reportée : %(s)s") % {"s": s},
            "seances/courriels/report.txt",
            {"changement": changement},
            "REQUEST",
        )
        cahier.a_refaire(s, par)
    return s


def annuler(seance, *, par, motif) -> Reunion:
    """Cancel a séance not yet opened, with a reason: its members are told (METHOD:CANCEL), its
    agenda items are closed without decision, and their projects wait for another séance."""
    with transaction.atomic():
        s = _seance(seance)
        exiger("seances.reporter", par, s)
        motif = exiger_motif(motif)
        ChangementSeance.objects.create(
            seance=s, sorte=ChangementSeance.Sorte.ANNULATION, ancienne_date=s.date, ancien_lieu=s.lieu,
            ancien_lien=s.lien, motif=motif, par=par, horodatage=maintenant(),
        )  # fmt: skip
        s.points.select_for_update().filter(etat=Etat.INSCRIT).update(
            etat=Etat.SANS_DECISION, clos_le=maintenant(), motif_renvoi=_("Séance annulée : %(motif)s") % {"motif": motif}
        )
        s.statut = StatutSeance.ANNULEE
        s.sequence += 1
        _sauver(s, par, _("Séance annulée : %(motif)s") % {"motif": motif})
        _prevenir(
            s,
            par,
            lambda: _("[ACCORD] Séance annulée : %(s)s") % {"s": s},
            "seances/courriels/annulation.txt",
            {"motif": motif},
            "CANCEL",
        )
    return s


def renouveler_calendrier(*, par) -> JetonCalendrier:
    """A new secret address for `par`'s calendar feed (the former one stops working)."""
    with transaction.atomic():
        if not par.is_authenticated:
            raise ActionRefusee(_("Connectez-vous pour obtenir votre calendrier."))
        jeton, _cree = JetonCalendrier.objects.select_for_update().get_or_create(
            user=par, defaults={"jeton": secrets.token_urlsafe(32), "cree_le": maintenant()}
        )
        if not _cree:
            jeton.jeton, jeton.cree_le = secrets.token_urlsafe(32), maintenant()
            jeton.save()
    return jeton


def revoquer_calendrier(*, par) -> None:
    """`par`'s calendar feed stops working (until a new address is asked for)."""
    with transaction.atomic():
        JetonCalendrier.objects.filter(user=par).delete()
