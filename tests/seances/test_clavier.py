"""Keyboard only: a member logs in, checks in and votes without a mouse, and every control they
reach shows where the focus is (WCAG 2.4.7)."""

import pytest
from playwright.sync_api import expect

from creneaux.models import Reunion
from seances import actions
from seances.models import Vote
from tests.factories import MOT_DE_PASSE, seance_prete

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

# The focused element shows a clear outline (accord.css :focus-visible).
FOCUS_VISIBLE = """e => {
  const s = getComputedStyle(e);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
}"""


def tabuler_jusqu_a(page, cible, maximum=80):
    """Press Tab until `cible` (a locator) has the focus; check the focus is visible there."""
    for _ in range(maximum):
        page.keyboard.press("Tab")
        if cible.evaluate("e => e === document.activeElement"):
            assert page.locator(":focus").evaluate(FOCUS_VISIBLE), "focus not visible"
            return
    raise AssertionError(f"{cible} never reached with Tab")


def test_un_membre_pointe_et_vote_au_clavier(navigateur, live_server, captures):
    c = seance_prete(presents=False)
    # The chair and two members are already in the room; the vote on the project is open.
    for user in (c.president, c.secretaire, c.votants[1]):
        actions.pointer(c.seance, par=user)
    actions.ouvrir_vote(c.point, par=c.president)
    membre = c.votants[0]
    # The CSP is bypassed only for the test's own focus checks (evaluate); the page is unchanged.
    contexte = navigateur.new_context(locale="fr-CA", base_url=live_server.url, bypass_csp=True)
    page = contexte.new_page()
    page.set_default_timeout(15000)

    page.goto("/comptes/connexion/")
    tabuler_jusqu_a(page, page.locator("#id_username"))
    page.keyboard.type(membre.username)
    tabuler_jusqu_a(page, page.locator("#id_password"))
    page.keyboard.type(MOT_DE_PASSE)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"/seances/{c.seance.pk}/en-cours/")
    tabuler_jusqu_a(page, page.locator("#pointer"))
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_contain_text("Votre présence est inscrite")
    pour = page.locator("#point-courant button[value=pour]")
    tabuler_jusqu_a(page, pour)
    page.screenshot(path=captures / "seance-clavier-focus.png")
    page.keyboard.press("Enter")
    expect(page.locator("#mon-vote")).to_contain_text("Pour")
    contexte.close()

    assert c.seance.presences.get(personne=membre.personne).valide
    assert Vote.objects.get(point=c.point, personne=membre.personne).choix == Vote.Choix.POUR
    assert Reunion.objects.get(pk=c.seance.pk).statut == Reunion.Statut.OUVERTE
