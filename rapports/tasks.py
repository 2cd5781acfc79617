"""Tasks of the reports, found by Celery's autodiscovery (the task lives beside its helpers)."""

from rapports.generation import generer_document, relancer_documents

__all__ = ["generer_document", "relancer_documents"]
