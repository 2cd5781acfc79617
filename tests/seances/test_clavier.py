"""Keyboard only: a member logs in, checks in and votes without a mouse, and every control they
reach shows where the focus is (WCAG 2.4.7)."""

import pytest
from playwright.sync_api import expect

from creneaux.models import Reunion
from seances import actions
from seances.models import Vote
from tests.clavier import activer, page_au_clavier, se_connecter, tabuler_jusqu_a
from tests.factories import MOT_DE_PASSE, seance_prete

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_un_membre_pointe_et_vote_au_clavier(navigateur, live_server, captures):
    c = seance_prete(presents=False)
    # The chair and two members are already in the room; the vote on the project is open.
    for user in (c.president, c.secretaire, c.votants[1]):
        actions.pointer(c.seance, par=user)
    actions.ouvrir_vote(c.point, par=c.president)
    membre = c.votants[0]
    page = page_au_clavier(navigateur, live_server)

    se_connecter(page, membre.username, MOT_DE_PASSE)
    page.goto(f"/seances/{c.seance.pk}/en-cours/")
    activer(page, page.locator("#pointer"))
    expect(page.locator("body")).to_contain_text("Votre présence est inscrite")
    pour = page.locator("#point-courant button[value=pour]")
    tabuler_jusqu_a(page, pour)
    page.screenshot(path=captures / "seance-clavier-focus.png")
    page.keyboard.press("Enter")
    expect(page.locator("#mon-vote")).to_contain_text("Pour")
    page.context.close()

    assert c.seance.presences.get(personne=membre.personne).valide
    assert Vote.objects.get(point=c.point, personne=membre.personne).choix == Vote.Choix.POUR
    assert Reunion.objects.get(pk=c.seance.pk).statut == Reunion.Statut.OUVERTE
