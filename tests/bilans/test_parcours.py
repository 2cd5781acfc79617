"""One journey in Chromium: a bilan opened pre-filled, completed, submitted, returned, fixed, accepted."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bilans.models import BilanAnnuel
from tests.bilans.conftest import EXERCICE
from tests.factories import MOT_DE_PASSE, PersonneFactory, ReunionFactory


def connecter(page, user):
    page.context.clear_cookies()
    page.goto(reverse("login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("main button[type=submit]")
    page.wait_for_url("**/")


@pytest.mark.navigateur
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bilan_du_preremplissage_a_l_acceptation(page, monde, captures):
    reunion = ReunionFactory(
        comite=monde.comite, date=datetime.datetime(2026, 3, 31, 23, 30, tzinfo=ZoneInfo("America/Montreal"))
    )
    reunion.presents.set(PersonneFactory.create_batch(4))

    # The coordinator opens the bilan of the last exercice: it comes pre-filled.
    connecter(page, monde.coordination)
    page.goto(reverse("bilans:creneau", args=[monde.creneau.slug]))
    page.select_option("#id_exercice", str(EXERCICE))
    page.click("text=Ouvrir le bilan >> nth=-1")
    page.wait_for_selector("#tableau-indicateurs")
    assert "Calculé : 1 réunion de « Comité de créneau Meuble » du 2025-04-01 au 2026-03-31" in page.content()
    assert "Rédigez les faits saillants" in page.inner_text("#raison-soumettre")
    page.screenshot(path=captures / "bilan-1-prerempli.png", full_page=True)

    # Completes it: the sections are saved as they are typed (htmx), the indicators in one form.
    page.click("text=Rédiger")
    page.fill("#id_faits_saillants", "Première cohorte de la formation d'opérateurs CNC.")
    page.wait_for_selector("#etat-enregistrement >> text=Enregistré à")
    page.screenshot(path=captures / "bilan-2-sections-autosave.png", full_page=True)
    page.goto(reverse("bilans:detail", args=[monde.creneau.bilans.get().pk]))
    page.click("text=Saisir ou remplacer des valeurs")
    ligne = page.locator("tr", has_text="Emplois créés ou maintenus")
    ligne.locator("input[name$=valeur_saisie]").fill("-4")
    page.click("text=Enregistrer les indicateurs")
    assert "supérieure ou égale à 0" in page.content()
    page.screenshot(path=captures / "bilan-3-saisie-refusee.png", full_page=True)
    page.locator("tr", has_text="Emplois créés ou maintenus").locator("input[name$=valeur_saisie]").fill("12")
    page.click("text=Enregistrer les indicateurs")
    page.wait_for_selector("text=Indicateurs enregistrés.")

    # Submitting with required indicators still empty is refused: each is flagged next to its
    # field and listed with a link to it.
    page.click("text=Soumettre à la direction régionale")
    page.wait_for_selector("#indicateurs-manquants")
    manquants = page.inner_text("#indicateurs-manquants")
    assert "2 indicateurs obligatoires sont vides" in manquants
    assert "Participants aux formations" in manquants and "Emplois" not in manquants
    ligne = page.locator("tr", has_text="Participants aux formations")
    assert "saisissez une valeur avant de soumettre" in ligne.inner_text()
    page.screenshot(path=captures / "bilan-3b-indicateurs-manquants.png", full_page=True)
    page.click("#indicateurs-manquants >> text=Participants aux formations")
    ligne.locator("input[name$=valeur_saisie]").fill("30")
    for champ in page.locator("input.is-invalid").all():
        if not champ.input_value():
            champ.fill("0")
    page.click("text=Enregistrer les indicateurs")
    page.wait_for_selector("text=Indicateurs enregistrés.")
    page.click("text=Soumettre à la direction régionale")
    page.wait_for_selector("#statut-bilan >> text=Soumis")

    # The direction régionale returns it with a comment.
    connecter(page, monde.dr)
    page.click("text=Bilan 2025-2026 – Meuble")  # from « À traiter »
    page.fill("#id_commentaire", "Ajoutez le nombre de participants aux formations.")
    page.click("input[name=renvoyer]")
    page.wait_for_selector("#statut-bilan >> text=À réviser")

    # The coordinator sees the comment, fixes and resubmits.
    connecter(page, monde.coordination)
    page.click("text=Bilan 2025-2026 – Meuble")
    assert "Ajoutez le nombre de participants aux formations." in page.inner_text("#commentaire-renvoi")
    page.screenshot(path=captures / "bilan-4-a-reviser.png", full_page=True)
    page.click("text=Saisir ou remplacer des valeurs")
    page.locator("tr", has_text="Participants aux formations").locator("input[name$=valeur_saisie]").fill("48")
    page.click("text=Enregistrer les indicateurs")
    page.click("text=Soumettre à la direction régionale")
    page.wait_for_selector("#statut-bilan >> text=Soumis")

    # The direction régionale accepts it: it is frozen.
    connecter(page, monde.dr)
    page.goto(reverse("bilans:detail", args=[monde.creneau.bilans.get().pk]))
    page.click("input[name=accepter]")
    page.wait_for_selector("#statut-bilan >> text=Accepté")
    page.screenshot(path=captures / "bilan-5-accepte.png", full_page=True)
    page.click("nav >> text=Bilans")  # the follow-up of the direction régionale
    page.wait_for_selector("text=Suivi des bilans annuels 2025-2026")
    assert "Accepté : 1" in page.content()
    page.screenshot(path=captures / "bilan-6-suivi.png", full_page=True)
    bilan = BilanAnnuel.objects.get()
    assert bilan.statut == "accepte"
    assert list(bilan.etapes.values_list("type", flat=True)) == [
        "ouverture",
        "soumission",
        "renvoi",
        "soumission",
        "acceptation",
    ]
    assert bilan.valeurs.get(indicateur__code="participants-formations").valeur_saisie == 48
