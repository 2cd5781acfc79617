"""Every change of a project's state, one verb each (docs/circuit.md). Nothing else writes `statut`.

One module per phase, every verb re-exported here (`from projets import actions; actions.soumettre`):
`depot` (the coordination's draft and circuit), `comites` (résolutions of the comités), `ministere`
(analysis and decision), `suivi` (convention, payments, final report), `fin_de_creneau` (a merged
or withdrawn créneau's open projects), `repartition` (the envelope's split); `socle` holds what
they share (lock, transition, Decision, the créneau's share of the envelope, e-mails).

Each verb `verbe(projet, *, par, version=None, **données)` (the contract of noyau.actions): takes
the project, the acting user `par` (and the `version` the caller's form was read at), locks the
project row (SELECT … FOR UPDATE), refuses a stale version (`Conflit`), asks the
rule `projets.<verbe>` of projets/rules.py (role, scope, state), checks its own guard
(`ActionRefusee`, with `champ` naming the form field at fault), moves the state through the FSM
graph on `Projet`, bumps `version`, sets `statut_depuis`, writes exactly one append-only
`Decision` in the same transaction (and a history row of the project naming `par`) and e-mails
the next actors after commit. It returns the Decision; `decision.projet` is the updated project.
A refused verb changes nothing and raises `noyau.actions.ActionRefusee(message, champ=None,
erreurs=None)` (`erreurs`: {field: [messages]}) or its subclass `Conflit` (stale version /
concurrent action). `version=None` means "the version of the
instance passed in". `statut_depuis` changes only when the state does.

Verb (rule)                         from → to                          guard
soumettre                           brouillon / à compléter            coordination of the créneau; budget.controler_projet
                                      → au comité de créneau           passes; gives the number at the first submission
adopter_resolution                  comité de créneau → comité régional a Resolution of a comité adopting the créneau's
                                                                       résolutions, adopted (see « comités »)
rejeter_resolution                  comité de créneau → refusé (créneau) same; the résolution rejected
renvoyer                            comité de créneau / comité régional a Resolution of the comité before which the project
                                      → à compléter                    is, adopting the renvoi put to the vote
approuver_regional                  comité régional → au Ministère     a Resolution of the comité régional of the project's
                                                                       region (region porteuse), adopted; the créneau's share
refuser_regional                    comité régional → refusé (régional) same; the résolution rejected
analyser                            au Ministère (no change)           direction régionale of the region; text required
demander_complement                 au Ministère → à compléter         direction régionale of the region or central; motif
                                                                       (no analysis needed)
accepter                            au Ministère → accepté             central, once the direction régionale has analysed
                                                                       this passage at the Ministère (derniere_analyse);
                                                                       0 < montant ≤ requested, ≤ programme rules
                                                                       (rate, maximum, cumul), ≤ envelope available (locked)
refuser                             au Ministère → refusé (Ministère)  central, once analysed (same); motif required
signer_convention                   accepté → en réalisation           central or direction régionale of the region
enregistrer_versement               en réalisation (no change)         same; sum of payments ≤ montant accordé
accepter_rapport_final              en réalisation → terminé           same; a final report deposited (or its summary given)
retirer                             any open state → retiré            coordination of the créneau; motif required

Comités (résolutions and comité régional decisions, and the envelope's répartition): the verb
takes one `resolution` (creneaux.resolutions), built by the séance whose vote decided it: the
séance owns and has checked its facts (who sits on its bureau, quorum, conflicts of interest,
named votes or the confirmed show-of-hands tally, the résolution number). The verb refuses any
other value, and checks only the project's own guards: it is before the résolution's comité, the
résolution says what the verb records (adopted / rejected / renvoi), and for the comité régional
the créneau's share of the envelope. It records the résolution's figures as they are.

Not transitions, but writes of this package (same lock and rule, no Decision): `creer` (rule
projets.creer) and `modifier_brouillon` (projets.modifier; history row, new version) for the
filing steps, `joindre_piece` (projets.modifier), `commenter` (projets.commenter) and
`deposer_rapport_final` (projets.deposer_rapport_final).
"""

from projets.actions.comites import adopter_resolution, approuver_regional, refuser_regional, rejeter_resolution, renvoyer
from projets.actions.depot import (
    CHAMPS_BROUILLON,
    LIGNES,
    commenter,
    creer,
    joindre_piece,
    modifier_brouillon,
    retirer,
    soumettre,
)
from projets.actions.fin_de_creneau import FinDeCreneau, creneaux_utilisant, retirer_avec_creneau, transferer
from projets.actions.ministere import accepter, analyser, demander_complement, refuser
from projets.actions.repartition import adopter_repartition
from projets.actions.suivi import (
    accepter_rapport_final,
    deposer_rapport_final,
    desengager,
    enregistrer_versement,
    signer_convention,
    verse,
)

__all__ = [
    "CHAMPS_BROUILLON",
    "LIGNES",
    "creer",
    "modifier_brouillon",
    "joindre_piece",
    "commenter",
    "soumettre",
    "retirer",
    "adopter_resolution",
    "rejeter_resolution",
    "renvoyer",
    "approuver_regional",
    "refuser_regional",
    "analyser",
    "demander_complement",
    "accepter",
    "refuser",
    "signer_convention",
    "verse",
    "enregistrer_versement",
    "desengager",
    "deposer_rapport_final",
    "accepter_rapport_final",
    "transferer",
    "retirer_avec_creneau",
    "FinDeCreneau",
    "creneaux_utilisant",
    "adopter_repartition",
]
