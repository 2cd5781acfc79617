"""The procès-verbal of a séance as a PDF (DESIGN §3b): the comité, when and how it sat, who was
present (and how each presence was recorded), the conflicts of interest, each item of the agenda
with its proposition, résolution number, tally, named votes and outcome, and who approved it.

Until the chair and the secretary have both approved it, the document is a draft (« Projet de
procès-verbal », watermarked); `seances.actions.approuver_pv` then stores the final one, frozen.
The same look as the other documents: rapports.pdf (one template, WeasyPrint). A fixed number of
queries whatever the number of members and items. The record of a comité is written in the
portal's language (settings.LANGUAGE_CODE), whatever the language of who asks for it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from creneaux.models import Creneau, Mandat, ReglesConsultation
from noyau.horloge import maintenant
from noyau.signature import signer_pdf
from rapports.pdf import contexte_impression, rendre_pdf
from seances.models import Point, Vote

GABARIT = "seances/pv.html"

_a_la_demande: ContextVar[bool] = ContextVar("pv_a_la_demande", default=False)


@contextmanager
def pv_a_la_demande():
    """Within the block, an approved procès-verbal is not rendered at its approval but at its first
    download (`geler`): loading the demo's hundreds of past séances does not render hundreds of
    PDFs nobody opens. The record they are made from is frozen at approval either way."""
    jeton = _a_la_demande.set(True)
    try:
        yield
    finally:
        _a_la_demande.reset(jeton)


def geler(seance):
    """Render the approved procès-verbal and store it, unless it is stored already."""
    if seance.pv and seance.pv.storage.exists(seance.pv.name):
        return seance.pv
    seance.pv.save(f"pv-{seance.pk}.pdf", ContentFile(pdf_definitif(seance)), save=False)
    type(seance).objects.filter(pk=seance.pk).update(pv=seance.pv.name)
    return seance.pv


def geler_a_l_approbation(seance):
    """At approval: store the final procès-verbal now (unless deferred, see pv_a_la_demande)."""
    if not _a_la_demande.get():
        seance.pv.save(f"pv-{seance.pk}.pdf", ContentFile(pdf_definitif(seance)), save=False)


def _nom(user):
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _presence(s, presence, personne):
    """(counted, how it was recorded) of a member's presence at `s`."""
    if presence is None:
        if s.electronique:
            return False, _("N'a pas participé à la consultation")
        return False, _("Absent·e")
    if s.electronique:
        return presence.valide, _("A participé à la consultation")
    arrivee = timezone.localtime(presence.arrivee).strftime("%H:%M") if presence.arrivee else ""
    soi_meme = presence.inscrite_par_id is not None and presence.inscrite_par_id == personne.user_id
    if soi_meme:
        texte = _("Présence inscrite par le membre à %(h)s") % {"h": arrivee}
    else:
        texte = _("Présence inscrite par %(qui)s à %(h)s") % {"qui": _nom(presence.inscrite_par), "h": arrivee}
        if presence.confirmee_par_id:
            texte += ", " + _("confirmée par %(qui)s") % {"qui": _nom(presence.confirmee_par)}
    if not presence.valide:
        texte += " — " + _("non confirmée par la présidence : non comptée")
    return presence.valide, texte


def _membres(s):
    """Every member of the comité on the séance's day (and anyone else recorded present), with
    their presence; and the quorum's figures."""
    jour = timezone.localdate(s.date)
    mandats = list(
        Mandat.objects.actifs(jour)
        .filter(comite_id=s.comite_id)
        .select_related("personne__organisation")
        .order_by("personne__nom", "personne__prenom", "pk")
    )
    presences = {
        p.personne_id: p
        for p in s.presences.select_related("personne__organisation", "inscrite_par", "confirmee_par").order_by("pk")
    }
    lignes, vus = [], set()
    for m in mandats:
        if m.personne_id in vus:
            continue
        vus.add(m.personne_id)
        present, mention = _presence(s, presences.get(m.personne_id), m.personne)
        role = m.get_role_display()
        if not m.votant:
            role += " " + (_("(sans droit de vote)") if m.role == Mandat.Role.OBSERVATEUR else _("(mandat non confirmé)"))
        lignes.append({"personne": m.personne, "role": role, "present": present, "mention": mention, "votant": m.votant})
    for pk, presence in presences.items():
        if pk not in vus:
            present, mention = _presence(s, presence, presence.personne)
            lignes.append({"personne": presence.personne, "role": _("Hors mandat"), "present": present, "mention": mention})
    votants = {m.personne_id for m in mandats if m.votant}
    votants_presents = {pk for pk, p in presences.items() if p.valide} & votants
    requis = s.comite.quorum or len(votants) // 2 + 1
    n = len(votants_presents)
    quorum = {"votants": len(votants), "presents": n, "requis": requis, "atteint": n >= requis}
    return lignes, quorum


def _issue(s, p):
    if p.etat == Point.Etat.DECIDE:
        if p.issue == Point.Issue.ADOPTEE:
            if p.proposition == Point.Proposition.RENVOYER:
                return _("Renvoi pour complément adopté")
            return _("Proposition adoptée")
        return _("Proposition rejetée")
    if p.etat == Point.Etat.SANS_DECISION:
        if s.electronique:
            return _("Sans décision : la règle de la consultation n'est pas atteinte ; le point revient à une séance")
        return _("Sans décision : reporté à une prochaine séance")
    return p.get_etat_display()


def _points(s):
    points = list(Point.objects.pour_seance().filter(seance=s).order_by("ordre", "pk"))
    ids_creneaux = {int(pk) for p in points if p.type == Point.Type.REPARTITION and p.parts for pk in p.parts}
    creneaux = dict(Creneau.objects.filter(pk__in=ids_creneaux).values_list("pk", "nom")) if ids_creneaux else {}
    items, conflits = [], []
    for p in points:
        votes = sorted(p.votes.all(), key=lambda v: (v.personne.nom, v.personne.prenom))
        nominal = {
            "pour": sum(v.choix == Vote.Choix.POUR for v in votes),
            "contre": sum(v.choix == Vote.Choix.CONTRE for v in votes),
            "abstentions": sum(v.choix == Vote.Choix.ABSTENTION for v in votes),
        }
        decompte = None
        if p.pour is not None:
            decompte = {"pour": p.pour, "contre": p.contre or 0, "abstentions": p.abstentions or 0}
        main_levee = (
            p.main_levee_par_id is not None
            and decompte is not None
            and decompte == {"pour": p.main_levee_pour, "contre": p.main_levee_contre, "abstentions": p.main_levee_abstentions}
            and decompte != nominal
        )
        point_conflits = sorted(p.conflits.all(), key=lambda c: (c.personne.nom, c.personne.prenom))
        conflits += [(p, c) for c in point_conflits]
        parts = [(creneaux.get(int(pk), pk), montant) for pk, montant in (p.parts or {}).items()]
        items.append(
            {
                "point": p,
                "votes": votes,
                "decompte": decompte,
                "main_levee": main_levee,
                "main_levee_par": _nom(p.main_levee_par) if main_levee else "",
                "confirme_par": _nom(p.confirme_par),
                "conflits": point_conflits,
                "issue": _issue(s, p),
                "parts": parts,
            }
        )
    return items, conflits


def contexte_du_pv(seance, user=None):
    """What the procès-verbal shows (see the module's docstring)."""
    s = seance
    approuve = s.statut == s.Statut.PV_APPROUVE
    titre = _("Procès-verbal") if approuve else _("Projet de procès-verbal")
    membres, quorum = _membres(s)
    points, conflits = _points(s)
    regle = ""
    if s.electronique:
        regle = (
            _("unanimité des membres votants")
            if s.comite.consultation_electronique == ReglesConsultation.UNANIMITE
            else _("majorité des membres votants")
        )
    return contexte_impression(
        user,
        titre,
        str(s.comite),
        genere_le=timezone.localtime(maintenant()),
        langue=settings.LANGUAGE_CODE,
        seance=s,
        approuve=approuve,
        presents=[m for m in membres if m["present"]],
        absents=[m for m in membres if not m["present"]],
        quorum=quorum,
        points=points,
        conflits=conflits,
        regle=regle,
        president=_nom(s.pv_president_par),
        secretaire=_nom(s.pv_secretaire_par),
        convoquee_par=_nom(s.convoquee_par),
    )


def pdf_du_pv(seance, user=None) -> bytes:
    """The procès-verbal of `seance` as PDF bytes: the draft until approved, then the final text."""
    with translation.override(settings.LANGUAGE_CODE):
        return rendre_pdf(GABARIT, contexte_du_pv(seance, user))


def pdf_definitif(seance) -> bytes:
    """The approved procès-verbal as stored: its final text, signed by the portal (noyau.signature)."""
    return signer_pdf(pdf_du_pv(seance))
