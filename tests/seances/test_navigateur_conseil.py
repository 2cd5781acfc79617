"""A real board's séance in Chromium: a member receives the convocation with a calendar invitation
that parses, opens the cahier de séance (a bookmark per item) from the home page; the chair
reschedules the séance once (the invitation is updated) and the secretary cancels another one
planned by mistake (the cancellation is sent); after the séance the approved procès-verbal and a
decision letter pass poppler's `pdfsig`; the register finds the résolution by its porteur.
Screenshots in captures/seances-conseil/ (looked at by a person)."""

import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connections
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from creneaux.models import Reunion
from noyau import horloge
from projets import actions as projets
from projets.models import Statut
from seances import actions
from seances.models import Point
from tests.factories import ProjetFactory, ReunionFactory, circuit, seance_prete
from tests.rapports.conftest import verifier_balisage
from tests.seances.test_navigateur import session
from tests.seances.test_report_calendrier import invitations_du
from tests.signature import assert_signe

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def invitation(adresse, methode):
    """The last calendar invitation e-mailed to `adresse` with `methode`, parsed back."""
    for m in reversed(mail.outbox):
        if adresse in m.to:
            for cal, piece in invitations_du(m):
                if piece.get_param("method") == methode:
                    return m, cal
    raise AssertionError(f"aucune invitation {methode} pour {adresse}")


def pdf(page, url):
    """A PDF fetched with the browser's session."""
    reponse = page.request.get(url)
    assert reponse.status == 200 and reponse.headers["content-type"] == "application/pdf", reponse.status
    return reponse.body()


def signets(lecteur):
    titres = []

    def parcourir(noeuds):
        for n in noeuds:
            parcourir(n) if isinstance(n, list) else titres.append(n.title)

    parcourir(lecteur.outline)
    return titres


def test_convocation_calendrier_cahier_report_annulation_documents_signes_et_registre(
    navigateur, live_server, captures, certificat, tmp_path
):
    dossier = captures / "seances-conseil"
    dossier.mkdir(exist_ok=True)
    c = seance_prete(
        statut=Reunion.Statut.PLANIFIEE, nb_projets=0, date=timezone.now() + datetime.timedelta(days=2), lieu="Salle du conseil"
    )
    projet = ProjetFactory(creneau=c.creneau, statut=Statut.COMITE_CRENEAU, titre="Vitrine numérique des fabricants")
    projet.porteur.nom = "Ébénisterie Laurentide"
    projet.porteur.save()
    for user in c.membres:
        user.first_name, user.last_name = user.personne.prenom, user.personne.nom
        user.save(update_fields=["first_name", "last_name"])
    seance = c.seance
    membre = c.votants[0]
    # A second séance planned by mistake, convened with a free item.
    doublon = ReunionFactory(
        comite=c.comite, date=timezone.now() + datetime.timedelta(days=3), lieu="Salle B", statut=Reunion.Statut.PLANIFIEE
    )
    actions.ajouter_point(doublon, par=c.secretaire, type=Point.Type.LIBRE, titre="Varia")
    actions.convoquer(doublon, par=c.secretaire)

    # 1. The chair puts the project on the agenda and convenes: the member's e-mail carries the invitation.
    presidence = session(navigateur, live_server, c.president)
    presidence.goto(f"/seances/{seance.pk}/")
    presidence.click("#ajouter-point button.accordion-button:has-text('Projet')")
    presidence.select_option("#id_projet-projet", str(projet.pk))
    presidence.fill("#id_projet-texte", "Que le comité appuie le projet.")
    presidence.click("#ajouter-projet [type=submit]")
    expect(presidence.locator("#ordre-du-jour")).to_contain_text("Vitrine numérique des fabricants")
    presidence.click("#actions-seance button:has-text('Convoquer les membres')")
    expect(presidence.locator("#statut-seance")).to_contain_text("Convoquée")
    courriel, cal = invitation(membre.email, "REQUEST")
    (ev,) = cal.walk("VEVENT")
    uid = str(ev["UID"])
    assert cal["METHOD"] == "REQUEST" and uid == f"seance-{seance.pk}@127.0.0.1" and ev["SEQUENCE"] == 0
    assert "Salle du conseil" in str(ev["LOCATION"]) and str(ev["ORGANIZER"]) == f"mailto:{c.president.email}"
    assert f"/seances/{seance.pk}/cahier.pdf" in courriel.body

    # 2. The member opens the cahier from the home page: a bookmark per item, tagged, numbered.
    a = session(navigateur, live_server, membre)
    expect(a.locator(f"#cahier-{seance.pk}")).to_be_visible()
    a.screenshot(path=dossier / "1-accueil-cahier.png", full_page=True)
    cahier = pdf(a, f"/seances/{seance.pk}/cahier.pdf")
    lecteur = PdfReader(io.BytesIO(cahier))
    verifier_balisage(lecteur)
    assert any(t.startswith("Point 1 — ") and "Vitrine numérique des fabricants" in t for t in signets(lecteur))
    (tmp_path / "cahier.pdf").write_bytes(cahier)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-l", "3", tmp_path / "cahier.pdf", dossier / "2-cahier"], check=True)

    # 3. The chair reschedules the séance once: the invitation is updated (same UID, SEQUENCE 1).
    presidence.click("#lien-reporter")
    nouvelle = timezone.localtime(timezone.now() + datetime.timedelta(days=4)).replace(hour=9, minute=30, second=0, microsecond=0)
    presidence.fill("#id_report-date", nouvelle.strftime("%Y-%m-%dT%H:%M"))
    presidence.fill("#id_report-motif", "La salle du conseil n'est pas disponible.")
    presidence.screenshot(path=dossier / "3-reporter.png", full_page=True)
    presidence.click("#form-reporter [type=submit]")
    expect(presidence.locator("#changements")).to_contain_text("Reportée du")
    presidence.screenshot(path=dossier / "4-seance-reportee.png", full_page=True)
    _courriel, cal = invitation(membre.email, "REQUEST")
    (ev,) = cal.walk("VEVENT")
    assert str(ev["UID"]) == uid and ev["SEQUENCE"] == 1 and ev.decoded("DTSTART") == nouvelle

    # 4. The secretary cancels the séance planned by mistake: the cancellation is sent.
    secretariat = session(navigateur, live_server, c.secretaire)
    secretariat.goto(f"/seances/{doublon.pk}/reporter/")
    secretariat.fill("#id_annulation-motif", "Séance planifiée en double par erreur.")
    secretariat.click("#form-annuler [type=submit]")
    expect(secretariat.locator("#statut-seance")).to_contain_text("Annulée")
    secretariat.screenshot(path=dossier / "5-seance-annulee.png", full_page=True)
    courriel, cal = invitation(membre.email, "CANCEL")
    (ev,) = cal.walk("VEVENT")
    assert cal["METHOD"] == "CANCEL" and ev["STATUS"] == "CANCELLED" and str(ev["UID"]) == f"seance-{doublon.pk}@127.0.0.1"
    assert "Séance planifiée en double par erreur." in courriel.body

    # 5. The séance is held (its hour comes): check in, vote, close, adjourn.
    Reunion.objects.filter(pk=seance.pk).update(
        date=timezone.now() - datetime.timedelta(minutes=5), convoquee_le=F("convoquee_le") - datetime.timedelta(days=1)
    )
    s = Reunion.objects.get(pk=seance.pk)
    actions.ouvrir(s, par=c.president)
    for user in c.membres[:3]:
        actions.pointer(s, par=user)
    point = s.points.get()
    actions.ouvrir_vote(point, par=c.president)
    for user in c.membres[:3]:
        actions.voter(point, par=user, choix="pour")
    point = actions.clore_vote(point, par=c.president)
    actions.lever(s, par=c.president)

    # 6. The chair and the secretary approve the procès-verbal: signed, pdfsig finds it valid.
    presidence.goto(f"/seances/{seance.pk}/")
    presidence.click("#proces-verbal button:has-text('Approuver le procès-verbal')")
    expect(presidence.locator("#proces-verbal")).to_contain_text("Présidence : approuvé par")
    secretariat.goto(f"/seances/{seance.pk}/")
    secretariat.click("#proces-verbal button:has-text('Approuver le procès-verbal')")
    expect(secretariat.locator("#signature-pv")).to_contain_text("Document signé électroniquement (PAdES)")
    secretariat.screenshot(path=dossier / "6-pv-signe.png", full_page=True)
    assert_signe(pdf(a, f"/seances/{seance.pk}/proces-verbal.pdf"))

    # 7. A decision letter of the Ministère, signed as well.
    cc = circuit()
    accepte = cc.projet(statut=Statut.MINISTERE)
    with horloge.figee(timezone.now() - datetime.timedelta(minutes=1)):
        projets.accepter(accepte, par=cc.central, montant=Decimal("40000"))
    coordination = session(navigateur, live_server, cc.coordination)
    coordination.goto(f"/projets/{accepte.pk}/")
    expect(coordination.locator("#signature-lettre")).to_contain_text("Portail ACCORD (essais)")
    coordination.screenshot(path=dossier / "7-lettre-signee.png", full_page=True)
    assert_signe(pdf(coordination, f"/rapports/projets/{accepte.pk}/lettre-decision.pdf"))

    # 8. The register finds the résolution by its porteur.
    a.goto(f"/seances/comite/{c.comite.pk}/resolutions/")
    a.fill("#id_q", "laurentide")
    a.click("#filtres-registre [type=submit]")
    expect(a.locator("#registre")).to_contain_text(point.numero_resolution)
    expect(a.locator("#registre")).to_contain_text("Ébénisterie Laurentide")
    a.screenshot(path=dossier / "8-registre.png", full_page=True)

    for page in (presidence, a, secretariat, coordination):
        page.context.close()
    connections.close_all()
