"""Tasks of the kernel: delivery of the e-mail outbox (noyau.courriels) and the sweep that hands
over whatever the queue never received."""

from celery import shared_task

from noyau import courriels


@shared_task
def distribuer_courriels(pks=None):
    """Send the outbox messages `pks` (after the commit that wrote them), or all those due."""
    courriels.distribuer(pks)


@shared_task
def balayer_courriels():
    """Periodic (Celery beat): send every message whose time has come, whatever its handover."""
    courriels.distribuer()
