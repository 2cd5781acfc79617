"""In a real browser: the coordinator of a créneau updates its vision and the public fiche shows it.

serialized_rollback: the regions (data migration) survive the flush for the tests that follow.
"""

import pytest

from tests.factories import MOT_DE_PASSE, creneau_complet, region


@pytest.mark.navigateur
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_la_coordination_met_a_jour_la_vision_que_le_public_voit(page, captures):
    creneau = creneau_complet(nom="Meuble", slug="meuble-centre-du-quebec", region_porteuse=region("17"))
    coordination = creneau.coordinations.get().personne.user

    page.goto("/comptes/connexion/")
    page.locator("input[name=username]").fill(coordination.username)
    page.locator("input[name=password]").fill(MOT_DE_PASSE)
    page.screenshot(path=captures / "socle-1-connexion.png", full_page=True)
    page.get_by_role("button", name="Se connecter", exact=True).click()

    page.get_by_role("link", name="modifier la fiche").click()
    page.get_by_label("Vision").fill("Faire du Centre-du-Québec la capitale nord-américaine du meuble écoconçu.")
    page.screenshot(path=captures / "socle-2-formulaire.png", full_page=True)
    page.get_by_role("button", name="Enregistrer").click()

    page.get_by_text("Modifications enregistrées.").wait_for()
    page.context.clear_cookies()
    page.goto(f"/creneaux/{creneau.slug}/")
    assert "capitale nord-américaine du meuble écoconçu" in page.locator("#vision").inner_text()
    assert page.get_by_role("link", name="Modifier la fiche").count() == 0
    page.screenshot(path=captures / "socle-3-fiche-publique.png", full_page=True)
