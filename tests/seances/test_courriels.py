"""The convocation (docs/seances.md): every member of the comité with an account — not the one who
convenes — receives the agenda, a link to each project's dossier and to the séance."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from creneaux.models import Mandat, Reunion
from noyau.actions import ActionRefusee
from noyau.horloge import figee
from projets import actions as projets
from seances import actions
from seances.models import Point
from tests.factories import ComiteFactory, MandatFactory, PersonneFactory, circuit

pytestmark = pytest.mark.django_db

MAINTENANT = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
DATE = MAINTENANT + datetime.timedelta(days=1, hours=3)


@pytest.fixture
def comite():
    """A comité de créneau: five voting members with accounts, an observer without one, plus a
    member with an inactive account, a former member and a member of another comité."""
    c = circuit()
    comite = c.comite_creneau
    inactif = MandatFactory(comite=comite, personne=PersonneFactory(avec_compte=True)).personne.user
    inactif.is_active = False
    inactif.save()
    ancien = MandatFactory(
        comite=comite,
        personne=PersonneFactory(avec_compte=True),
        debut=timezone.localdate() - datetime.timedelta(days=400),
        fin=timezone.localdate() - datetime.timedelta(days=30),
    )
    autre = MandatFactory(comite=ComiteFactory(), personne=PersonneFactory(avec_compte=True))
    propose = MandatFactory(comite=comite, personne=PersonneFactory(avec_compte=True), confirme_le=None)
    with figee(MAINTENANT - datetime.timedelta(hours=1)):
        projets_ = [projets.soumettre(c.projet(), par=c.coordination).projet for _ in range(2)]
    return {
        "c": c,
        "comite": comite,
        "projets": projets_,
        "inactif": inactif,
        "ancien": ancien.personne.user,
        "autre": autre.personne.user,
        "propose": propose.personne.user,
    }


def _convoquer(k, mode=Reunion.Mode.PRESENCE, **seance):
    c = k["c"]
    with figee(MAINTENANT):
        s = actions.planifier(k["comite"], par=c.secretaire, date=DATE, mode=mode, **seance)
        for p in k["projets"]:
            actions.ajouter_point(s, par=c.secretaire, type=Point.Type.PROJET, projet=p, texte=f"Recommander {p.numero}.")
        actions.ajouter_point(s, par=c.secretaire, type=Point.Type.LIBRE, titre="Calendrier 2027")
        return actions.convoquer(s, par=c.secretaire)


def test_la_convocation_joint_l_ordre_du_jour_et_les_dossiers_a_chaque_membre(
    comite, mailoutbox, django_capture_on_commit_callbacks, client
):
    c = comite["c"]
    with django_capture_on_commit_callbacks(execute=True):
        s = _convoquer(comite, lieu="Hôtel de ville de Drummondville")
    attendus = {
        m.personne.user.email
        for m in Mandat.objects.filter(comite=comite["comite"], personne__user__isnull=False, fin__isnull=True)
        if m.personne.user.is_active and m.confirme_le is not None
    } - {c.secretaire.email}
    assert len(attendus) == 4  # the chair and three members; the observer has no account
    assert sorted(m.to[0] for m in mailoutbox) == sorted(attendus)
    destinataires = {m.to[0] for m in mailoutbox}
    # Nor is a member the coordination proposed and the direction régionale has not confirmed.
    for absent in (c.secretaire, comite["inactif"], comite["ancien"], comite["autre"], comite["propose"]):
        assert absent.email not in destinataires
    courriel = mailoutbox[0]
    assert courriel.subject == f"[ACCORD] Convocation : {s}"
    corps = courriel.body
    assert str(comite["comite"]) in corps and "Hôtel de ville de Drummondville" in corps and "En présence" in corps
    premier, second = comite["projets"]
    # The agenda in order, each project with its dossier's link, then the séance's link.
    assert corps.index(f"1. {premier.numero}") < corps.index(f"2. {second.numero}") < corps.index("3. Calendrier 2027")
    for p in comite["projets"]:
        lien = settings.PORTAIL_URL + reverse("rapports:dossier_projet", args=[p.pk])
        assert lien in corps
        assert f"Recommander {p.numero}." in corps
    assert settings.PORTAIL_URL + reverse("seances:detail", args=[s.pk]) in corps
    assert "{{" not in corps and "{%" not in corps
    # The dossier's link works for a member.
    client.force_login(c.membre)
    reponse = client.get(reverse("rapports:dossier_projet", args=[premier.pk]))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"


def test_la_convocation_a_une_consultation_electronique_en_donne_l_echeance(
    comite, mailoutbox, django_capture_on_commit_callbacks
):
    echeance = DATE + datetime.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        _convoquer(comite, mode=Reunion.Mode.ELECTRONIQUE, echeance=echeance)
    corps = mailoutbox[0].body
    assert "Consultation électronique" in corps
    fin = timezone.localtime(echeance)
    assert f"{fin.day} " in corps and f"{fin:%H:%M}" in corps


def test_une_convocation_refusee_n_envoie_rien(comite, mailoutbox, django_capture_on_commit_callbacks):
    c = comite["c"]
    with figee(MAINTENANT), django_capture_on_commit_callbacks(execute=True):
        s = actions.planifier(comite["comite"], par=c.secretaire, date=DATE, lieu="Québec")
        with pytest.raises(ActionRefusee, match="L'ordre du jour est vide"):
            actions.convoquer(s, par=c.secretaire)
        with pytest.raises(ActionRefusee, match="Seules la présidence et le secrétariat du comité"):
            actions.convoquer(s, par=c.membre)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        s = _convoquer(comite, lieu="Québec")
    n = len(mailoutbox)
    with figee(MAINTENANT), django_capture_on_commit_callbacks(execute=True), pytest.raises(ActionRefusee, match="convoquée"):
        actions.convoquer(s, par=c.secretaire)
    assert len(mailoutbox) == n
