"""The decision letter is headed by the office that decided; its date reads « 1er décembre »."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from noyau import horloge
from projets import actions
from projets.models import Statut
from rapports import views
from tests.factories import circuit

pytestmark = pytest.mark.django_db


def test_la_date_longue_ecrit_1er():
    gabarit = Template("{{ a|date_longue }} / {{ b|date_longue }}")
    rendu = gabarit.render(Context({"a": datetime.date(2026, 12, 1), "b": datetime.date(2026, 12, 2)}))
    assert rendu == "1er décembre 2026 / 2 décembre 2026"


def test_la_lettre_porte_le_bureau_qui_a_decide(client, monkeypatch):
    """The bureau central decided: its letter, read by the direction régionale, is headed by it."""
    c = circuit()
    projet = c.projet(statut=Statut.MINISTERE)
    with horloge.figee(datetime.datetime(2026, 12, 1, 15, tzinfo=datetime.UTC)):
        actions.accepter(projet, par=c.central, montant=Decimal("40000"))
    rendus = {}

    def capter(gabarit, contexte, *args, **kwargs):
        rendus["contexte"] = contexte
        from django.template.loader import render_to_string

        rendus["html"] = render_to_string(gabarit, contexte)
        return b"%PDF-1.4"

    monkeypatch.setattr(views, "rendre_pdf", capter, raising=False)
    client.force_login(c.dr)
    client.get(reverse("rapports:lettre_decision", args=[projet.pk]))
    html = rendus.get("html", "")
    assert "le 1er décembre 2026" in html
    assert "Bureau central" in html and "Direction régionale —" not in html
