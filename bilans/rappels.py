"""Reminders to coordinations whose bilan is late: run daily by Celery beat (bilans.tasks), or by
hand with `manage.py rappels_bilans`."""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from bilans.models import STATUTS_DEPOSES, RappelBilan, echeance
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
    jour = jour or aujourdhui()
    exercice = exercice if exercice is not None else exercice_echu(jour)
    if jour <= echeance(exercice):
        return []
    en_retard = (
        Creneau.objects.filter(statut=Creneau.Statut.RECONNU)
        .exclude(bilans__exercice=exercice, bilans__statut__in=STATUTS_DEPOSES)
        .exclude(rappels_bilans__exercice=exercice, rappels_bilans__jour=jour)
    )
    rappeles = []
    for creneau in en_retard:
        qui = list(destinataires.coordination(creneau))
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
    return rappeles
