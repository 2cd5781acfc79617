"""Project numbers: FSDCE-2026-27-17-003, given at the first submission, unique under concurrency."""

import pytest
from django.db import transaction

from portail.exercices import exercice_de
from projets import actions, numeros
from projets.models import Projet
from tests.factories import circuit, fsdce, region
from tests.projets.test_concurrence import en_meme_temps


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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hors_transaction_refuse():
    with pytest.raises(RuntimeError):
        numeros.prochain_numero(fsdce(), 2026, region("17"))


@pytest.mark.django_db
def test_donne_a_la_premiere_soumission_avec_l_exercice():
    c = circuit("05")
    p = actions.soumettre(c.projet(), c.coordination).projet
    exercice = exercice_de()
    assert p.exercice == exercice
    assert p.numero == numeros.formater("FSDCE", exercice, "05", 1)
    assert p.soumis_le is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_uniques_meme_soumis_tous_en_meme_temps():
    c = circuit()
    projets = [c.projet() for _i in range(6)]
    resultats = en_meme_temps(*[lambda p=p: actions.soumettre(p, c.coordination) for p in projets])
    assert all(not isinstance(r, Exception) for r in resultats), resultats
    obtenus = sorted(Projet.objects.values_list("numero", flat=True))
    assert obtenus == [numeros.formater("FSDCE", exercice_de(), "17", n) for n in range(1, 7)]
