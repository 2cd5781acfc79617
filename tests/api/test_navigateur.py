"""In a real browser: the open data page, and the API's interactive documentation, which runs
under the portal's Content-Security-Policy (its own scripts, no CDN); with a token typed in
« Authorize », « Try it out » reads the projects."""

import pytest
from playwright.sync_api import expect

from tests.api.conftest import jeton_de
from tests.factories import circuit

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_la_documentation_interactive_de_l_api_fonctionne_sous_la_csp(page, live_server, captures):
    c = circuit()
    c.projet(titre="Projet lu par l'API")
    jeton = jeton_de(c.central)
    erreurs_csp = []
    page.on("console", lambda m: erreurs_csp.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto("/donnees-ouvertes/")
    expect(page.locator("#csv-projets")).to_be_visible()
    page.screenshot(path=captures / "donnees-ouvertes.png", full_page=True)
    page.goto("/api/v1/docs")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/projets").first).to_be_visible()
    page.get_by_role("button", name="Authorize").first.click()
    page.locator(".auth-container input").first.fill(jeton)
    page.locator(".auth-btn-wrapper button.authorize").first.click()
    page.locator(".btn-done").first.click()
    page.locator("#operations-projets-api_v1_projets").click()
    page.locator("#operations-projets-api_v1_projets .try-out__btn").click()
    page.locator("#operations-projets-api_v1_projets .execute").click()
    reponses = page.locator("#operations-projets-api_v1_projets .live-responses-table")
    expect(reponses.locator("tr.response .response-col_status").first).to_contain_text("200")
    expect(page.locator("#operations-projets-api_v1_projets .live-responses-table")).to_contain_text("Projet lu par l'API")
    page.screenshot(path=captures / "api-docs.png", full_page=False)
    assert not erreurs_csp, erreurs_csp
