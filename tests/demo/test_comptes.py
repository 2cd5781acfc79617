"""`manage.py demo` (and so `scripts/demarrer`) ends with the demo log-ins: a table of two aligned
columns (username, what it is for) that fits an 80-column terminal; the TOTP key of an account
with a second factor has a line of its own, under what the account is for."""

import io
import re

import pytest
from django.core.management import call_command

from demo.comptes import DOUBLE_FACTEUR, cle_totp_demo, connexions
from demo.management.commands import demo

pytestmark = pytest.mark.django_db


def test_le_tableau_des_comptes_reste_aligne_avec_les_cles_totp(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(demo, "CHARGEURS", [lambda echelle, sortie: connexions()])  # the log-ins, not the data
    sortie = io.StringIO()
    call_command("demo", stdout=sortie)
    lignes = sortie.getvalue().split("Comptes de démonstration")[1].splitlines()[1:]
    colonnes = {re.match(r"  \S*\s+", ligne).end() for ligne in lignes}
    assert len(colonnes) == 1, lignes  # the second column starts at the same place on every line
    assert max(len(ligne) for ligne in lignes) <= 80
    cles = [ligne.strip() for ligne in lignes if ligne[2] == " "]  # the lines with an empty first column
    assert cles == [f"2e facteur, clé TOTP {cle_totp_demo(u)[1]}" for _role, u in connexions() if u in DOUBLE_FACTEUR]
    assert len(lignes) == len(connexions()) + len(DOUBLE_FACTEUR)
