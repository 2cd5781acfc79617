"""The four-user journey in a real browser: the coordination files and submits a project, the
comité de créneau's secretary puts it on the agenda of the comité's next séance from the project
page, where the members adopt the résolution; the comité régional's president does the same for
its séance, where the project is approved with the envelope in view; the Ministère accepts it
with an amount granted. (The séance itself, in three browsers, is tests/seances/test_navigateur.py:
here it runs through its verbs.)"""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from creneaux.models import Organisation, Reunion
from projets.models import Projet, Statut
from seances import actions as seances
from tests.factories import OrganisationFactory, analyse_faite, circuit

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def connecter(page, user):
    """Open a session for `user` (the log-in page itself is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.url_base,
            }
        ]
    )


def planifier(comite, par):
    """A séance of `comite` in ten minutes."""
    return seances.planifier(comite, par=par, date=timezone.now() + datetime.timedelta(minutes=10), lieu="Drummondville")


def sieger(seance, president, membres):
    """The séance is convened, its hour comes (its date moves back to a minute ago), every member
    checks in and votes for each item."""
    seances.convoquer(seance, par=president)
    Reunion.objects.filter(pk=seance.pk).update(date=timezone.now() - datetime.timedelta(minutes=1))
    seances.ouvrir(seance, par=president)
    for m in membres:
        seances.pointer(seance, par=m.user)
    for point in seance.points.order_by("ordre"):
        seances.ouvrir_vote(point, par=president)
        for m in membres:
            seances.voter(point, par=m.user, choix="pour")
        seances.clore_vote(point, par=president)


def test_depot_resolution_comite_regional_et_acceptation(page, live_server, captures):
    # The people and the meetings: circuit() gives the créneau its coordination, a comité de
    # créneau of five voting members (and an observer) with its secretary, the comité régional of
    # the region with its president, a past meeting of each comité where every member was present,
    # and the Ministère's central office.
    page.url_base = live_server.url
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
    page.get_by_role("button", name="Ajouter une ligne de dépense").click()  # one blank line to start, no more
    page.select_option("#id_depenses-1-categorie", "communication")
    page.fill("#id_depenses-1-montant", "20000")
    page.select_option("#id_financements-0-source", "fsdce")
    page.fill("#id_financements-0-montant", "50000")
    page.get_by_role("button", name="Ajouter une ligne de financement").click()
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

    # 2. The secretary puts the project on the agenda of the comité's next séance, from its page;
    # the members adopt the résolution in séance.
    seance = planifier(c.comite_creneau, c.secretaire)
    connecter(page, c.secretaire)
    page.goto(f"/projets/{projet.pk}/")
    expect(page.locator("#devant-comite")).to_contain_text("En attente d'inscription")
    page.screenshot(path=captures / "projets-3-devant-le-comite.png", full_page=True)
    page.click("#devant-comite button[type=submit]")
    expect(page.locator("#ordre-du-jour")).to_contain_text("Vitrine numérique des fabricants de meubles")
    page.goto(f"/projets/{projet.pk}/")
    expect(page.locator(f"#point-seance-{seance.pk}")).to_contain_text("Planifiée")
    president = next(m for m in c.membres_creneau if m.user != c.secretaire and m.mandats.filter(role="president").exists())
    sieger(seance, president.user, c.membres_creneau)
    page.goto(f"/projets/{projet.pk}/")
    expect(page.locator("#statut")).to_contain_text("Au comité régional")

    # 3. The comité régional's president, with the envelope in view, puts it on the agenda of its
    # séance; the comité approves it there.
    seance = planifier(c.comite_regional, c.president_regional)
    connecter(page, c.president_regional)
    page.goto(f"/projets/{projet.pk}/")
    assert page.locator("#enveloppe").is_visible()
    expect(page.locator("#devant-comite")).to_contain_text("Devant le comité régional")
    page.screenshot(path=captures / "projets-4-comite-regional.png", full_page=True)
    page.click("#devant-comite button[type=submit]")
    expect(page.locator("#ordre-du-jour")).to_contain_text("Vitrine numérique des fabricants de meubles")
    sieger(seance, c.president_regional, c.membres_regional)
    page.goto(f"/projets/{projet.pk}/")
    expect(page.locator("#statut")).to_contain_text("Au Ministère")

    # 4. The direction régionale has analysed it; the bureau central accepts with an amount granted.
    analyse_faite(projet, par=c.dr)
    connecter(page, c.central)
    page.goto(f"/projets/{projet.pk}/")
    page.check("#id_ministere-issue_0")
    page.fill("#id_ministere-montant", "45000")
    page.fill("#id_ministere-motif", "Conforme au guide de gestion du FSDCE.")
    page.click("#action-ministere button[type=submit]")
    page.wait_for_selector("#statut:has-text('Accepté')")
    page.click("text=Voir qui a modifié quoi, et quand")  # the field-change history, loaded on opening
    page.wait_for_selector("#t-historique ~ details ul li")
    page.screenshot(path=captures / "projets-5-accepte.png", full_page=True)

    projet.refresh_from_db()
    assert projet.statut == Statut.ACCEPTE and projet.montant_accorde == 45000
    assert list(projet.decisions.values_list("etape", flat=True)) == [
        "soumission",
        "resolution",
        "comite_regional",
        "analyse",
        "decision_ministere",
    ]
