"""A mandate ends by the direction régionale or by the person's resignation, never by the
coordination; an end is never backdated and never pushed back (a mandate that ended is not
reopened: that is a new mandate, confirmed again); a bureau member's mandate does not end while a
séance of the comité is open. Each attack, by the verb, the pages and forged POSTs, changes nothing."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse

from creneaux import actions
from creneaux.models import Mandat, Reunion
from noyau.actions import ActionRefusee
from noyau.horloge import aujourdhui
from tests.factories import MandatFactory, PersonneFactory, ReunionFactory

pytestmark = pytest.mark.django_db
JOUR = datetime.timedelta(days=1)
EN_2099 = datetime.date(2099, 12, 31)


def etat():
    return {
        m._meta.db_table: sorted(map(repr, m.objects.values_list()))
        for m in apps.get_app_config("creneaux").get_models(include_auto_created=True)
    }


@pytest.fixture
def president(comite):
    return MandatFactory(comite=comite, role=Mandat.Role.PRESIDENT, personne=PersonneFactory(avec_compte=True))


@pytest.fixture
def termine(comite, dr_centre):
    """A mandate the direction régionale ended today."""
    m = MandatFactory(comite=comite, personne=PersonneFactory(avec_compte=True))
    return actions.terminer_mandat(m, par=dr_centre, fin=aujourdhui(), motif="Départ de l'entreprise")


def test_la_dr_termine_un_mandat_date_et_motive(comite, president, dr_centre):
    m = actions.terminer_mandat(president, par=dr_centre, fin=aujourdhui() + 30 * JOUR, motif="Fin du terme")
    trace = m.history.first()
    assert (m.fin, m.version, trace.history_user) == (aujourdhui() + 30 * JOUR, 2, dr_centre)
    assert trace.history_change_reason == "Fin du mandat : Fin du terme"


def test_la_coordination_ne_prolonge_pas_un_mandat_termine_par_la_dr(client, termine, coordination, dr_centre):
    avant = etat()
    with pytest.raises(ActionRefusee) as refus:
        actions.terminer_mandat(termine, par=coordination, fin=EN_2099)
    assert "la coordination ne peut pas y mettre fin" in refus.value.message
    client.force_login(coordination)
    url = reverse("creneaux:mandat_terminer", args=[termine.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"fin": "2099-12-31", "version_lue": termine.version}).status_code == 403
    # Not even the Ministère pushes an end back: the person gets a new mandate, confirmed again.
    with pytest.raises(ActionRefusee) as refus:
        actions.terminer_mandat(termine, par=dr_centre, fin=EN_2099)
    assert "une fin consignée ne se repousse pas" in refus.value.message and "fin" in refus.value.erreurs
    assert etat() == avant


def test_un_mandat_fini_ne_se_rouvre_pas_il_se_renouvelle(comite, dr_centre, coordination):
    ancien = MandatFactory(
        comite=comite,
        personne=PersonneFactory(organisation__type="entreprise"),
        debut=aujourdhui() - 400 * JOUR,
        fin=aujourdhui() - 10 * JOUR,
    )
    with pytest.raises(ActionRefusee, match="il ne se prolonge ni ne se rouvre"):
        actions.terminer_mandat(ancien, par=dr_centre, fin=EN_2099)
    nouveau = actions.nommer_membre(
        comite, par=coordination, personne=ancien.personne, role="membre", college="affaires", debut=aujourdhui()
    )
    assert nouveau.pk != ancien.pk and not nouveau.confirme  # waits for the direction régionale again


def test_une_fin_n_est_jamais_antidatee(president, dr_centre, client):
    avant = etat()
    with pytest.raises(ActionRefusee) as refus:
        actions.terminer_mandat(president, par=dr_centre, fin=aujourdhui() - JOUR)
    assert "ne se consigne pas dans le passé" in refus.value.message
    client.force_login(dr_centre)
    reponse = client.post(
        reverse("creneaux:mandat_terminer", args=[president.pk]),
        {"fin": (aujourdhui() - JOUR).isoformat(), "version_lue": president.version},
    )
    assert "ne se consigne pas dans le passé" in str(reponse.context["form"].errors["fin"])
    assert etat() == avant


def test_la_presidence_ne_finit_pas_pendant_une_seance_ouverte(comite, president, dr_centre):
    ouverte = ReunionFactory(comite=comite, statut=Reunion.Statut.OUVERTE)
    avant = etat()
    for fin in (aujourdhui() - JOUR, aujourdhui()):  # backdated, or today
        with pytest.raises(ActionRefusee) as refus:
            actions.terminer_mandat(president, par=dr_centre, fin=fin)
        assert refus.value.message
    with pytest.raises(ActionRefusee) as refus:
        actions.terminer_mandat(president, par=dr_centre, fin=aujourdhui())
    assert "une séance est ouverte" in refus.value.message and "président·e" in refus.value.message
    with pytest.raises(ActionRefusee, match="une séance est ouverte"):
        actions.demissionner(president, par=president.personne.user)
    assert etat() == avant
    # A plain member may leave; once the séance is adjourned, the chair too.
    membre = MandatFactory(comite=comite, personne=PersonneFactory(avec_compte=True))
    actions.demissionner(membre, par=membre.personne.user)
    Reunion.objects.filter(pk=ouverte.pk).update(statut=Reunion.Statut.LEVEE)
    assert actions.terminer_mandat(president, par=dr_centre, fin=aujourdhui()).fin == aujourdhui()


def test_la_personne_demissionne_de_son_compte(
    client, comite, president, coordination, dr_centre, mailoutbox, django_capture_on_commit_callbacks
):
    personne = president.personne.user
    client.force_login(personne)
    page = client.get(comite.get_absolute_url()).content.decode()
    url = reverse("creneaux:mandat_demissionner", args=[president.pk])
    assert url in page
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(url, {"motif": "Nouvelles fonctions", "version_lue": president.version})
    assert reponse.status_code == 302, reponse.context["form"].errors
    president.refresh_from_db()
    assert president.fin == aujourdhui() and president.history.first().history_change_reason == "Démission : Nouvelles fonctions"
    assert {a for m in mailoutbox for a in m.to} >= {coordination.email, dr_centre.email}
    with pytest.raises(ActionRefusee, match="a déjà pris fin"):
        actions.demissionner(president, par=personne)


@pytest.mark.parametrize("qui", ["coordination", "dr_centre", "membre", "sans_role"])
def test_nul_ne_demissionne_pour_une_autre_personne(client, request, president, qui):
    user = request.getfixturevalue(qui)
    avant = etat()
    with pytest.raises(ActionRefusee, match="Seule la personne qui détient ce mandat"):
        actions.demissionner(president, par=user)
    client.force_login(user)
    url = reverse("creneaux:mandat_demissionner", args=[president.pk])
    assert client.post(url, {"motif": "x", "version_lue": president.version}).status_code == 403
    assert etat() == avant


def test_un_formulaire_de_fin_perime_recoit_le_conflit(client, president, dr_centre):
    client.force_login(dr_centre)
    url = reverse("creneaux:mandat_terminer", args=[president.pk])
    lu = client.get(url).context["form"]["version_lue"].value()
    actions.terminer_mandat(president, par=dr_centre, fin=aujourdhui() + 60 * JOUR)
    reponse = client.post(url, {"fin": (aujourdhui() + 10 * JOUR).isoformat(), "version_lue": lu})
    assert "modifié par quelqu'un d'autre" in " ".join(reponse.context["form"].non_field_errors())
    president.refresh_from_db()
    assert president.fin == aujourdhui() + 60 * JOUR
