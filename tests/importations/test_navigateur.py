"""The import page in a real browser: the Ministère picks the kind of file, uploads a spreadsheet
with mistakes, reads the preview (the reason next to each faulty cell), then confirms the valid
rows. Screenshots in captures/ for a person to look at."""

import pytest
from playwright.sync_api import expect

from comptes.models import AffectationMinistere
from creneaux.models import Organisation
from projets.models import Programme
from tests.factories import AffectationMinistereFactory, CreneauFactory, OrganisationFactory, region
from tests.importations.test_tableurs import DEFAUTS
from tests.projets.test_navigateur import connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_deposer_lire_l_apercu_et_confirmer_dans_le_navigateur(page, live_server, captures, tmp_path):
    central = AffectationMinistereFactory(niveau=AffectationMinistere.Niveau.CENTRAL, region=None).user
    OrganisationFactory(neq="1171234567", nom="Ébénisterie Côté inc.", type=Organisation.Type.ENTREPRISE)
    CreneauFactory(nom="Meuble", region_porteuse=region("17"))
    assert Programme.objects.filter(sigle="FSDCE").exists()
    fichier = tmp_path / "projets-historiques.csv"
    fichier.write_text(DEFAUTS, encoding="utf-8")

    page.url_base = live_server.url
    connecter(page, central)
    page.goto("/")
    page.get_by_role("button", name=central.get_full_name()).click()
    page.get_by_role("link", name="Importer des tableurs").click()
    expect(page.get_by_role("heading", name="Importer des tableurs", level=1)).to_be_visible()
    page.screenshot(path=captures / "importation-depot.png", full_page=True)

    page.get_by_label("Le fichier contient").select_option("projets")
    page.get_by_label("Fichier CSV ou XLSX").set_input_files(fichier)
    page.get_by_role("button", name="Voir l'aperçu").click()
    expect(page.get_by_text("1 à créer", exact=True)).to_be_visible()
    expect(page.get_by_text("8 invalides", exact=True)).to_be_visible()
    raison = "« 31/02/2019 » n'est pas une date (AAAA-MM-JJ, JJ/MM/AAAA ou date Excel)."
    expect(page.get_by_role("cell", name=f"31/02/2019 {raison}")).to_be_visible()
    expect(page.get_by_text(f"Ligne 3, colonne date_decision : {raison}")).to_be_visible()
    page.screenshot(path=captures / "importation-apercu.png", full_page=True)

    page.get_by_role("button", name="Confirmer l'importation").click()
    expect(page.get_by_text("8 lignes sont invalides")).to_be_visible()
    page.get_by_label("Importer les lignes valides et laisser de côté les lignes invalides").check()
    page.get_by_role("button", name="Confirmer l'importation").click()
    expect(page.get_by_text("Importation", exact=False).first).to_be_visible()
    bilan = "créés : 1; modifiés : 0; inchangés : 0; lignes invalides laissées de côté : 8."
    expect(page.get_by_text(bilan, exact=False)).to_be_visible()
    expect(page.get_by_role("cell", name="FSDCE-2019-17-018", exact=False)).to_be_visible()
    page.screenshot(path=captures / "importation-confirmee.png", full_page=True)
