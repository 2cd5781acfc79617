"""The procès-verbal of a séance as a PDF (docs/seances.md): the comité, when and how it sat, who was
present (and how each presence was recorded), the conflicts of interest, each item of the agenda
with its proposition, résolution number, tally, named votes and outcome, and who approved it.

The document is rendered from one record of the séance (`releve`: plain values, JSON). Until the
chair and the secretary have both approved it, that record is read from the séance as it stands
and the document is a draft (« Projet de procès-verbal », watermarked). At the second approval,
`seances.actions.approuver_pv` freezes the record (`ProcesVerbalFige`) and renders the final
PDF from it; an approved procès-verbal is only ever rendered from its frozen record, never again
from live data (a quorum or a member's name changed afterwards does not reach it).
The same look as the other documents: rapports.pdf (one template, WeasyPrint). A fixed number of
queries whatever the number of members and items. The record of a comité is written in the
portal's language (settings.LANGUAGE_CODE), whatever the language of who asks for it.
"""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from creneaux.models import Creneau, Mandat, ReglesConsultation
from noyau.horloge import maintenant
from noyau.signature import signer_pdf
from rapports.pdf import contexte_impression, rendre_pdf
from seances.models import Point, ProcesVerbalFige

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
    """Render the approved procès-verbal from its frozen record and store it, unless stored already."""
    if seance.pv and seance.pv.storage.exists(seance.pv.name):
        return seance.pv
    seance.pv.save(f"pv-{seance.pk}.pdf", ContentFile(pdf_definitif(seance)), save=False)
    type(seance).objects.filter(pk=seance.pk).update(pv=seance.pv.name)
    return seance.pv


def geler_a_l_approbation(seance):
    """At the second approval: freeze the séance's record now, and render the final PDF from it
    (the rendering only is deferred within pv_a_la_demande: demo loading)."""
    ProcesVerbalFige.objects.create(seance=seance, donnees=releve(seance), fige_le=maintenant())
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


def _ligne(personne, role, present, mention):
    organisation = personne.organisation
    return {
        "personne": str(personne),
        "role": str(role),
        "organisation": str(organisation) if organisation else "",
        "present": present,
        "mention": str(mention),
    }


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
        lignes.append(_ligne(m.personne, role, present, mention))
    for pk, presence in presences.items():
        if pk not in vus:
            present, mention = _presence(s, presence, presence.personne)
            lignes.append(_ligne(presence.personne, _("Hors mandat"), present, mention))
    votants = {m.personne_id for m in mandats if m.votant}
    votants_presents = {pk for pk, p in presences.items() if p.valide} & votants
    requis = s.reglement().quorum_requis(len(votants))
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


def _iso(valeur):
    return valeur.isoformat() if valeur else None


def _points(s):
    points = list(Point.objects.pour_seance().filter(seance=s).order_by("ordre", "pk"))
    ids_creneaux = {int(pk) for p in points if p.type == Point.Type.REPARTITION and p.parts for pk in p.parts}
    creneaux = dict(Creneau.objects.filter(pk__in=ids_creneaux).values_list("pk", "nom")) if ids_creneaux else {}
    items, conflits = [], []
    for p in points:
        votes = sorted(p.votes.all(), key=lambda v: (v.personne.nom, v.personne.prenom))
        decompte = None
        if p.pour is not None:
            decompte = {"pour": p.pour, "contre": p.contre or 0, "abstentions": p.abstentions or 0}
        confirme = p.decompte_confirme
        point_conflits = sorted(p.conflits.all(), key=lambda c: (c.personne.nom, c.personne.prenom))
        titre = f"{p.ordre}. {p.titre}"
        conflits += [
            {"point": titre, "personne": str(c.personne), "source": str(c.get_source_display()), "note": c.note}
            for c in point_conflits
        ]
        decision = ""
        if p.decision_id:
            decision = _("%(etape)s : le projet passe à l’état « %(statut)s ».") % {
                "etape": p.decision.get_etape_display(),
                "statut": p.decision.get_vers_statut_display(),
            }
        items.append(
            {
                "ordre": p.ordre,
                "titre": p.titre,
                "type": str(p.get_type_display()),
                "porteur": str(p.projet.porteur or "—") if p.projet_id else "",
                "creneau": p.projet.creneau.nom if p.projet_id else "",
                "proposition": p.proposition,
                "proposition_libelle": str(p.get_proposition_display()).lower() if p.proposition else "",
                "texte": p.texte,
                "motif_renvoi": p.motif_renvoi,
                "etat": p.etat,
                "classe": p.issue or p.etat,
                "issue": str(_issue(s, p)),
                "numero": p.numero_resolution,
                "decision": str(decision),
                "decompte": decompte,
                "main_levee": confirme is not None,
                "main_levee_par": _nom(confirme.saisi_par) if confirme else "",
                "confirme_par": _nom(p.confirme_par),
                "clos_par_systeme": p.clos_par_systeme,
                "votes": [
                    {"personne": str(v.personne), "choix": str(v.get_choix_display()), "horodatage": _iso(v.horodatage)}
                    for v in votes
                ],
                "conflits": [str(c.personne) for c in point_conflits],
                "parts": [[creneaux.get(int(pk), pk), str(montant)] for pk, montant in (p.parts or {}).items()],
            }
        )
    return items, conflits


def releve(seance):
    """The séance's own records, as plain values (JSON): what its procès-verbal says."""
    s = seance
    membres, quorum = _membres(s)
    points, conflits = _points(s)
    regle = ""
    if s.electronique:
        regle = (
            _("unanimité des membres votants")
            if s.reglement().consultation_electronique == ReglesConsultation.UNANIMITE
            else _("majorité des membres votants")
        )
    return {
        "seance": {
            "comite": str(s.comite),
            "date": _iso(s.date),
            "mode": str(s.get_mode_display()),
            "electronique": s.electronique,
            "lieu": s.lieu,
            "lien": s.lien,
            "echeance": _iso(s.echeance),
            "convoquee_le": _iso(s.convoquee_le),
            "ouverte_le": _iso(s.ouverte_le),
            "levee_le": _iso(s.levee_le),
            "pv_president_le": _iso(s.pv_president_le),
            "pv_secretaire_le": _iso(s.pv_secretaire_le),
        },
        "approuve": s.statut == s.Statut.PV_APPROUVE,
        "presents": [m for m in membres if m["present"]],
        "absents": [m for m in membres if not m["present"]],
        "quorum": quorum,
        "points": points,
        "conflits": conflits,
        "regle": str(regle),
        "president": _nom(s.pv_president_par),
        "secretaire": _nom(s.pv_secretaire_par),
        "convoquee_par": _nom(s.convoquee_par),
    }


_DATES = ("date", "echeance", "convoquee_le", "ouverte_le", "levee_le", "pv_president_le", "pv_secretaire_le")


def _rendu(donnees):
    """The record with its dates and amounts as the template's filters expect them."""
    seance = {k: (datetime.datetime.fromisoformat(v) if k in _DATES and v else v) for k, v in donnees["seance"].items()}
    points = []
    for p in donnees["points"]:
        votes = [{**v, "horodatage": datetime.datetime.fromisoformat(v["horodatage"])} for v in p["votes"]]
        points.append({**p, "votes": votes, "parts": [(nom, Decimal(m)) for nom, m in p["parts"]]})
    return {**donnees, "seance": seance, "points": points}


def donnees_du_pv(seance):
    """The approved procès-verbal's frozen record; a draft's record read from the séance now."""
    if seance.statut == seance.Statut.PV_APPROUVE:
        fige = ProcesVerbalFige.objects.filter(seance=seance).first()
        if fige is not None:
            return fige.donnees
    return releve(seance)


def contexte_du_pv(seance, user=None):
    """What the procès-verbal shows (see the module's docstring)."""
    d = _rendu(donnees_du_pv(seance))
    titre = _("Procès-verbal") if d["approuve"] else _("Projet de procès-verbal")
    return contexte_impression(
        user,
        titre,
        d["seance"]["comite"],
        genere_le=timezone.localtime(maintenant()),
        langue=settings.LANGUAGE_CODE,
        **d,
    )


def pdf_du_pv(seance, user=None) -> bytes:
    """The procès-verbal of `seance` as PDF bytes: the draft until approved, then the frozen text."""
    with translation.override(settings.LANGUAGE_CODE):
        return rendre_pdf(GABARIT, contexte_du_pv(seance, user))


def pdf_definitif(seance) -> bytes:
    """The approved procès-verbal as stored: its final text, signed by the portal (noyau.signature)."""
    return signer_pdf(pdf_du_pv(seance))
