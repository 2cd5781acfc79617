"""The filter <select>s drawn in Python (`{% widget_de_filtre %}`) are the ones Django's own
templates draw: same attributes, same options in the same order, same selection."""

from html.parser import HTMLParser

import pytest
from django.http import QueryDict

from creneaux.filters import CreneauFilter, OrganisationFilter
from creneaux.models import Creneau
from noyau.templatetags.filtres import widget_de_filtre
from projets.filters import ProjetFilter
from projets.models import Projet, Statut
from rapports.filters import FiltresTableauDeBord
from tests.factories import CreneauFactory, ProjetFactory, region

pytestmark = pytest.mark.django_db


class _Structure(HTMLParser):
    """Tags, attributes and text of a fragment, whitespace between tags left out."""

    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.elements.append(("/" + tag,))

    def handle_data(self, data):
        if data.strip():
            self.elements.append(("texte", data.strip()))


def _selects(form):
    return [champ for champ in form if champ.field.widget.__class__.__name__ in ("Select", "SelectMultiple")]


def _formulaires():
    centre = region("17")
    meuble = CreneauFactory(nom="Écoconstruction « bois » & fils", region_porteuse=centre)
    ProjetFactory(creneau=meuble, statut=Statut.MINISTERE)
    ProjetFactory(creneau=CreneauFactory(nom="Aluminium"), statut=Statut.ACCEPTE)
    choix = QueryDict(mutable=True)
    choix.setlist("statut", [Statut.MINISTERE, Statut.ACCEPTE])
    choix.update({"region": str(centre.pk), "creneau": str(meuble.pk), "enjeu": "innovation", "exercice": "2025"})
    return [
        ProjetFilter(choix, queryset=Projet.objects.all()).form,
        ProjetFilter(QueryDict(), queryset=Projet.objects.all()).form,
        CreneauFilter(QueryDict("region=" + str(centre.pk)), queryset=Creneau.objects.all()).form,
        OrganisationFilter(QueryDict()).form,
        FiltresTableauDeBord(QueryDict(f"region={centre.pk}&exercice=")),
    ]


def test_chaque_liste_de_choix_est_celle_que_django_dessine():
    comparees = 0
    for form in _formulaires():
        for champ in _selects(form):
            attendu = _Structure(champ.as_widget()).elements
            assert _Structure(widget_de_filtre(champ)).elements == attendu, champ.name
            comparees += 1
    assert comparees >= 10
    # What could differ is there: several and single selections, an escaped name, an empty choice.
    html = "".join(widget_de_filtre(c) for c in _selects(_formulaires()[0]))
    assert html.count(" selected") >= 4
    assert "Écoconstruction « bois » &amp; fils" in html
