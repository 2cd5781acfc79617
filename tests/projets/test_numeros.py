"""Project numbers: FSDCE-2026-27-17-003, given at the first submission (uniqueness under
concurrency: test_concurrence.py)."""

import pytest
from django.db import transaction

from noyau.exercices import exercice_de
from projets import actions, numeros
from tests.factories import circuit, fsdce, region


def test_format():
    assert numeros.formater("FSDCE", 2026, "05", 3) == "FSDCE-2026-27-05-003"
    assert numeros.formater("FSDCE", 2099, "17", 1234) == "FSDCE-2099-00-17-1234"


@pytest.mark.django_db
def test_sequence_par_programme_exercice_et_region():
    with transaction.atomic():
        suite = [numeros.prochain_numero(fsdce(), 2026, region("17")) for _i in range(3)]
        autre_region = numeros.prochain_numero(fsdce(), 2026, region("05"))
        autre_exercice = numeros.prochain_numero(fsdce(), 2027, region("17"))
    assert suite == ["FSDCE-2026-27-17-001", "FSDCE-2026-27-17-002", "FSDCE-2026-27-17-003"]
    assert autre_region == "FSDCE-2026-27-05-001"
    assert autre_exercice == "FSDCE-2027-28-17-001"


@pytest.mark.django_db
def test_donne_a_la_premiere_soumission_avec_l_exercice():
    c = circuit("05")
    p = actions.soumettre(c.projet(), par=c.coordination).projet
    exercice = exercice_de()
    assert p.exercice == exercice
    assert p.numero == numeros.formater("FSDCE", exercice, "05", 1)
    assert p.soumis_le is not None
