# The Celery app is loaded with Django so that @shared_task binds to it (accord/celery.py).
from accord.celery import app as celery_app

__all__ = ["celery_app"]
