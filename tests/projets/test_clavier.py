"""Keyboard only: the coordination files a project — the navigation to « Nouveau projet », the
steps of the form, the porteur and partners found by typing in their autocomplete, budget lines
added in place — saves it, then submits it to the comité de créneau, without a mouse, and every
control reached shows where the focus is (WCAG 2.1.1, 2.4.7)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from creneaux.models import Organisation
from projets.models import Decision, Projet, Statut
from tests.clavier import activer, focus_visible_sur, page_au_clavier, saisir, se_connecter, tabuler_jusqu_a
from tests.factories import MOT_DE_PASSE, OrganisationFactory, circuit

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

TITRE = "Vitrine numérique des fabricants de meubles"


def choisir_dans_la_liste(page, champ, texte, valeur):
    """A closed <select> with the focus: typing the start of an option's label selects it."""
    page.keyboard.type(texte)
    expect(champ).to_have_value(valeur)


def choisir_organisation(page, champ, recherche, organisation):
    """In the Tom Select of `champ` (its text box has the focus): type part of the name; once the
    server has answered, the first organisation found is the active option and Enter takes it."""
    page.keyboard.type(recherche, delay=20)
    active = page.locator(f"#id_{champ}-ts-dropdown .option.active")
    expect(active).to_have_attribute("data-value", str(organisation.pk))
    page.keyboard.press("Enter")


def saisir_date(page, champ, jour):
    """Tab to a date field and type the date. Its segments follow the browser's own language, not
    the page's: month, day, year in this headless Chromium (the value checked catches any other)."""
    saisir(page, champ, jour.strftime("%m%d%Y"))
    expect(champ).to_have_value(jour.isoformat())


def remplir_ligne(page, prefixe, index, debut_libelle, valeur, montant):
    """A budget line whose first field (category or source) has the focus: choose it, then Tab
    to its amount and type it."""
    champ = "categorie" if prefixe == "depenses" else "source"
    choisir_dans_la_liste(page, page.locator(f"#id_{prefixe}-{index}-{champ}"), debut_libelle, valeur)
    saisir(page, page.locator(f"#id_{prefixe}-{index}-montant"), montant)


def ajouter_ligne(page, prefixe, index):
    """« Ajouter une ligne » by keyboard: htmx puts the new row in place and its first field
    takes the focus (autofocus)."""
    activer(page, page.locator(f"#ajouter-{prefixe}"))
    champ = "categorie" if prefixe == "depenses" else "source"
    nouveau = page.locator(f"#id_{prefixe}-{index}-{champ}")
    expect(nouveau).to_be_focused()
    focus_visible_sur(page, nouveau)


def test_la_coordination_depose_et_soumet_un_projet_au_clavier(navigateur, live_server, captures):
    c = circuit("17")
    porteur = OrganisationFactory(nom="Association des fabricants de meubles du Québec", type=Organisation.Type.ASSOCIATION)
    cegep = OrganisationFactory(nom="Cégep de Victoriaville – CCTT meuble", type=Organisation.Type.ENSEIGNEMENT)
    cde = OrganisationFactory(nom="Corporation de développement économique de Drummond", type=Organisation.Type.DEVELOPPEMENT)
    page = page_au_clavier(navigateur, live_server)

    # Log in, then « Projets » in the navigation and « Nouveau projet » on the list.
    se_connecter(page, c.coordination.username, MOT_DE_PASSE)
    activer(page, page.locator("#nav-principale a[href='/projets/']"))
    page.wait_for_url("**/projets/")
    activer(page, page.get_by_role("link", name="Nouveau projet"))
    page.wait_for_url("**/projets/nouveau/")

    # 1. Identification: the title (the créneau is the only one coordinated, the programme the default).
    saisir(page, page.locator("#id_titre"), TITRE)
    activer(page, page.locator("button[value=enregistrer]"))
    page.wait_for_url("**/etape/porteur/")

    # 2. Porteur and partners, found by typing part of their name.
    tabuler_jusqu_a(page, page.locator("#id_porteur-ts-control"))
    choisir_organisation(page, "porteur", "fabricants", porteur)
    tabuler_jusqu_a(page, page.locator("#id_partenaires-ts-control"))
    # Words only these two names hold: the search also reads the city (the factories' are random).
    choisir_organisation(page, "partenaires", "CCTT", cegep)
    choisir_organisation(page, "partenaires", "Corporation", cde)
    page.keyboard.press("Escape")
    activer(page, page.locator("button[value=enregistrer]"))
    page.wait_for_url("**/etape/description/")

    # 3. Description.
    saisir(page, page.locator("#id_description"), "Une vitrine commune pour présenter les fabricants aux acheteurs.")
    tabuler_jusqu_a(page, page.locator("#id_enjeu"))
    choisir_dans_la_liste(page, page.locator("#id_enjeu"), "Comm", "communication")
    activer(page, page.locator("button[value=enregistrer]"))
    page.wait_for_url("**/etape/dates/")

    # 4. Dates, typed in the date fields.
    saisir_date(page, page.locator("#id_date_debut"), datetime.date(2026, 6, 1))
    saisir_date(page, page.locator("#id_date_fin"), datetime.date(2027, 5, 31))
    activer(page, page.locator("button[value=enregistrer]"))
    page.wait_for_url("**/etape/budget/")

    # 5. Budget: one blank line of each to start; « Ajouter une ligne » adds the next in place.
    tabuler_jusqu_a(page, page.locator("#id_depenses-0-categorie"))
    remplir_ligne(page, "depenses", 0, "Hon", "honoraires", "80000")
    ajouter_ligne(page, "depenses", 1)
    remplir_ligne(page, "depenses", 1, "Comm", "communication", "20000")
    tabuler_jusqu_a(page, page.locator("#id_financements-0-source"))
    remplir_ligne(page, "financements", 0, "Aide", "fsdce", "50000")
    ajouter_ligne(page, "financements", 1)
    remplir_ligne(page, "financements", 1, "Porteur", "porteur", "50000")
    # The totals, computed by the server as one types (htmx): the financing now matches the cost.
    expect(page.locator("#totaux")).to_contain_text(re.compile(r"Financement total\s*100\s000,00\s\$"))
    expect(page.locator("#totaux")).not_to_contain_text("Écart")
    page.screenshot(path=captures / "projets-clavier-budget.png", full_page=True)
    activer(page, page.locator("button[value=enregistrer]"))  # the last step: « Enregistrer le brouillon »
    expect(page.locator("#statut")).to_contain_text("Brouillon")

    # 6. From the project's page, « Soumettre ».
    activer(page, page.locator("#action-soumettre button[type=submit]"))
    expect(page.locator("#statut")).to_contain_text("Au comité de créneau")
    page.screenshot(path=captures / "projets-clavier-soumis.png", full_page=True)
    page.context.close()

    projet = Projet.objects.get(titre=TITRE)
    assert projet.statut == Statut.COMITE_CRENEAU and projet.numero
    assert (projet.porteur, set(projet.partenaires.all())) == (porteur, {cegep, cde})
    assert (projet.date_debut, projet.date_fin) == (datetime.date(2026, 6, 1), datetime.date(2027, 5, 31))
    assert sorted(projet.depenses.values_list("categorie", "montant")) == [("communication", 20000), ("honoraires", 80000)]
    assert sorted(projet.financements.values_list("source", "montant")) == [("fsdce", 50000), ("porteur", 50000)]
    soumission = projet.decisions.get()
    assert (soumission.etape, soumission.auteur) == (Decision.Etape.SOUMISSION, c.coordination)
