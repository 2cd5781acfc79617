"""The four-user journey in a real browser: the coordination files and submits a project, the
comité de créneau's secretary records the résolution adopted at its meeting, the comité régional
approves it at its own meeting, and the Ministère accepts it with an amount granted."""

import pytest
from playwright.sync_api import expect

from creneaux.models import Organisation
from projets.models import Projet, Statut
from tests.factories import MOT_DE_PASSE, OrganisationFactory, circuit

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def connecter(page, user):
    page.context.clear_cookies()
    page.goto("/comptes/connexion/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("form button[type=submit]")
    page.wait_for_url("**/")


def voter(page, formulaire, reunion, numero, pour, contre=0, abstentions=0):
    """Fill a comité's decision form: its meeting, a favourable outcome, the résolution number and votes."""
    page.select_option(f"#id_{formulaire}-reunion", str(reunion.pk))
    page.check(f"#id_{formulaire}-issue_0")
    page.fill(f"#id_{formulaire}-numero_resolution", numero)
    for champ, nombre in (("votes_pour", pour), ("votes_contre", contre), ("abstentions", abstentions)):
        page.fill(f"#id_{formulaire}-{champ}", str(nombre))


def test_depot_resolution_comite_regional_et_acceptation(page, captures):
    # The people and the meetings: circuit() gives the créneau its coordination, a comité de
    # créneau of five voting members (and an observer) with its secretary, the comité régional of
    # the region with its president, a past meeting of each comité where every member was present,
    # and the Ministère's central office.
    c = circuit("17")
    porteur = OrganisationFactory(nom="Association des fabricants de meubles du Québec", type=Organisation.Type.ASSOCIATION)
    OrganisationFactory(nom="Cégep de Victoriaville – CCTT meuble", type=Organisation.Type.ENSEIGNEMENT)
    OrganisationFactory(nom="Corporation de développement économique de Drummond", type=Organisation.Type.DEVELOPPEMENT)

    # 1. The coordination files the project, step by step, and submits it.
    connecter(page, c.coordination)
    page.goto("/projets/")
    page.click("text=Nouveau projet")
    page.fill("#id_titre", "Vitrine numérique des fabricants de meubles")
    page.click("button[value=enregistrer]")
    page.select_option("#id_porteur", label=porteur.nom)
    page.select_option(
        "#id_partenaires",
        label=["Cégep de Victoriaville – CCTT meuble", "Corporation de développement économique de Drummond"],
    )
    page.click("button[value=enregistrer]")
    page.fill("#id_description", "Une vitrine commune pour présenter les fabricants aux acheteurs institutionnels.")
    page.fill("#id_objectifs", "Quarante fabricants présentés; dix missions d'acheteurs.")
    page.select_option("#id_enjeu", "communication")
    page.click("button[value=enregistrer]")
    page.fill("#id_date_debut", "2026-06-01")
    page.fill("#id_date_fin", "2027-05-31")
    page.click("button[value=enregistrer]")
    page.select_option("#id_depenses-0-categorie", "honoraires")
    page.fill("#id_depenses-0-montant", "80000")
    page.select_option("#id_depenses-1-categorie", "communication")
    page.fill("#id_depenses-1-montant", "20000")
    page.select_option("#id_financements-0-source", "fsdce")
    page.fill("#id_financements-0-montant", "50000")
    page.select_option("#id_financements-1-source", "porteur")
    page.fill("#id_financements-1-montant", "50000")
    page.locator("#id_financements-1-montant").blur()
    # The totals are computed by the server as one types (htmx), never typed.
    # (a locator wait, not wait_for_function: the CSP forbids the string evaluation it polls with)
    expect(page.locator("#totaux")).not_to_contain_text("Écart")
    page.screenshot(path=captures / "projets-1-budget.png", full_page=True)
    page.click("button[value=soumettre]")
    page.wait_for_selector("#statut:has-text('Au comité de créneau')")
    projet = Projet.objects.get(titre="Vitrine numérique des fabricants de meubles")
    assert projet.numero and projet.statut == Statut.COMITE_CRENEAU
    page.screenshot(path=captures / "projets-2-soumis.png", full_page=True)

    # 2. The secretary records the résolution adopted at the comité's meeting.
    connecter(page, c.secretaire)
    page.goto(f"/projets/{projet.pk}/")
    voter(page, "resolution", c.reunion_creneau, "CC-MEUBLE-2026-07", pour=4, abstentions=1)
    page.fill("#id_resolution-motif", "Le comité appuie le projet, conforme à l'axe 2 du plan d'action.")
    page.screenshot(path=captures / "projets-3-resolution.png", full_page=True)
    page.click("#action-resolution button[type=submit]")
    page.wait_for_selector("#statut:has-text('Au comité régional')")

    # 3. The comité régional approves at its meeting, with the envelope in view.
    connecter(page, c.president_regional)
    page.goto(f"/projets/{projet.pk}/")
    assert page.locator("#enveloppe").is_visible()
    voter(page, "regional", c.reunion_regionale, "CR-17-2026-12", pour=5)
    page.screenshot(path=captures / "projets-4-comite-regional.png", full_page=True)
    page.click("#action-regional button[type=submit]")
    page.wait_for_selector("#statut:has-text('Au Ministère')")

    # 4. The Ministère accepts with an amount granted.
    connecter(page, c.central)
    page.goto(f"/projets/{projet.pk}/")
    page.check("#id_ministere-issue_0")
    page.fill("#id_ministere-montant", "45000")
    page.fill("#id_ministere-motif", "Conforme au guide de gestion du FSDCE.")
    page.click("#action-ministere button[type=submit]")
    page.wait_for_selector("#statut:has-text('Accepté')")
    page.click("text=versions")  # the field-change history, with its diffs
    page.screenshot(path=captures / "projets-5-accepte.png", full_page=True)

    projet.refresh_from_db()
    assert projet.statut == Statut.ACCEPTE and projet.montant_accorde == 45000
    assert list(projet.decisions.values_list("etape", flat=True)) == [
        "soumission",
        "resolution",
        "comite_regional",
        "decision_ministere",
    ]
