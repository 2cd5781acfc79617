"""The contract every verb (`<app>/actions.py`) follows.

A verb is a function `verbe(objet, *, par, version=None, **données)`: the object first, the
acting user keyword-only. In one `transaction.atomic()` it locks the object's row
(`verrouiller`), refuses a stale `version` (`Conflit`), asks its rule (`exiger`), checks its own
guard (`ActionRefusee`, naming the form field at fault), changes state, writes its append-only
history row, and e-mails after commit (`noyau.courriels.notifier_apres_commit`). A refused verb
changes nothing. Views and forms never write domain state themselves: they call verbs by name.
"""

from django.utils.translation import gettext as _

from noyau.champs import NOTE_MAX
from noyau.permissions import verifier
from noyau.saisies import MESSAGE_NUL, a_un_nul


class ActionRefusee(Exception):  # noqa: N818 (domain name: « action refusée »)
    """A refused action: `message` (French, for the user); `champ` the form field at fault, if any;
    `erreurs` {field: [messages]} when several fields are at fault."""

    def __init__(self, message, champ=None, erreurs=None):
        self.message = str(message)
        self.champ = champ
        self.erreurs = erreurs if erreurs is not None else ({champ: [self.message]} if champ else {})
        super().__init__(self.message)

    def vers_formulaire(self, form):
        """Show the refusal next to the field(s) at fault in `form` (or at its top)."""
        if not self.erreurs:
            form.add_error(None, self.message)
        for champ, messages in self.erreurs.items():
            for message in messages:
                form.add_error(champ if champ in form.fields else None, message)


class Conflit(ActionRefusee):
    """Someone changed the object since the caller read it (stale version, or a concurrent action)."""


def exiger(nom_regle, user, obj=None):
    """Raise ActionRefusee with the rule's reason unless rule `nom_regle` allows `user` on `obj`."""
    v = verifier(nom_regle, user, obj, frais=True)
    if not v.ok:
        raise ActionRefusee(v.raison)


def exiger_motif(motif, champ="motif", *, max_length=NOTE_MAX):
    """A decision that needs a reason: the stripped text, or a refusal on `champ` (empty or too long)."""
    motif = (motif or "").strip()
    if not motif:
        raise ActionRefusee(_("Indiquez le motif."), champ=champ)
    if a_un_nul(motif):
        raise ActionRefusee(MESSAGE_NUL, champ=champ)
    if len(motif) > max_length:
        raise ActionRefusee(
            _("Ce texte compte %(n)s caractères : %(max)s au plus.") % {"n": len(motif), "max": max_length}, champ=champ
        )
    return motif


def verrouiller(queryset, objet, version=None, *, conflit=None):
    """Lock `objet`'s row (SELECT … FOR UPDATE) through `queryset`; when `version` is given and
    differs from the row's, raise `conflit()` (default: a plain Conflit)."""
    verrouille = queryset.select_for_update(of=("self",)).get(pk=objet.pk)
    if version is not None and getattr(verrouille, "version", version) != int(version):
        raise conflit() if conflit else Conflit(_("Cet élément a été modifié entre-temps. Rechargez la page."))
    return verrouille
