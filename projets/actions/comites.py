"""A comité's résolution on a project, handed by the séance whose vote decided it: the comité
de créneau (adopt, reject, renvoi) and the comité régional (approve, refuse, renvoi).
"""

from django.db import IntegrityError
from django.utils.translation import gettext as _

from creneaux.models import Comite
from creneaux.resolutions import exiger_resolution
from noyau.actions import ActionRefusee
from projets.actions.socle import Etape, _exiger_part, _transition
from projets.models import Decision, Projet, Statut


def _comite_de_creneau(p):
    return lambda comite: comite.creneau_id == p.creneau_id and comite.adopte_resolutions


def _comite_regional(p):
    return lambda comite: comite.type == Comite.Type.REGIONAL and comite.region_id == p.creneau.region_porteuse_id


def _motif(r):
    """The text a résolution records on the project: the motif of the renvoi, else the
    proposition put to the vote (may be empty). Its number and votes have their own fields: the
    log, the dossier and the e-mails print them from there."""
    return r.motif_renvoi if r.renvoi else r.texte


# What each comité's move records, from the résolution: (renvoi?, adopted?).
_ISSUES = {
    Projet._adopter_resolution: (False, True),
    Projet._rejeter_resolution: (False, False),
    Projet._renvoyer: (True, True),
    Projet._approuver_regional: (False, True),
    Projet._refuser_regional: (False, False),
}
_ETATS = {
    Projet._adopter_resolution: (Statut.COMITE_CRENEAU,),
    Projet._rejeter_resolution: (Statut.COMITE_CRENEAU,),
    Projet._renvoyer: (Statut.COMITE_CRENEAU, Statut.COMITE_REGIONAL),
    Projet._approuver_regional: (Statut.COMITE_REGIONAL,),
    Projet._refuser_regional: (Statut.COMITE_REGIONAL,),
}


def _au_comite(projet, mouvement, resolution, *, fichier=None, version=None) -> Decision:
    """A comité's résolution on the project, handed by the séance that decided it (`resolution`,
    creneaux.resolutions): the séance has checked its own facts (quorum, conflicts, votes, tally,
    number); this verb checks only the project's own guards — it is before that comité, the
    résolution says what the verb records — and records the résolution as it is."""
    r = exiger_resolution(resolution)

    def garde(p):
        if p.statut not in _ETATS[mouvement]:
            raise ActionRefusee(
                _("Ce projet n'est pas devant ce comité (il est « %(s)s »).") % {"s": p.get_statut_display().lower()}
            )
        au_creneau = p.statut == Statut.COMITE_CRENEAU
        exiger_resolution(
            r,
            _comite_de_creneau(p) if au_creneau else _comite_regional(p),
            _("Cette réunion n'est pas celle d'un comité qui décide de ce projet."),
        )
        if (r.renvoi, r.adoptee) != _ISSUES[mouvement]:
            raise ActionRefusee(
                _("La résolution %(n)s (%(pour)d pour, %(contre)d contre) ne décide pas cela.")
                % {"n": r.numero, "pour": r.pour, "contre": r.contre}
            )
        if mouvement is Projet._approuver_regional:
            _exiger_part(p, p.montant_demande, en_attente=True, champ="votes_pour")
        return {
            "etape": Etape.RESOLUTION if au_creneau else Etape.COMITE_REGIONAL,
            "comite": r.comite,
            "reunion": r.seance,
            "numero_resolution": r.numero,
            "votes_pour": r.pour,
            "votes_contre": r.contre,
            "abstentions": r.abstentions,
            "en_conflit": list(r.en_conflit),
            "motif": _motif(r),
            "fichier": fichier or "",
        }

    try:
        return _transition(projet, r.par, mouvement, None, version=version, garde=garde, regle=False)
    except IntegrityError as e:  # two decisions racing for the same résolution number
        if "resolution_numero_unique_par_comite" not in str(e):
            raise
        raise ActionRefusee(_("Ce numéro de résolution vient d'être utilisé par ce comité."), champ="numero_resolution") from e


def adopter_resolution(projet, *, resolution, fichier=None, version=None) -> Decision:
    """The comité de créneau adopts its résolution: the project goes to the comité régional.
    `resolution`: what its séance decided (creneaux.resolutions); `fichier`: the signed résolution
    (optional). The other comité verbs take the same arguments."""
    return _au_comite(projet, Projet._adopter_resolution, resolution, fichier=fichier, version=version)


def rejeter_resolution(projet, *, resolution, fichier=None, version=None) -> Decision:
    """The comité de créneau does not carry the project (pour ≤ contre): refusé (créneau)."""
    return _au_comite(projet, Projet._rejeter_resolution, resolution, fichier=fichier, version=version)


def renvoyer(projet, *, resolution, fichier=None, version=None) -> Decision:
    """The comité before which the project is (de créneau or régional) sends it back to complete
    (the renvoi put to the vote was adopted)."""
    return _au_comite(projet, Projet._renvoyer, resolution, fichier=fichier, version=version)


def approuver_regional(projet, *, resolution, fichier=None, version=None) -> Decision:
    """The comité régional approves: the project goes to the Ministère."""
    return _au_comite(projet, Projet._approuver_regional, resolution, fichier=fichier, version=version)


def refuser_regional(projet, *, resolution, fichier=None, version=None) -> Decision:
    """The comité régional refuses (pour ≤ contre): refusé (régional)."""
    return _au_comite(projet, Projet._refuser_regional, resolution, fichier=fichier, version=version)
