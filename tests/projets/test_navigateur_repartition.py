"""A journey in a real browser: the Ministère records the créneau's signed entente de mise en œuvre
and recognises it (its plan d'action is adopted); the comité régional adopts the répartition of its
envelope; an approval that would exceed the créneau's share is refused with its figures."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from creneaux.models import Creneau
from plans.models import PlanAction
from projets.models import Enveloppe, Projet, Statut
from tests.factories import PlanActionFactory, circuit, fsdce, region

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


def test_reconnaissance_repartition_et_approbation_au_dela_de_la_part(page, live_server, captures):
    page.url_base = live_server.url
    c = circuit("17")
    Creneau.objects.filter(pk=c.creneau.pk).update(statut="autorise", date_reconnu=None)
    PlanActionFactory(
        creneau=c.creneau, statut=PlanAction.Statut.APPROUVE, adopte_par=c.comite_creneau, adopte_le=datetime.date(2026, 4, 1)
    )
    en_attente = c.projet(statut=Statut.MINISTERE)  # 50 000 $ already before the Ministère
    projet = c.projet(statut=Statut.COMITE_REGIONAL, titre="Banc d'essai commun")  # asks 50 000 $

    # 1. The direction régionale records the signed entente de mise en œuvre, then recognises the créneau.
    connecter(page, c.dr)
    page.goto(c.creneau.get_absolute_url())
    page.goto(f"/creneaux/{c.creneau.slug}/ententes/ajouter/")
    page.select_option("#id_type", "mise_en_oeuvre")
    page.fill("#id_signataires", "Présidence du comité régional\nPrésidence du comité de créneau\nMinistre")
    page.fill("#id_date_signature", "2026-05-01")
    page.fill("#id_debut", "2026-05-01")
    page.fill("#id_fin", "2031-04-30")
    page.click("main form [type=submit]")
    page.click("#lien-etape")
    page.select_option("#id_statut", "reconnu")
    page.fill("#id_motif", "Entente de mise en œuvre signée par le ministre; plan d'action adopté.")
    page.screenshot(path=captures / "cycle-1-reconnaissance.png", full_page=True)
    page.click("main form [type=submit]")
    page.wait_for_selector("text=Étape enregistrée")
    assert Creneau.objects.get(pk=c.creneau.pk).statut == "reconnu"
    page.screenshot(path=captures / "cycle-2-reconnu.png", full_page=True)

    # 2. The comité régional adopts the répartition of its envelope at its meeting.
    enveloppe = Enveloppe.objects.get(programme=fsdce(), region=region("17"))
    connecter(page, c.president_regional)
    page.goto(f"/projets/enveloppes/{enveloppe.pk}/")
    page.select_option("#id_reunion", str(c.reunion_regionale.pk))
    page.fill("#id_numero_resolution", "CR-17-2026-REP-1")
    page.fill(f"#id_part_{c.creneau.pk}", "60000")
    page.click("#repartir form [type=submit]")
    page.wait_for_selector("text=Répartition adoptée")
    page.screenshot(path=captures / "cycle-3-repartition.png", full_page=True)

    # 3. Approving a project that would take the créneau beyond its share is refused with the figures.
    page.goto(projet.get_absolute_url())
    page.select_option("#id_regional-reunion", str(c.reunion_regionale.pk))
    page.check("#id_regional-issue_0")
    page.fill("#id_regional-numero_resolution", "CR-17-2026-31")
    page.fill("#id_regional-votes_pour", "5")
    page.click("#action-regional button[type=submit]")
    erreur = page.locator("#action-regional").inner_text()
    assert (
        "part du créneau" in erreur
        and "60 000" in erreur.replace("\u00a0", " ")
        and "en attente 50 000" in erreur.replace("\u00a0", " ")
    )
    page.locator("#action-regional").scroll_into_view_if_needed()
    page.screenshot(path=captures / "cycle-4-part-depassee.png", full_page=True)
    assert Projet.objects.get(pk=projet.pk).statut == Statut.COMITE_REGIONAL
    assert Projet.objects.get(pk=en_attente.pk).statut == Statut.MINISTERE
