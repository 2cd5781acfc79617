"""A journey in a real browser: the Ministère records the créneau's signed entente de mise en œuvre
and recognises it (its plan d'action is adopted); the comité régional's president puts the
répartition of its envelope and a project on the agenda of its next séance, from the envelope's and
the project's pages; in séance the répartition is adopted, and closing the vote approving the
project — which would exceed the créneau's share — is refused with its figures."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from creneaux.models import Creneau, Reunion
from plans.models import PlanAction
from projets.models import Enveloppe, Projet, Repartition, Statut
from seances import actions as seances
from seances.models import Point
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

    # 2. The comité régional's president proposes the répartition of its envelope for the agenda
    # of its next séance, then puts the project there too, from its page.
    seance = seances.planifier(
        c.comite_regional, par=c.president_regional, date=timezone.now() + datetime.timedelta(minutes=10), lieu="Nicolet"
    )
    enveloppe = Enveloppe.objects.get(programme=fsdce(), region=region("17"))
    connecter(page, c.president_regional)
    page.goto(f"/projets/enveloppes/{enveloppe.pk}/")
    page.fill(f"#id_repartition-part_{c.creneau.pk}", "60000")
    page.screenshot(path=captures / "cycle-3-repartition.png", full_page=True)
    page.click("#form-repartition [type=submit]")
    expect(page.locator("#ordre-du-jour")).to_contain_text("Répartition")
    page.goto(projet.get_absolute_url())
    page.click("#devant-comite button[type=submit]")
    expect(page.locator("#ordre-du-jour")).to_contain_text("Banc d'essai commun")

    # 3. The séance sits (its hour come, every member present); the répartition is adopted.
    seances.convoquer(seance, par=c.president_regional)
    Reunion.objects.filter(pk=seance.pk).update(date=timezone.now() - datetime.timedelta(minutes=1))
    seances.ouvrir(seance, par=c.president_regional)
    for m in c.membres_regional:
        seances.pointer(seance, par=m.user)
    repartition, approbation = seance.points.order_by("ordre")
    assert (repartition.type, approbation.type) == (Point.Type.REPARTITION, Point.Type.PROJET)
    for point in (repartition, approbation):
        seances.ouvrir_vote(point, par=c.president_regional)
        for m in c.membres_regional:
            seances.voter(point, par=m.user, choix="pour")
        if point == repartition:
            seances.clore_vote(point, par=c.president_regional)
    assert Repartition.objects.get(enveloppe=enveloppe).parts.get(creneau=c.creneau).montant == 60000

    # 4. Closing the vote approving the project, which would take the créneau beyond its share,
    # leaves it without decision, with the figures; the project stays before the comité.
    page.goto(f"/seances/{seance.pk}/en-cours/")
    page.click("#clore-vote")
    erreur = page.locator(".alert-warning").inner_text().replace("\u00a0", " ")
    assert "part du créneau" in erreur and "60 000" in erreur and "en attente 50 000" in erreur
    page.screenshot(path=captures / "cycle-4-part-depassee.png", full_page=True)
    assert Projet.objects.get(pk=projet.pk).statut == Statut.COMITE_REGIONAL
    assert Projet.objects.get(pk=en_attente.pk).statut == Statut.MINISTERE
    assert Point.objects.get(pk=approbation.pk).etat == Point.Etat.SANS_DECISION
