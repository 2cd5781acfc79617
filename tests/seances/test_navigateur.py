"""A séance in a real browser, three sessions at once (docs/seances.md): the chair puts a project on
the agenda and convenes the comité; the members see it on their home page with its dossier; at
the séance's hour the chair opens it, everyone checks in from their own session, one member
declares a conflict of interest, the other votes from a phone, the chair closes the vote (the
project goes on to the comité régional) and adjourns; the chair and the secretary approve the
procès-verbal. Every page updates itself (htmx polling) — no reload, no sleep."""

import datetime
import re

import pytest
from django.db import connections
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from creneaux.models import Reunion
from projets.models import Projet, Statut
from tests.factories import MOT_DE_PASSE, ProjetFactory, seance_prete

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

TELEPHONE = {"width": 390, "height": 844}


def session(navigateur, live_server, user, viewport=None):
    """A browser context of its own, logged in as `user` through the log-in page (members of a
    comité need no second factor)."""
    context = navigateur.new_context(
        locale="fr-CA", viewport=viewport or {"width": 1280, "height": 900}, base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto("/comptes/connexion/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("form button[type=submit]")
    page.wait_for_url("**/")
    return page


def test_seance_a_trois_convocation_conflit_vote_cloture_et_proces_verbal(navigateur, live_server, captures):
    dossier = captures / "seances"
    dossier.mkdir(exist_ok=True)
    # A comité de créneau of five voting members (quorum 3), its séance planned for in ten minutes,
    # and a project of the créneau waiting for the comité.
    c = seance_prete(statut=Reunion.Statut.PLANIFIEE, nb_projets=0, date=timezone.now() + datetime.timedelta(minutes=10))
    projet = ProjetFactory(creneau=c.creneau, statut=Statut.COMITE_CRENEAU, titre="Vitrine numérique des fabricants")
    membre_a, membre_b = c.votants[0], c.votants[1]
    for user in c.membres:  # (the account bears its member's name, as in real life)
        user.first_name, user.last_name = user.personne.prenom, user.personne.nom
        user.save(update_fields=["first_name", "last_name"])
    seance = c.seance

    # 1. The chair puts the project on the agenda and convenes.
    presidence = session(navigateur, live_server, c.president)
    presidence.goto(f"/seances/{seance.pk}/")
    presidence.click("#ajouter-point button.accordion-button:has-text('Projet')")
    presidence.select_option("#id_projet-projet", str(projet.pk))
    presidence.fill("#id_projet-texte", "Que le comité appuie le projet, conforme à l'axe 2 du plan d'action.")
    presidence.click("#ajouter-projet [type=submit]")
    expect(presidence.locator("#ordre-du-jour")).to_contain_text("Vitrine numérique des fabricants")
    presidence.screenshot(path=dossier / "1-ordre-du-jour.png", full_page=True)
    presidence.click("#actions-seance button:has-text('Convoquer les membres')")
    expect(presidence.locator("#statut-seance")).to_contain_text("Convoquée")

    # 2. The members see the séance and its dossier on their home page.
    a = session(navigateur, live_server, membre_a)
    b = session(navigateur, live_server, membre_b, viewport=TELEPHONE)
    expect(a.locator("#mes-seances")).to_contain_text(c.comite.nom)
    expect(a.locator(f"#mes-seances a[href='/rapports/projets/{projet.pk}/dossier.pdf']")).to_be_visible()
    a.screenshot(path=dossier / "2-accueil-membre.png", full_page=True)
    for page in (a, b):
        page.goto(f"/seances/{seance.pk}/en-cours/")
        expect(page.locator("#etat")).to_contain_text("pas encore ouverte")

    # 3. The séance's hour comes (its dates move a quarter of an hour back); the chair opens it.
    Reunion.objects.filter(pk=seance.pk).update(
        date=F("date") - datetime.timedelta(minutes=15), convoquee_le=F("convoquee_le") - datetime.timedelta(minutes=15)
    )
    presidence.goto(f"/seances/{seance.pk}/en-cours/")
    presidence.click("#ouvrir-seance")
    expect(presidence.locator("#quorum")).to_contain_text("Ouverte")

    # 4. Everyone checks in from their own session; the quorum is reached live on the chair's page.
    presidence.click("#pointer")
    for page in (a, b):
        page.locator("#pointer").click()  # (the button appears by itself: the page polls)
        expect(page.locator("#pointage")).to_have_count(0)
    expect(presidence.locator("#quorum")).to_contain_text("Quorum : 3 / 3")

    # 5. The chair puts the project to the vote.
    point = seance.points.get()
    presidence.click(f"#ouvrir-vote-{point.pk}")
    expect(presidence.locator("#point-courant")).to_contain_text("Vote en cours")

    # 6. Member A declares a conflict of interest (and so does not vote); member B votes from a phone.
    expect(a.locator("#voter")).to_be_visible()
    a.click(f"#conflit-{point.pk} summary")
    a.fill(f"#id_c{point.pk}-note", "Mon employeur est partenaire du projet.")
    a.screenshot(path=dossier / "3-conflit.png", full_page=True)
    a.click(f"#conflit-{point.pk} [type=submit]")
    expect(a.locator("#mon-conflit")).to_be_visible()
    expect(a.locator("#voter")).to_have_count(0)

    expect(b.locator("#voter")).to_be_visible()
    b.screenshot(path=dossier / "4-vote-telephone.png", full_page=True)
    b.click("#voter button[value=pour]")
    expect(b.locator("#mon-vote")).to_contain_text("Vous avez voté : Pour")

    # 7. The chair sees the count live and closes the vote: the project goes on to the comité régional.
    expect(presidence.locator("#compte-votes")).to_contain_text("1 vote exprimé sur 2 membres habilités")
    presidence.screenshot(path=dossier / "5-presidence.png", full_page=True)
    presidence.click("#clore-vote")
    expect(presidence.locator(".alert-info")).to_contain_text("proposition adoptée")
    assert Projet.objects.get(pk=projet.pk).statut == Statut.COMITE_REGIONAL
    expect(b.locator("#etat-point")).to_contain_text("Proposition adoptée")  # live, on the phone
    expect(a.locator("#etat-point")).to_contain_text(re.compile(r"1 pour · 0 contre · 0 abst\."))
    b.screenshot(path=dossier / "6-resultat-telephone.png", full_page=True)

    # 8. The chair adjourns; the chair and the secretary approve the procès-verbal.
    presidence.click("#lever")
    expect(presidence.locator("#statut-seance")).to_contain_text("Levée")
    expect(a.locator("#seance-levee")).to_be_visible()
    presidence.click("#proces-verbal button:has-text('Approuver le procès-verbal')")
    expect(presidence.locator("#proces-verbal")).to_contain_text("Présidence : approuvé par")
    secretariat = session(navigateur, live_server, c.secretaire)
    secretariat.goto(f"/seances/{seance.pk}/")
    secretariat.click("#proces-verbal button:has-text('Approuver le procès-verbal')")
    expect(secretariat.locator("#statut-seance")).to_contain_text("Procès-verbal approuvé")
    secretariat.screenshot(path=dossier / "7-pv-approuve.png", full_page=True)
    seance.refresh_from_db()
    assert seance.statut == Reunion.Statut.PV_APPROUVE and seance.pv
    secretariat.click("nav a:has-text('Séances')")
    expect(secretariat.locator("main .list-group")).to_contain_text("Procès-verbal approuvé")
    secretariat.screenshot(path=dossier / "8-liste.png", full_page=True)
    for page in (presidence, a, b, secretariat):
        page.context.close()
    # The ORM calls made above while Playwright's loop ran used a connection of their own: close
    # it, or the test database cannot be dropped at the end of the run.
    connections.close_all()
