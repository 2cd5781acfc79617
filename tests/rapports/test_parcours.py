"""One journey in Chromium: the Ministère's dashboard, a filtered export, a long report prepared in the background."""

import pytest

from rapports import generation
from rapports.models import DocumentGenere
from tests.bilans.test_parcours import connecter
from tests.factories import AffectationMinistereFactory, UserFactory, region
from tests.rapports.donnees import province


@pytest.mark.navigateur
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_le_ministere_suit_le_programme_et_obtient_le_rapport_provincial(page, captures, monkeypatch):
    province()
    central = AffectationMinistereFactory(
        niveau="central", region=None, user=UserFactory(first_name="Claire", last_name="Centrale")
    ).user
    connecter(page, central)

    # The dashboard shows the province's figures and charts.
    page.click("nav >> text=Tableau de bord")
    page.select_option("#id_exercice", "2026")
    page.click("text=Filtrer")
    assert "490\xa0000,25\xa0$" in page.inner_text(".chiffres")
    assert page.locator("figure svg").count() == 2
    page.screenshot(path=captures / "rapports-1-tableau-de-bord.png", full_page=True)

    # Filtered on a region, then one table exported: the file holds what the page shows.
    page.select_option("#id_region", str(region("17").pk))
    page.click("text=Filtrer")
    assert page.locator("#tableau-projets tbody tr").count() == 2
    with page.expect_download() as telechargement:
        page.locator("section", has=page.locator("#titre-projets")).locator("text=CSV").click()
    contenu = telechargement.value.path().read_text(encoding="utf-8-sig")
    assert "Design durable du meuble" in contenu and "Valorisation des algues" not in contenu

    # A report this size goes to the background: the page follows its progress, then offers it.
    monkeypatch.setattr(generation, "SEUIL_ARRIERE_PLAN", 1)
    monkeypatch.setattr(generation.generer_document, "delay", lambda pk: None)  # the worker is busy
    page.click("text=Rapport provincial 2026-2027 (PDF)")
    page.wait_for_selector("#etat-document >> text=En attente")
    page.screenshot(path=captures / "rapports-2-en-preparation.png", full_page=True)
    generation.generer(DocumentGenere.objects.get())
    page.wait_for_selector("text=Télécharger le PDF")
    page.screenshot(path=captures / "rapports-3-pret.png", full_page=True)
    with page.expect_download() as telechargement:
        page.click("text=Télécharger le PDF")
    assert telechargement.value.suggested_filename == "rapport-provincial-2026.pdf"
    page.goto("about:blank")  # no request of the page may outlive the test
