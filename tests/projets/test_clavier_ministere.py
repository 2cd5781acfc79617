"""Keyboard only: the Ministère decides on a project the comité régional approved. The direction
régionale logs in with its second factor, opens the project from « À traiter » and records its
analysis — the acceptance is not hers to give — then logs out from the account menu; the central
office logs in the same way, reads the analysis beside its form and accepts. No mouse, and every
control reached shows where the focus is (WCAG 2.1.1, 2.4.7)."""

import re
from decimal import Decimal

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from projets import actions
from projets.models import Decision, Projet, Statut
from tests.clavier import activer, page_au_clavier, saisir, se_connecter, tabuler_jusqu_a
from tests.factories import MOT_DE_PASSE, circuit, point_ouvert
from tests.factories.seances import en_seance

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

TITRE = "Vitrine numérique des fabricants de meubles"


def code_de(user):
    """The current code of `user`'s authenticator application (a confirmed TOTP device)."""
    appareil = TOTPDevice.objects.create(user=user, name="Application d'authentification", confirmed=True)
    return lambda: f"{totp(appareil.bin_key, step=appareil.step, t0=appareil.t0, digits=appareil.digits):06d}"


def ouvrir_depuis_a_traiter(page):
    """From the home page, Tab to the project in « À traiter » and open it."""
    activer(page, page.get_by_role("link", name=TITRE))
    page.wait_for_url("**/projets/*/")


def test_la_direction_regionale_analyse_et_le_bureau_central_accepte_au_clavier(navigateur, live_server, captures, settings):
    settings.DOUBLE_FACTEUR_CONNEXIONS_DE_CONFIANCE = []  # as in production: the second factor is asked
    c = circuit("17")
    projet = actions.soumettre(c.projet(titre=TITRE), par=c.coordination).projet
    # Each comité's verb as the closing of the project's vote in séance runs it.
    vote = {"pour": 5, "contre": 0, "abstentions": 0}
    point_ouvert(c.reunion_creneau, projet)
    projet = en_seance.adopter_resolution(projet, par=c.secretaire, reunion=c.reunion_creneau, numero="CC-2026-07", **vote).projet
    point_ouvert(c.reunion_regionale, projet)
    projet = en_seance.approuver_regional(
        projet, par=c.president_regional, reunion=c.reunion_regionale, numero="CR17-2026-03", **vote
    ).projet
    assert projet.statut == Statut.MINISTERE
    page = page_au_clavier(navigateur, live_server)

    # The direction régionale: password, then the code of its application; the project is in its
    # « À traiter »; it records its analysis.
    se_connecter(page, c.dr.username, MOT_DE_PASSE, code=code_de(c.dr))
    ouvrir_depuis_a_traiter(page)
    # Hers to ask for a complement, not to accept or refuse.
    expect(page.locator("#action-ministere")).to_contain_text("Demander un complément")
    expect(page.locator("#action-ministere input[value=accepter]")).to_have_count(0)
    saisir(page, page.locator("#id_analyse-texte"), "Projet conforme au guide de gestion; partenaires solides.")
    tabuler_jusqu_a(page, page.locator("#id_analyse-recommandation"))
    page.keyboard.type("Acc")
    expect(page.locator("#id_analyse-recommandation")).to_have_value("accepter")
    saisir(page, page.locator("#id_analyse-montant_recommande"), "45 000")  # as the portal shows amounts
    activer(page, page.locator("#action-analyse button[type=submit]"))
    expect(page.locator(".alert-success")).to_contain_text("Analyse de la direction régionale : enregistré.")
    expect(page.locator("#fil")).to_contain_text("Projet conforme au guide de gestion")
    expect(page.locator("#statut")).to_contain_text("Au Ministère")

    # Log out from the account menu: Enter opens it, Tab reaches « Se déconnecter ».
    activer(page, page.locator("#nav-principale .dropdown-toggle"))
    activer(page, page.get_by_role("button", name="Se déconnecter"))
    expect(page.locator("#nav-principale")).to_contain_text("Se connecter")

    # The central office: its second factor, the project in its « À traiter », the analysis
    # beside its form; it accepts with an amount granted.
    se_connecter(page, c.central.username, MOT_DE_PASSE, code=code_de(c.central))
    ouvrir_depuis_a_traiter(page)
    expect(page.locator("#analyse-dr")).to_contain_text("Projet conforme au guide de gestion")
    accepter = page.locator("#id_ministere-issue_0")
    tabuler_jusqu_a(page, accepter)
    page.keyboard.press("Space")
    expect(accepter).to_be_checked()
    saisir(page, page.locator("#id_ministere-montant"), "45 000,00 $")
    saisir(page, page.locator("#id_ministere-motif"), "Conforme au guide de gestion du FSDCE.")
    activer(page, page.locator("#action-ministere button[type=submit]"))
    expect(page.locator(".alert-success")).to_contain_text("Décision du Ministère : enregistré.")
    expect(page.locator("#statut")).to_contain_text("Accepté")
    expect(page.locator("section[aria-labelledby=t-identite]")).to_contain_text(re.compile(r"Montant accordé\s*45\s000,00\s\$"))
    page.screenshot(path=captures / "projets-clavier-accepte.png", full_page=True)
    page.context.close()

    projet = Projet.objects.get(pk=projet.pk)
    assert (projet.statut, projet.montant_accorde) == (Statut.ACCEPTE, Decimal("45000"))
    analyse = projet.decisions.get(etape=Decision.Etape.ANALYSE)
    assert (analyse.auteur, analyse.recommandation, analyse.montant) == (c.dr, "accepter", Decimal("45000"))
    decision = projet.decisions.get(etape=Decision.Etape.DECISION_MINISTERE)
    assert (decision.auteur, decision.de_statut, decision.vers_statut, decision.montant) == (
        c.central,
        Statut.MINISTERE,
        Statut.ACCEPTE,
        Decimal("45000"),
    )
    assert decision.motif == "Conforme au guide de gestion du FSDCE."
