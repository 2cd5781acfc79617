"""Tasks of the bilans: the daily reminders, on the schedule of accord/celery.py (Celery beat)."""

from celery import shared_task

from bilans.rappels import envoyer_rappels


@shared_task
def rappels_bilans():
    """Remind late coordinations (at most once a day each); returns the créneaux reminded."""
    return [c.nom for c in envoyer_rappels()]
