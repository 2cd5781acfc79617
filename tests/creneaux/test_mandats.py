"""Separation of duties on a comité's membership (docs/seances.md): a coordination proposes, the
direction régionale confirms; no backdated mandate but the Ministère's, with a reason; a créneau's
coordination only observes its own comités."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from comptes.models import Preferences
from creneaux import actions
from creneaux.a_traiter import taches_mandats
from creneaux.models import Creneau, Mandat, Personne
from creneaux.roles import roles_de
from noyau.actions import ActionRefusee
from noyau.horloge import aujourdhui
from noyau.permissions import verifier
from portail.a_traiter import taches_de
from tests.factories import (
    ComiteFactory,
    CreneauFactory,
    MandatFactory,
    OrganisationFactory,
    PersonneFactory,
    ReunionFactory,
    region,
)

User = get_user_model()
HIER = datetime.timedelta(days=1)


def etat():
    """Every row of the créneaux' tables (history included)."""
    return {
        m._meta.db_table: sorted(map(repr, m.objects.values_list()))
        for m in apps.get_app_config("creneaux").get_models(include_auto_created=True)
    }


def frais(user):
    """The same user as a new request sees it (roles are cached per user object)."""
    return User.objects.get(pk=user.pk)


def chef_d_entreprise():
    return PersonneFactory(avec_compte=True, organisation=OrganisationFactory(type="entreprise"))


@pytest.fixture
def anonyme():
    return AnonymousUser()


@pytest.fixture
def candidate():
    return chef_d_entreprise()


@pytest.fixture
def proposee(comite, coordination, candidate):
    """The coordination proposes a président·e for its comité de créneau."""
    return actions.nommer_membre(
        comite, par=coordination, personne=candidate, role="president", college="affaires", debut=aujourdhui()
    )


# --- Proposed, then confirmed ---------------------------------------------------------------------


def test_la_presidence_proposee_par_la_coordination_prend_effet_une_fois_confirmee_par_la_dr(
    comite, proposee, candidate, dr_centre, mailoutbox, django_capture_on_commit_callbacks
):
    seance = ReunionFactory(comite=comite)
    assert not proposee.confirme and proposee.confirme_par is None
    assert "à confirmer" in proposee.history.get().history_change_reason
    assert comite.pk not in roles_de(frais(candidate.user)).presidences
    refus = verifier("seances.presider", frais(candidate.user), seance)
    assert not refus.ok and "confirmée" in str(refus.raison)

    with django_capture_on_commit_callbacks(execute=True):
        actions.confirmer_mandat(proposee, par=dr_centre)

    proposee.refresh_from_db()
    assert proposee.confirme and proposee.confirme_par == dr_centre
    assert proposee.history.first().history_user == dr_centre
    assert "confirmé" in proposee.history.first().history_change_reason
    assert comite.pk in roles_de(frais(candidate.user)).presidences
    assert verifier("seances.presider", frais(candidate.user), seance).ok
    assert [m.to for m in mailoutbox] == [[candidate.user.email]]
    assert comite.nom in mailoutbox[0].subject and "Président·e" in mailoutbox[0].body


def test_un_mandat_deja_confirme_ou_termine_ne_se_confirme_pas(comite, proposee, dr_centre, coordination):
    actions.confirmer_mandat(proposee, par=dr_centre)
    avant = etat()
    with pytest.raises(ActionRefusee, match="déjà confirmé"):
        actions.confirmer_mandat(proposee, par=dr_centre)
    ancien = MandatFactory(
        comite=comite, role="membre", confirme_le=None, debut=aujourdhui() - 10 * HIER, fin=aujourdhui() - HIER
    )
    avant = etat()
    with pytest.raises(ActionRefusee, match="pris fin"):
        actions.confirmer_mandat(ancien, par=dr_centre)
    assert etat() == avant


@pytest.mark.parametrize("qui", ["dr_autre", "coordination", "coordination_autre", "membre", "sans_role", "anonyme"])
def test_seule_la_dr_de_la_region_ou_le_central_confirme(request, proposee, qui):
    par = request.getfixturevalue(qui)
    refus = "Connectez-vous" if qui == "anonyme" else "Seule la direction régionale du Ministère confirme les mandats"
    avant = etat()
    with pytest.raises(ActionRefusee, match=refus):
        actions.confirmer_mandat(proposee, par=par)
    with pytest.raises(ActionRefusee, match=refus):
        actions.refuser_mandat(proposee, par=par, motif="Pas de quorum de gens d'affaires")
    assert etat() == avant


def test_le_bureau_central_confirme_aussi(proposee, central):
    assert actions.confirmer_mandat(proposee, par=central).confirme


def test_nul_ne_confirme_son_propre_mandat(comite, coordination):
    dr = PersonneFactory(avec_compte=True, organisation=OrganisationFactory(type="ministere"))
    from tests.factories import AffectationMinistereFactory

    AffectationMinistereFactory(user=dr.user, region=region("17"))
    mandat = MandatFactory(comite=comite, personne=dr, role="secretaire", college="intervenant", confirme_le=None)
    avant = etat()
    with pytest.raises(ActionRefusee, match="personne qui le reçoit"):
        actions.confirmer_mandat(mandat, par=dr.user)
    assert etat() == avant


def test_la_dr_confirme_depuis_la_page_du_comite_et_les_autres_recoivent_403(
    client, comite, proposee, dr_centre, dr_autre, coordination, membre
):
    url = reverse("creneaux:mandat_confirmer", args=[proposee.pk])
    page = client.get(comite.get_absolute_url()).content.decode()
    assert "en attente de confirmation par la direction régionale" in page and url not in page
    avant = etat()
    for qui in (dr_autre, coordination, membre):
        client.force_login(qui)
        assert url not in client.get(comite.get_absolute_url()).content.decode()
        assert client.post(url).status_code == 403
    client.logout()
    assert client.post(url).status_code == 302 and etat() == avant  # anonymous: to the login page
    assert not Mandat.objects.get(pk=proposee.pk).confirme

    client.force_login(dr_centre)
    page = client.get(comite.get_absolute_url()).content.decode()
    assert f'id="mandat-{proposee.pk}"' in page and url in page
    reponse = client.post(url)
    assert reponse.status_code == 302 and reponse.url == comite.get_absolute_url()
    assert Mandat.objects.get(pk=proposee.pk).confirme
    assert "en attente de confirmation" not in client.get(comite.get_absolute_url()).content.decode()


def test_la_dr_refuse_une_proposition_avec_un_motif_et_la_coordination_le_sait(
    client, comite, proposee, dr_centre, coordination, mailoutbox, django_capture_on_commit_callbacks
):
    avant = etat()
    with pytest.raises(ActionRefusee) as refus:
        actions.refuser_mandat(proposee, par=dr_centre, motif=" ")
    assert "motif" in refus.value.erreurs and etat() == avant
    client.force_login(dr_centre)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("creneaux:mandat_refuser", args=[proposee.pk]), {"motif": "Déjà présidente ailleurs"})
    assert reponse.status_code == 302
    assert not Mandat.objects.filter(pk=proposee.pk).exists()
    trace = Mandat.history.filter(id=proposee.pk).first()
    assert trace.history_type == "-" and trace.history_user == dr_centre
    assert "Déjà présidente ailleurs" in trace.history_change_reason
    assert [m.to for m in mailoutbox] == [[coordination.email]] and "Déjà présidente ailleurs" in mailoutbox[0].body


# --- Who records what ---------------------------------------------------------------------------


def test_le_ministere_nomme_un_mandat_confirme_d_emblee(comite, dr_centre, comite_regional, central):
    mandat = actions.nommer_membre(
        comite, par=dr_centre, personne=chef_d_entreprise(), role="president", college="affaires", debut=aujourdhui()
    )
    assert mandat.confirme and mandat.confirme_par == dr_centre
    mandat = actions.nommer_membre(
        comite_regional, par=central, personne=chef_d_entreprise(), role="membre", college="affaires", debut=aujourdhui()
    )
    assert mandat.confirme and mandat.confirme_par == central


def test_un_observateur_propose_par_la_coordination_n_attend_pas_de_confirmation(comite, coordination):
    mandat = actions.nommer_membre(
        comite, par=coordination, personne=chef_d_entreprise(), role="observateur", college="affaires", debut=aujourdhui()
    )
    assert mandat.confirme
    membre = actions.nommer_membre(
        comite, par=coordination, personne=chef_d_entreprise(), role="membre", college="affaires", debut=aujourdhui()
    )
    assert not membre.confirme and not membre.votant


# --- No backdated mandate -----------------------------------------------------------------------


def test_la_coordination_ne_consigne_pas_un_mandat_commence_avant_aujourd_hui(comite, coordination):
    personne = chef_d_entreprise()
    avant = etat()
    for motif in ("", "Élu à l'assemblée du mois dernier"):
        with pytest.raises(ActionRefusee) as refus:
            actions.nommer_membre(
                comite, par=coordination, personne=personne, role="membre", college="affaires",
                debut=aujourdhui() - HIER, motif=motif,
            )  # fmt: skip
        assert "debut" in refus.value.erreurs
    assert etat() == avant
    futur = actions.nommer_membre(
        comite, par=coordination, personne=personne, role="membre", college="affaires",
        debut=aujourdhui() + 30 * HIER,
    )  # fmt: skip
    assert futur.debut > aujourdhui()


def test_le_ministere_consigne_un_debut_anterieur_seulement_avec_un_motif(comite, dr_centre):
    personne = chef_d_entreprise()
    avant = etat()
    with pytest.raises(ActionRefusee) as refus:
        actions.nommer_membre(
            comite, par=dr_centre, personne=personne, role="membre", college="affaires", debut=datetime.date(2024, 9, 1)
        )
    assert "motif" in refus.value.erreurs and etat() == avant
    mandat = actions.nommer_membre(
        comite, par=dr_centre, personne=personne, role="membre", college="affaires", debut=datetime.date(2024, 9, 1),
        motif="Élu à l'assemblée annuelle de septembre 2024, oublié au registre",
    )  # fmt: skip
    ligne = mandat.history.get()
    assert ligne.history_user == dr_centre and "oublié au registre" in ligne.history_change_reason


def test_le_formulaire_montre_le_motif_au_ministere_seulement(client, comite, coordination, dr_centre):
    url = reverse("creneaux:mandat_ajouter", args=[comite.pk])
    client.force_login(coordination)
    assert 'name="motif"' not in client.get(url).content.decode()
    personne = chef_d_entreprise()
    donnees = {"personne": personne.pk, "role": "membre", "college": "affaires", "debut": "2024-09-01"}
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200 and "consigné" in reponse.context["form"].errors["debut"][0]
    assert not Mandat.objects.filter(personne=personne).exists()

    client.force_login(dr_centre)
    assert 'name="motif"' in client.get(url).content.decode()
    reponse = client.post(url, {**donnees, "motif": "Régularisation du registre"})
    assert reponse.status_code == 302
    mandat = Mandat.objects.get(personne=personne)
    assert mandat.debut == datetime.date(2024, 9, 1) and mandat.confirme


def test_la_coordination_qui_propose_par_le_formulaire_voit_que_le_mandat_attend(client, comite, coordination):
    client.force_login(coordination)
    personne = chef_d_entreprise()
    reponse = client.post(
        reverse("creneaux:mandat_ajouter", args=[comite.pk]),
        {"personne": personne.pk, "role": "secretaire", "college": "affaires", "debut": aujourdhui().isoformat()},
        follow=True,
    )
    assert "confirmé par la direction régionale" in reponse.content.decode()
    assert not Mandat.objects.get(personne=personne).confirme


# --- The coordination observes its own comités --------------------------------------------------


def test_la_coordination_ne_preside_pas_son_comite_mais_peut_l_observer(comite, executif, coordination, dr_centre):
    elle = Personne.objects.get(user=coordination)
    avant = etat()
    for role in ("president", "secretaire", "membre"):
        for comite_du_creneau in (comite, executif):
            with pytest.raises(ActionRefusee) as refus:
                actions.nommer_membre(
                    comite_du_creneau, par=coordination, personne=elle, role=role, college="intervenant", debut=aujourdhui()
                )
            assert "observatrice" in refus.value.erreurs["role"][0]
    with pytest.raises(ActionRefusee) as refus:  # not even when the Ministère records it
        actions.nommer_membre(comite, par=dr_centre, personne=elle, role="president", college="intervenant", debut=aujourdhui())
    assert "role" in refus.value.erreurs
    assert etat() == avant
    mandat = actions.nommer_membre(
        comite, par=coordination, personne=elle, role="observateur", college="intervenant", debut=aujourdhui()
    )
    assert mandat.confirme and comite.pk in roles_de(frais(coordination)).comites


def test_la_coordination_d_un_autre_creneau_peut_sieger(comite, coordination_autre, dr_centre):
    autre = Personne.objects.get(user=coordination_autre)
    autre.organisation = OrganisationFactory(type="association")
    autre.save()
    mandat = actions.nommer_membre(
        comite, par=dr_centre, personne=autre, role="membre", college="intervenant", debut=aujourdhui()
    )
    assert mandat.votant


# --- « À traiter » of the direction régionale -----------------------------------------------------


def test_a_traiter_de_la_dr_liste_les_mandats_proposes_de_sa_region_seulement(
    proposee, dr_centre, dr_autre, coordination, central, autre_creneau, coordination_autre
):
    ailleurs = actions.nommer_membre(
        ComiteFactory(creneau=autre_creneau), par=coordination_autre, personne=chef_d_entreprise(), role="membre",
        college="affaires", debut=aujourdhui(),
    )  # fmt: skip
    taches = taches_mandats(dr_centre)
    assert [t.url for t in taches] == [f"{proposee.comite.get_absolute_url()}#mandat-{proposee.pk}"]
    assert str(proposee.personne) in taches[0].titre and "Confirmer" in taches[0].quoi
    assert taches[0] in taches_de(dr_centre)  # on the home page
    assert [t.url for t in taches_mandats(dr_autre)] == [f"{ailleurs.comite.get_absolute_url()}#mandat-{ailleurs.pk}"]
    assert taches_mandats(coordination) == taches_mandats(central) == taches_mandats(AnonymousUser()) == []
    actions.confirmer_mandat(proposee, par=dr_centre)
    assert taches_mandats(dr_centre) == []


def test_a_traiter_de_la_dr_inclut_le_comite_regional_et_pas_les_creneaux_termines(dr_centre, comite_regional):
    MandatFactory(comite=comite_regional, role="membre", confirme_le=None)
    retire = CreneauFactory(region_porteuse=region("17"), statut=Creneau.Statut.RETIRE, date_fin=datetime.date(2020, 1, 1))
    MandatFactory(comite=ComiteFactory(creneau=retire), role="membre", confirme_le=None)
    MandatFactory(comite=comite_regional, role="observateur", confirme_le=None)
    assert [t.url.split("#")[0] for t in taches_mandats(dr_centre)] == [comite_regional.get_absolute_url()]


def test_a_traiter_de_la_dr_en_un_nombre_fixe_de_requetes(dr_centre, django_assert_max_num_queries):
    def compter():
        user = frais(dr_centre)
        with django_assert_max_num_queries(4) as requetes:  # the roles (3), the mandates (1)
            taches = taches_mandats(user)
        return len(taches), len(requetes)

    creneau = CreneauFactory(region_porteuse=region("17"))
    MandatFactory(comite=ComiteFactory(creneau=creneau), confirme_le=None)
    un = compter()
    for _i in range(5):
        MandatFactory(comite=ComiteFactory(creneau=CreneauFactory(region_porteuse=region("17"))), confirme_le=None)
    six = compter()
    assert (un[0], six[0]) == (1, 6) and un[1] == six[1]


def test_la_page_du_comite_en_un_nombre_fixe_de_requetes(client, comite, dr_centre, django_assert_max_num_queries):
    def compter():
        client.force_login(dr_centre)
        with django_assert_max_num_queries(40) as requetes:
            assert client.get(comite.get_absolute_url()).status_code == 200
        return len(requetes)

    MandatFactory(comite=comite, confirme_le=None)
    un = compter()
    for _i in range(5):
        MandatFactory(comite=comite, confirme_le=None, personne=PersonneFactory(avec_compte=True))
    assert compter() == un


def test_la_personne_anglophone_lit_la_confirmation_de_son_mandat_en_anglais(
    comite, proposee, candidate, dr_centre, mailoutbox, django_capture_on_commit_callbacks
):
    Preferences.objects.create(user=candidate.user, langue="en")
    with django_capture_on_commit_callbacks(execute=True):
        actions.confirmer_mandat(proposee, par=dr_centre)
    assert mailoutbox[0].subject == f"[ACCORD] Your mandate on the {comite.nom} is confirmed"
