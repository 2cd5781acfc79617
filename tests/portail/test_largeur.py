"""At 1280 px (a common office screen), the widest tables are read whole, without scrolling
sideways: the dashboard's « Par région » and the envelope's shares beside a project's decision."""

import pytest
from django.urls import reverse

from projets.models import Statut
from tests.bilans.test_parcours import connecter
from tests.factories import CreneauFactory, circuit, region
from tests.rapports.donnees import province

# The table's scrolling box (its `.table-responsive`, or the card it sits in): nothing hidden on the right.
DEBORDE = """sel => { const t = document.querySelector(sel); const boite = t.closest('.table-responsive, .card-body');
  return [boite.scrollWidth, boite.clientWidth]; }"""


@pytest.mark.navigateur
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_les_tableaux_larges_tiennent_dans_un_ecran_de_1280_px(page, captures):
    province()
    c = circuit("17")
    CreneauFactory(nom="Ressources, sciences et technologies marines du Centre-du-Québec", region_porteuse=region("17"))
    projet = c.projet(statut=Statut.MINISTERE)
    assert page.viewport_size["width"] == 1280
    connecter(page, c.central)

    page.goto(reverse("rapports:tableau_de_bord"))
    largeur, visible = page.evaluate(DEBORDE, "#tableau-regions")
    page.screenshot(path=captures / "largeur-1-par-region.png", full_page=True)
    assert largeur <= visible, f"« Par région » : {largeur} px dans {visible} px"

    page.goto(projet.get_absolute_url())
    page.wait_for_selector("#parts-creneaux")
    largeur, visible = page.evaluate(DEBORDE, "#parts-creneaux")
    page.locator("#enveloppe").screenshot(path=captures / "largeur-2-enveloppe.png")
    assert largeur <= visible, f"Parts des créneaux : {largeur} px dans {visible} px"
    page.goto("about:blank")
