"""The task queue (Celery + Redis): reports, e-mails and the daily reminders run on a worker.

Without REDIS_URL (the embedded default of `scripts/demarrer` and of the tests) tasks run
in-process, at the moment they are queued, so the portal works with no broker at all.

Production topology: web (`gunicorn accord.wsgi`), worker (`celery -A accord worker`), beat
(`celery -A accord beat`, the schedule below is in code), PostgreSQL, Redis.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")

app = Celery("accord")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Overdue bilans: one reminder a day at most per créneau (bilans.rappels keeps the record).
    "rappels-bilans": {"task": "bilans.tasks.rappels_bilans", "schedule": crontab(hour=7, minute=0)},
    # Consultations électroniques: closed at their deadline (within 5 minutes), members who have
    # not voted reminded once in the last 24 hours (seances.tasks).
    "clore-consultations": {"task": "seances.tasks.clore_consultations", "schedule": crontab(minute="*/5")},
    "rappeler-consultations": {"task": "seances.tasks.rappeler_consultations", "schedule": crontab(minute=15)},
    # The outbox: every e-mail whose time has come is sent, whether or not its handover after the
    # commit reached the broker (noyau.courriels).
    "balayer-courriels": {"task": "noyau.tasks.balayer_courriels", "schedule": 60.0},
    # Reports never handed over, or whose worker died, are queued again or marked failed.
    "relancer-documents": {"task": "rapports.generation.relancer_documents", "schedule": 60.0},
}
