"""Recording a créneau's activities (the contract of the verbs: noyau.actions).

Verb (rule)                                   what                               guard
enregistrer_activite (activites.enregistrer)  a new activity of the créneau, or  the plan action is one of the créneau's plans;
                                              a change of one                    the organisations… any; the partnerships are
                                                                                 the créneau's; the date between 1990 and 2100
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from activites.models import Activite
from creneaux.models import Creneau
from noyau.actions import ActionRefusee, exiger, verrouiller
from noyau.dates import exiger_date_bornee
from noyau.horloge import maintenant

CHAMPS = ("type", "titre", "date", "lieu", "participants", "action", "description")


def enregistrer_activite(creneau, *, par, donnees, activite=None) -> Activite:
    """Record (or change) an activity of `creneau`: CHAMPS from `donnees`, and its
    `organisations` and `partenariats` (lists) when given."""
    with transaction.atomic():
        creneau = verrouiller(Creneau.objects.all(), creneau)  # one change at a time per créneau
        exiger("activites.enregistrer", par, creneau)
        if activite is None:
            a = Activite(creneau=creneau)
        else:
            a = Activite.objects.filter(pk=activite.pk, creneau=creneau).first()
            if a is None:
                raise ActionRefusee(_("Cette activité n'est pas celle de ce créneau, ou elle a été supprimée."))
        for champ in CHAMPS:
            if champ in donnees:
                setattr(a, champ, donnees[champ])
        exiger_date_bornee(a.date, "date")
        if a.action_id and a.action.objectif.axe.plan.creneau_id != creneau.pk:
            raise ActionRefusee(_("Cette action n'est pas au plan d'action de ce créneau."), champ="action")
        partenariats = donnees.get("partenariats")
        if partenariats is not None and any(p.creneau_id != creneau.pk for p in partenariats):
            raise ActionRefusee(_("Un partenariat nommé n'est pas celui de ce créneau."), champ="partenariats")
        try:
            a.full_clean(exclude=["creneau"])
        except ValidationError as e:
            erreurs = e.message_dict
            raise ActionRefusee(" ".join(m for ms in erreurs.values() for m in ms), erreurs=erreurs) from None
        a._history_user, a._history_date = par, maintenant()
        a._change_reason = _("Activité inscrite") if activite is None else _("Activité modifiée")
        a.save()
        if "organisations" in donnees:
            a.organisations.set(donnees["organisations"])
        if partenariats is not None:
            a.partenariats.set(partenariats)
    return a
