"""Tasks of the séances, on the schedule of accord/celery.py (Celery beat): a consultation
électronique closes itself at its deadline, and its members who have not voted are reminded once,
the day before."""

import datetime
import logging

from celery import shared_task

from creneaux.models import Reunion
from noyau.horloge import maintenant
from seances import actions, selectors

# A consultation's members are reminded once its deadline is this close.
RAPPEL_AVANT_ECHEANCE = datetime.timedelta(hours=24)

journal = logging.getLogger(__name__)


@shared_task
def clore_consultations():
    """Close every consultation électronique whose deadline has passed (or whose every voting
    member has voted); returns their ids."""
    closes = []
    for seance in selectors.consultations_a_clore():
        try:  # one consultation that fails does not hold back the others
            if actions.clore_consultation(seance).statut != Reunion.Statut.OUVERTE:
                closes.append(seance.pk)
        except Exception:
            journal.exception("Clôture de la consultation %s impossible", seance.pk)
    return closes


def consultations_a_rappeler():
    """Open consultations électroniques due within RAPPEL_AVANT_ECHEANCE, not yet reminded."""
    now = maintenant()
    return Reunion.objects.filter(
        mode=Reunion.Mode.ELECTRONIQUE,
        statut=Reunion.Statut.OUVERTE,
        rappel_le__isnull=True,
        echeance__gt=now,
        echeance__lte=now + RAPPEL_AVANT_ECHEANCE,
    )


@shared_task
def rappeler_consultations():
    """Remind the members who have not voted yet; returns {séance id: members reminded}."""
    return {seance.pk: actions.rappeler_consultation(seance) for seance in consultations_a_rappeler()}
