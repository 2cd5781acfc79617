"""Tasks of the kernel: e-mail sending leaves the request (and retries) on the task worker."""

from celery import shared_task
from django.core.mail import send_mass_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def envoyer_courriels(messages):
    """`messages`: [(subject, body, from, [to])] as send_mass_mail takes them."""
    send_mass_mail([tuple(m) for m in messages], fail_silently=False)
