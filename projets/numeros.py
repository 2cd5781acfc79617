"""Project numbers: `FSDCE-2026-27-17-003` = programme sigle, exercice of the first submission,
region code (region porteuse of the créneau), 3-digit sequence per programme × exercice × region.

Given once, at the first submission (a resubmission keeps it). Unique under concurrency: the
CompteurNumero row is locked (SELECT … FOR UPDATE) until the submitting transaction commits,
and two first submissions racing to create the counter are resolved by the unique constraint
(get_or_create retries the read).
"""

from django.db import transaction

from noyau.exercices import code_court
from projets.models import CompteurNumero


def formater(sigle: str, exercice: int, code_region: str, sequence: int) -> str:
    return f"{sigle}-{code_court(exercice)}-{code_region}-{sequence:03d}"


def prochain_numero(programme, exercice: int, region) -> str:
    """Take the next number of the sequence; must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("prochain_numero() doit s'exécuter dans une transaction.")
    CompteurNumero.objects.get_or_create(programme=programme, exercice=exercice, region=region)
    compteur = CompteurNumero.objects.select_for_update().get(programme=programme, exercice=exercice, region=region)
    compteur.dernier += 1
    compteur.save(update_fields=["dernier"])
    return formater(programme.sigle, exercice, region.code, compteur.dernier)
