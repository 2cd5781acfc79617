"""Calendar invitations of the séances (RFC 5545 / 5546), built with the icalendar library.

- The convocation, a rescheduling and a cancellation e-mail each carry the séance's invitation:
  `METHOD:REQUEST` (or `METHOD:CANCEL`), a `UID` that stays the séance's for good, a `SEQUENCE`
  raised at each change (Reunion.sequence), the place or the video link, the organiser (who
  convened it).
- Each person has a personal feed (a private address holding a secret token, renewed or revoked
  by its owner) listing every séance of their comités, cancelled ones marked CANCELLED.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from creneaux.models import Mandat, Reunion
from creneaux.roles import roles_de
from noyau.horloge import maintenant

# A séance in the room lasts this long in the calendar (a consultation: until its deadline).
DUREE = datetime.timedelta(hours=2)
PRODID = "-//Portail ACCORD//Seances des comites//FR"
TYPE_MIME = "text/calendar"


def uid(seance):
    """The séance's UID, the same for every version of its invitation."""
    domaine = urlsplit(settings.PORTAIL_URL).hostname or "accord"
    return f"seance-{seance.pk}@{domaine}"


def _adresse(user):
    return f"mailto:{user.email}"


def _organisateur(seance):
    user = seance.convoquee_par
    if user is not None and user.email:
        adresse = vCalAddress(_adresse(user))
        adresse.params["cn"] = vText(user.get_full_name() or user.username)
    else:
        nom, _sep, courriel = settings.DEFAULT_FROM_EMAIL.rpartition("<")
        adresse = vCalAddress(f"mailto:{courriel.rstrip('>') or settings.DEFAULT_FROM_EMAIL}")
        adresse.params["cn"] = vText(nom.strip() or "Portail ACCORD")
    return adresse


def evenement(seance, *, participants=(), annulee=None):
    """The VEVENT of `seance` (cancelled if `annulee`, else by its state)."""
    s = seance
    annulee = s.statut == Reunion.Statut.ANNULEE if annulee is None else annulee
    lien_portail = settings.PORTAIL_URL.rstrip("/") + s.get_absolute_url()
    ev = Event()
    ev.add("uid", uid(s))
    ev.add("sequence", s.sequence)
    ev.add("dtstamp", maintenant())
    ev.add("dtstart", s.date)
    ev.add("dtend", s.echeance if s.electronique and s.echeance else s.date + DUREE)
    titre = (_("Consultation électronique – %(comite)s") if s.electronique else _("Séance – %(comite)s")) % {
        "comite": s.comite.nom
    }
    ev.add("summary", titre)
    if s.lieu:
        ev.add("location", s.lieu + (f" / {s.lien}" if s.lien else ""))
    elif s.lien:
        ev.add("location", s.lien)
    ev.add("url", s.lien or lien_portail)
    description = [_("Ordre du jour, présences et votes : %(url)s") % {"url": lien_portail}]
    if s.lien:
        description.append(_("Visioconférence : %(lien)s") % {"lien": s.lien})
    ev.add("description", "\n".join(description))
    ev["organizer"] = _organisateur(s)
    for user in participants:
        if user.email:
            participant = vCalAddress(_adresse(user))
            participant.params["cn"] = vText(user.get_full_name() or user.username)
            participant.params["role"] = vText("REQ-PARTICIPANT")
            participant.params["partstat"] = vText("NEEDS-ACTION")
            participant.params["rsvp"] = vText("FALSE")
            ev.add("attendee", participant, encode=0)
    ev.add("status", "CANCELLED" if annulee else "CONFIRMED")
    ev.add("transp", "OPAQUE")
    return ev


def _calendrier(methode=None):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if methode:
        cal.add("method", methode)
    return cal


def invitation(seance, *, participants=(), methode="REQUEST") -> bytes:
    """The invitation sent by e-mail: METHOD:REQUEST (convocation, rescheduling) or CANCEL."""
    cal = _calendrier(methode)
    cal.add_component(evenement(seance, participants=participants, annulee=methode == "CANCEL"))
    return cal.to_ical()


def piece_jointe(seance, *, participants=(), methode="REQUEST"):
    """(file name, content, MIME type with its method) of the invitation attached to an e-mail."""
    contenu = invitation(seance, participants=participants, methode=methode).decode()
    return ("invitation.ics", contenu, f"{TYPE_MIME}; method={methode}")


def seances_du_flux(user):
    """Every séance of the comités `user` sits on (or sat on), latest first: one query."""
    roles = roles_de(user)
    comites = set(roles.comites) | set(Mandat.objects.filter(personne__user=user).values_list("comite_id", flat=True))
    return Reunion.objects.filter(comite_id__in=comites).select_related("comite", "convoquee_par").order_by("-date")


def flux(user) -> bytes:
    """The personal feed of `user` (no METHOD: a published calendar, read by subscription)."""
    cal = _calendrier()
    cal.add("x-wr-calname", _("Séances ACCORD – %(nom)s") % {"nom": user.get_full_name() or user.username})
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for s in seances_du_flux(user):
        cal.add_component(evenement(s))
    return cal.to_ical()


def adresse_du_flux(jeton):
    return settings.PORTAIL_URL.rstrip("/") + reverse("seances:flux_calendrier", args=[jeton.jeton])
