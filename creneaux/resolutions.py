"""What a séance decides, handed once to the verb of the object it decides on (a project, a
plan d'action, a bilan annuel, an envelope's répartition).

`seances` owns the facts of a séance (presences, quorum, conflicts of interest, named votes, the
show-of-hands tally, the résolution number) and checks them when the chair closes a vote (or the
portal closes a consultation électronique at its deadline). It then builds one `Resolution` and
passes it to the object's verb, which checks only its own object's guards (its state, its
money, its comité) and records the résolution's figures as they are: it never re-reads the séance
nor counts votes again.

A Resolution is sealed by `seances` (`creneaux.sceau.sceller`, a module only `seances` may
import: an import-linter contract says so); a verb refuses any other value (`exiger_resolution`), so no page
and no other verb can decide in a comité's name.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from noyau.actions import ActionRefusee

_SCEAU = object()


@dataclass(frozen=True)
class Resolution:
    """A comité's résolution on one item of a séance, as the séance's closing established it."""

    seance: object  # creneaux.Reunion
    comite: object  # creneaux.Comite
    point_id: int
    numero: str
    proposition: str  # "adopter" or "renvoyer"
    adoptee: bool
    pour: int
    contre: int
    abstentions: int
    date: datetime.datetime  # when the vote was closed
    par: object  # the user who closed it: the chair, or the portal's system actor
    par_systeme: bool = False  # closed by the portal at the consultation's deadline
    texte: str = ""  # the proposition of résolution put to the vote
    motif_renvoi: str = ""
    main_levee: bool = False  # decided by a show-of-hands tally confirmed by the chair
    votes: tuple = ()  # ((personne id, "pour" | "contre" | "abstention"), …): the named votes
    en_conflit: tuple = ()  # personne ids in conflict of interest on the item
    _sceau: object = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if self._sceau is not _SCEAU:
            raise TypeError("Une résolution est établie par la séance qui la décide (seances), jamais ailleurs.")

    @property
    def renvoi(self):
        return self.proposition == "renvoyer"


def exiger_resolution(resolution, comite_ok=None, refus=""):
    """Refuse unless `resolution` is a Resolution from the closing of a séance's vote; when
    `comite_ok(comite)` is given, refuse (`refus`) unless the résolution's comité decides here."""
    if not isinstance(resolution, Resolution):
        raise ActionRefusee(
            _("Cette décision appartient au comité : elle s'enregistre en fermant le vote de son point en séance.")
        )
    if comite_ok is not None and not comite_ok(resolution.comite):
        raise ActionRefusee(refus or _("Ce comité ne décide pas de cet objet."))
    return resolution
