"""A séance in its members' calendars (RFC 5545, built with icalendar and read back with it): the
convocation carries the invitation, a rescheduling updates it (same UID, SEQUENCE + 1), a
cancellation withdraws it (METHOD:CANCEL); each person's private feed lists the séances of their
comités until they revoke it. Rescheduling and cancelling are the bureau's, before the séance
opens, with a reason; the cancelled séance's projects wait for another séance; the history keeps
the former date."""

import datetime
import email

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from creneaux.models import Reunion
from noyau.horloge import maintenant
from projets.models import Statut
from seances import actions
from seances.models import ChangementSeance, JetonCalendrier, Point
from tests.factories import ProjetFactory, ReunionFactory, seance_prete
from tests.seances.test_workflow import refuse, relu

pytestmark = pytest.mark.django_db

S = Reunion.Statut


def invitations(adresse=None):
    """The calendars attached to the e-mails sent (to `adresse`), parsed, with their MIME part as
    it goes on the wire."""
    return [i for m in mail.outbox if not adresse or adresse in m.to for i in invitations_du(m)]


def invitations_du(message):
    """[(calendar parsed back, its MIME part)] of one e-mail, read from the bytes sent."""
    return [
        (Calendar.from_ical(piece.get_payload(decode=True)), piece)
        for piece in email.message_from_bytes(message.message().as_bytes()).walk()
        if piece.get_content_type() == "text/calendar"
    ]


def evenement(cal):
    (ev,) = cal.walk("VEVENT")
    return ev


def convoquee(django_capture_on_commit_callbacks, **kw):
    c = seance_prete(statut=S.PLANIFIEE, nb_projets=0, lieu="Salle du conseil, Drummondville", **kw)
    projet = ProjetFactory(creneau=c.creneau, statut=Statut.COMITE_CRENEAU)
    actions.ajouter_point(c.seance, par=c.secretaire, type=Point.Type.PROJET, projet=projet)
    with django_capture_on_commit_callbacks(execute=True):
        actions.convoquer(c.seance, par=c.secretaire)
    c.projets, c.points = [projet], list(c.seance.points.all())
    return c


def test_la_convocation_porte_une_invitation_de_calendrier(django_capture_on_commit_callbacks):
    c = convoquee(django_capture_on_commit_callbacks)
    membre = c.votants[0]
    ((cal, piece),) = invitations(membre.email)
    assert piece.get_param("method") == "REQUEST" and piece.get_filename() == "invitation.ics"
    assert cal["METHOD"] == "REQUEST" and cal["VERSION"] == "2.0"
    ev = evenement(cal)
    s = relu(c.seance)
    assert str(ev["UID"]).startswith(f"seance-{s.pk}@")
    assert ev["SEQUENCE"] == 0
    assert ev.decoded("DTSTART") == s.date.replace(microsecond=0)
    assert "Salle du conseil, Drummondville" in str(ev["LOCATION"])
    assert str(ev["ORGANIZER"]) == f"mailto:{c.secretaire.email}"
    assert ev["ORGANIZER"].params["CN"] == (c.secretaire.get_full_name() or c.secretaire.username)
    assert f"mailto:{membre.email}" in [str(a) for a in ev["ATTENDEE"]]
    assert ev["STATUS"] == "CONFIRMED"
    corps = next(m.body for m in mail.outbox if membre.email in m.to)
    assert reverse("seances:cahier", args=[s.pk]) in corps


def test_un_report_met_a_jour_l_invitation(django_capture_on_commit_callbacks):
    c = convoquee(django_capture_on_commit_callbacks)
    s = relu(c.seance)
    uid = str(evenement(invitations()[0][0])["UID"])
    ancienne = s.date
    nouvelle = (timezone.now() + datetime.timedelta(days=8)).replace(second=0, microsecond=0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        s = actions.reporter(
            s, par=c.president, date=nouvelle, motif="La salle n'est pas disponible.", lien="https://visio.example/conseil"
        )
    assert s.date == nouvelle and s.sequence == 1 and s.statut == S.CONVOQUEE
    membre = c.votants[0]
    ((cal, piece),) = invitations(membre.email)
    ev = evenement(cal)
    assert cal["METHOD"] == "REQUEST" and str(ev["UID"]) == uid and ev["SEQUENCE"] == 1
    assert ev.decoded("DTSTART") == nouvelle
    assert "https://visio.example/conseil" in str(ev["LOCATION"])
    message = next(m for m in mail.outbox if membre.email in m.to)
    assert message.subject.startswith("[ACCORD] Séance reportée : ")
    assert "La salle n'est pas disponible." in message.body
    # The dated record and the history keep the former date.
    changement = ChangementSeance.objects.get(seance=s)
    assert changement.ancienne_date == ancienne and changement.nouvelle_date == nouvelle and changement.par == c.president
    assert ancienne in set(s.history.values_list("date", flat=True))


def test_une_annulation_retire_l_invitation_et_les_projets_attendent_une_autre_seance(django_capture_on_commit_callbacks):
    c = convoquee(django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        s = actions.annuler(c.seance, par=c.secretaire, motif="Séance planifiée en double par erreur.")
    assert s.statut == S.ANNULEE and s.sequence == 1
    membre = c.votants[0]
    ((cal, piece),) = invitations(membre.email)
    assert piece.get_param("method") == "CANCEL" and cal["METHOD"] == "CANCEL"
    ev = evenement(cal)
    assert ev["STATUS"] == "CANCELLED" and ev["SEQUENCE"] == 1
    point = relu(c.points[0])
    assert point.etat == Point.Etat.SANS_DECISION and "Séance planifiée en double par erreur." in point.motif_renvoi
    # The project waits for the comité: it goes on the agenda of another séance.
    autre = actions.planifier(c.comite, par=c.president, date=maintenant() + datetime.timedelta(days=10), lieu="Salle B")
    actions.ajouter_point(autre, par=c.president, type=Point.Type.PROJET, projet=c.projets[0])
    assert autre.points.get().projet == c.projets[0]
    with refuse(c, "Cette séance est annulée."):
        actions.reporter(s, par=c.president, date=maintenant() + datetime.timedelta(days=3), motif="x")
    with refuse(c, "Cette séance est annulée : son ordre du jour ne change plus."):
        actions.ajouter_point(s, par=c.president, type=Point.Type.LIBRE, titre="Varia")


def test_une_seance_planifiee_non_convoquee_s_annule_sans_invitation(django_capture_on_commit_callbacks):
    c = seance_prete(statut=S.PLANIFIEE, nb_projets=0, lieu="Salle A")
    with django_capture_on_commit_callbacks(execute=True):
        actions.annuler(c.seance, par=c.president, motif="Plus de point à traiter.")
    assert invitations() == [] and mail.outbox  # told, without any calendar to withdraw


def test_seul_le_bureau_reporte_ou_annule_avant_l_ouverture_avec_un_motif():
    c = seance_prete(statut=S.CONVOQUEE)
    demain = maintenant() + datetime.timedelta(days=2)
    autre = seance_prete(statut=S.CONVOQUEE)
    for qui in (c.votants[0], c.coordination, autre.president):
        with refuse(c, "Seules la présidence et le secrétariat du comité (confirmés) reportent ou annulent ses séances."):
            actions.reporter(c.seance, par=qui, date=demain, motif="Pourquoi pas.")
        with refuse(c, "Seules la présidence et le secrétariat du comité (confirmés) reportent ou annulent ses séances."):
            actions.annuler(c.seance, par=qui, motif="Pourquoi pas.")
    with refuse(c, "Indiquez le motif."):
        actions.reporter(c.seance, par=c.president, date=demain, motif="  ")
    with refuse(c, "Une séance se reporte à une date à venir."):
        actions.reporter(c.seance, par=c.president, date=maintenant() - datetime.timedelta(days=1), motif="Erreur.")
    ouverte = seance_prete(statut=S.OUVERTE)
    with refuse(ouverte, "Cette séance est ouverte : elle ne se reporte ni ne s'annule plus."):
        actions.annuler(ouverte.seance, par=ouverte.president, motif="Trop tard.")
    with refuse(ouverte, "Cette séance est ouverte : elle ne se reporte ni ne s'annule plus."):
        actions.reporter(ouverte.seance, par=ouverte.secretaire, date=demain, motif="Trop tard.")


def test_reporter_et_annuler_depuis_la_page_et_les_envois_forges_sont_refuses(client, django_capture_on_commit_callbacks):
    c = convoquee(django_capture_on_commit_callbacks)
    s = c.seance
    client.force_login(c.votants[0])
    assert "lien-reporter" not in client.get(reverse("seances:detail", args=[s.pk])).content.decode()
    reponse = client.post(reverse("seances:annuler", args=[s.pk]), {"annulation-motif": "Forgé."})
    assert reponse.status_code == 403 and "reportent ou annulent" in reponse.content.decode()
    assert client.post(reverse("seances:reporter", args=[s.pk]), {"report-motif": "Forgé."}).status_code == 403
    client.force_login(c.president)
    page = client.get(reverse("seances:detail", args=[s.pk])).content.decode()
    assert reverse("seances:reporter", args=[s.pk]) in page
    assert client.get(reverse("seances:reporter", args=[s.pk])).status_code == 200
    # A form without its reason is shown again, the reason asked for next to its field.
    reponse = client.post(reverse("seances:reporter", args=[s.pk]), {"report-date": "2030-01-15T09:30", "report-motif": ""})
    assert reponse.status_code == 200 and "Ce champ est obligatoire." in reponse.content.decode()
    reponse = client.post(
        reverse("seances:reporter", args=[s.pk]), {"report-date": "2030-01-15T09:30", "report-motif": "Conflit d'horaire."}
    )
    assert reponse.status_code == 302
    s = relu(s)
    assert timezone.localtime(s.date).strftime("%Y-%m-%d %H:%M") == "2030-01-15 09:30" and s.sequence == 1
    page = client.get(reverse("seances:detail", args=[s.pk])).content.decode()
    assert "Reportée du" in page and "Conflit d&#x27;horaire." in page
    reponse = client.post(reverse("seances:annuler", args=[s.pk]), {"annulation-motif": "Finalement inutile."})
    assert reponse.status_code == 302 and relu(s).statut == S.ANNULEE
    assert client.post(reverse("seances:annuler", args=[s.pk]), {"annulation-motif": "Encore."}).status_code == 403


def test_le_flux_personnel_liste_les_seances_de_mes_comites_jusqu_a_sa_revocation(client, django_assert_max_num_queries):
    c = seance_prete(statut=S.CONVOQUEE, lieu="Salle du conseil")
    annulee = ReunionFactory(comite=c.comite, statut=S.PLANIFIEE, date=maintenant() + datetime.timedelta(days=3))
    actions.annuler(annulee, par=c.president, motif="Doublon.")
    etrangere = seance_prete(statut=S.CONVOQUEE)
    membre = c.votants[0]
    client.force_login(membre)
    assert "Créer mon adresse de calendrier" in client.get(reverse("seances:calendrier")).content.decode()
    client.post(reverse("seances:renouveler_calendrier"))
    jeton = JetonCalendrier.objects.get(user=membre).jeton
    page = client.get(reverse("seances:calendrier")).content.decode()
    assert f"/seances/calendrier/{jeton}.ics" in page
    client.logout()  # the feed is read by a calendar, without a session
    with django_assert_max_num_queries(6):
        reponse = client.get(reverse("seances:flux_calendrier", args=[jeton]))
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(reponse.content)
    assert "METHOD" not in cal
    evenements = {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}
    assert set(evenements) == {f"seance-{c.seance.pk}@127.0.0.1", f"seance-{annulee.pk}@127.0.0.1"}
    assert evenements[f"seance-{annulee.pk}@127.0.0.1"]["STATUS"] == "CANCELLED"
    assert f"seance-{etrangere.seance.pk}@127.0.0.1" not in evenements
    # Renewed: the former address stops working; revoked: no address works.
    client.force_login(membre)
    client.post(reverse("seances:renouveler_calendrier"))
    nouveau = JetonCalendrier.objects.get(user=membre).jeton
    assert nouveau != jeton
    assert client.get(reverse("seances:flux_calendrier", args=[jeton])).status_code == 404
    assert client.get(reverse("seances:flux_calendrier", args=[nouveau])).status_code == 200
    client.post(reverse("seances:revoquer_calendrier"))
    assert client.get(reverse("seances:flux_calendrier", args=[nouveau])).status_code == 404
    assert client.get(reverse("seances:revoquer_calendrier")).status_code == 405
