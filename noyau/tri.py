"""Sorting in Québec French order (é with e, É with E) whatever the database's own collation."""

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate, Lower

COLLATION_FR = "fr-CA-x-icu"


def alpha(champ: str, descending=False):
    """Order-by expression for text field `champ` (ICU fr-CA on PostgreSQL)."""
    expr = Collate(F(champ), COLLATION_FR) if connection.vendor == "postgresql" else Lower(champ)
    return expr.desc() if descending else expr.asc()
