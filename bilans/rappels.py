"""Reminders to coordinations whose bilan is late: run daily by Celery beat (bilans.tasks), or by
hand with `manage.py rappels_bilans`."""

import datetime
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from bilans.models import STATUTS_DEPOSES, BilanAnnuel, RappelBilan, echeance
from creneaux import destinataires
from creneaux.models import Creneau
from noyau.courriels import notifier_apres_commit
from noyau.exercices import exercice_de, libelle
from noyau.horloge import aujourdhui


def exercice_echu(jour):
    """The latest exercice whose bilan was due before `jour`."""
    ex = exercice_de(jour) - 1
    return ex if jour > echeance(ex) else ex - 1


def envoyer_rappels(jour: datetime.date | None = None, exercice: int | None = None) -> list[Creneau]:
    """E-mail each late coordination once on `jour`; return the créneaux reminded."""
    return envoyer_rappels_detail(jour, exercice).rappeles


class Envoi(NamedTuple):
    rappeles: list  # créneaux whose coordination was e-mailed
    sans_destinataire: list  # late créneaux nobody can be reminded in (no coordination with an e-mail)


def en_retard(exercice: int, jour: datetime.date):
    """Recognised créneaux with no bilan of `exercice` filed, not yet reminded on `jour`.

    Each condition is about one and the same bilan (or reminder): `Exists`, never two conditions
    in one `exclude()` on a multi-valued relation, which Django applies to *any* bilan each (a
    bilan accepted for another year then hid a late one)."""
    depose = BilanAnnuel.objects.filter(creneau=OuterRef("pk"), exercice=exercice, statut__in=STATUTS_DEPOSES)
    deja = RappelBilan.objects.filter(creneau=OuterRef("pk"), exercice=exercice, jour=jour)
    return Creneau.objects.filter(statut=Creneau.Statut.RECONNU).exclude(Exists(depose)).exclude(Exists(deja)).order_by("nom")


def envoyer_rappels_detail(jour: datetime.date | None = None, exercice: int | None = None) -> Envoi:
    """Like `envoyer_rappels`, also telling which late créneaux had nobody to remind."""
    jour = jour or aujourdhui()
    exercice = exercice if exercice is not None else exercice_echu(jour)
    if jour <= echeance(exercice):
        return Envoi([], [])
    rappeles, sans = [], []
    for creneau in en_retard(exercice, jour):
        qui = [u for u in destinataires.coordination(creneau) if u.email]
        if not qui:
            # No reminder recorded nor counted: nobody received one.
            sans.append(creneau)
            continue
        try:
            with transaction.atomic():
                # The unique constraint is the guard: a second run the same day stops here.
                RappelBilan.objects.create(
                    creneau=creneau, exercice=exercice, jour=jour, destinataires=", ".join(u.email for u in qui)
                )
                notifier_apres_commit(
                    qui,
                    # Called at once, in each recipient's language (the default binds this créneau).
                    lambda nom=creneau.nom: (
                        _("Rappel : bilan annuel %(ex)s du créneau %(creneau)s") % {"ex": libelle(exercice), "creneau": nom}
                    ),
                    "bilans/courriels/rappel.txt",
                    {
                        "creneau": creneau,
                        "libelle_exercice": libelle(exercice),
                        "echeance": echeance(exercice),
                        "url": reverse("bilans:creneau", args=[creneau.slug]),
                    },
                )
        except IntegrityError:
            continue
        rappeles.append(creneau)
    return Envoi(rappeles, sans)
