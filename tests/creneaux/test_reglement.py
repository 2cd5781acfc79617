"""The règlement of a comité (quorum, consultations, delegation, business majority) is data,
dated, set by the Ministère; the coordination or the comité's bureau only proposes a change, which
the direction régionale confirms or refuses. A change applies to the séances convened after it.
Each attack of the coordination (quorum of 1, 0 or 99; an interrégional comité for a créneau that is
not interregional) is refused, through the pages and by forged POSTs, and changes nothing."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from creneaux import actions
from creneaux.a_traiter import taches_reglements
from creneaux.models import Comite, Mandat, Reglement, Reunion
from noyau.actions import ActionRefusee
from noyau.permissions import verifier
from seances import actions as seances
from tests.factories import (
    ComiteFactory,
    CreneauFactory,
    MandatFactory,
    PersonneFactory,
    ReunionFactory,
    membre_avec_compte,
    region,
    reglement_de,
    seance_prete,
)

pytestmark = pytest.mark.django_db


def etat():
    """Every row of the créneaux' tables (history and many-to-many tables included)."""
    return {
        m._meta.db_table: sorted(map(repr, m.objects.values_list()))
        for m in apps.get_app_config("creneaux").get_models(include_auto_created=True)
    }


@pytest.fixture
def anonyme():
    return AnonymousUser()


@pytest.fixture
def huit(comite):
    """The comité de créneau of Meuble with 8 confirmed voting members and its rule: quorum 5."""
    for _ in range(8):
        MandatFactory(comite=comite)
    reglement_de(comite, quorum=5)
    return comite


@pytest.fixture
def proposition(huit, coordination):
    return actions.proposer_reglement(huit, par=coordination, quorum=6, motif="Assemblée du 3 mars")


def regles(**changements):
    """What the règlement form posts."""
    return {"consultation_electronique": "majorite", "motif": "Révision annuelle"} | changements


# --- Who may ----------------------------------------------------------------------------------

CAS = [
    ("creneaux.modifier_reglement", "comite", "dr_centre", True, ""),
    ("creneaux.modifier_reglement", "comite", "central", True, ""),
    ("creneaux.modifier_reglement", "comite", "coordination", False, "peut seulement en proposer une modification"),
    ("creneaux.modifier_reglement", "comite", "secretaire", False, "fixé par le Ministère"),
    ("creneaux.modifier_reglement", "comite", "dr_autre", False, "fixé par le Ministère"),
    ("creneaux.modifier_reglement", "comite", "anonyme", False, "Connectez-vous"),
    ("creneaux.modifier_reglement", "comite_regional", "dr_centre", True, ""),
    ("creneaux.modifier_reglement", "comite_regional", "president_regional", False, "fixé par le Ministère"),
    ("creneaux.proposer_reglement", "comite", "coordination", True, ""),
    ("creneaux.proposer_reglement", "comite", "secretaire", True, ""),
    ("creneaux.proposer_reglement", "comite", "membre", False, "Seuls la coordination du créneau et le bureau"),
    ("creneaux.proposer_reglement", "comite", "coordination_autre", False, "Seuls la coordination du créneau et le bureau"),
    ("creneaux.proposer_reglement", "comite", "anonyme", False, "Connectez-vous"),
    ("creneaux.changer_reglement", "comite", "coordination", True, ""),
    ("creneaux.changer_reglement", "comite", "dr_centre", True, ""),
    ("creneaux.changer_reglement", "comite", "membre", False, "Seuls la coordination"),
    ("creneaux.terminer_mandat", "mandat", "dr_centre", True, ""),
    ("creneaux.terminer_mandat", "mandat", "central", True, ""),
    ("creneaux.terminer_mandat", "mandat", "coordination", False, "la coordination ne peut pas y mettre fin"),
    ("creneaux.terminer_mandat", "mandat", "dr_autre", False, "relève de la direction régionale"),
    ("creneaux.terminer_mandat", "mandat", "anonyme", False, "Connectez-vous"),
]


@pytest.fixture
def mandat(comite):
    return MandatFactory(comite=comite)


@pytest.mark.parametrize(("regle", "objet", "qui", "ok", "raison"), CAS, ids=[f"{r}-{o}-{q}" for r, o, q, _o, _r in CAS])
def test_qui_fixe_propose_ou_termine(request, regle, objet, qui, ok, raison):
    verdict = verifier(regle, request.getfixturevalue(qui), request.getfixturevalue(objet))
    assert verdict.ok is ok
    assert raison in str(verdict.raison)


@pytest.mark.parametrize(
    ("qui", "ok", "raison"),
    [
        ("dr_centre", True, ""),
        ("central", True, ""),
        ("coordination", False, "Seule la direction régionale du Ministère confirme"),
        ("secretaire", False, "Seule la direction régionale du Ministère confirme"),
        ("dr_autre", False, "Seule la direction régionale du Ministère confirme"),
        ("anonyme", False, "Connectez-vous"),
    ],
)
def test_seul_le_ministere_confirme_une_proposition(request, proposition, qui, ok, raison):
    verdict = verifier("creneaux.confirmer_reglement", request.getfixturevalue(qui), proposition)
    assert verdict.ok is ok and raison in str(verdict.raison)


@pytest.mark.parametrize(
    ("type_", "qui", "ok"),
    [
        ("executif", "dr_centre", True),
        ("creneau", "central", True),
        ("executif", "coordination", False),
        ("interregional", "coordination", False),
        ("executif", "dr_autre", False),
        ("travail", "coordination", True),
        ("travail", "coordination_autre", False),
    ],
)
def test_seul_le_ministere_cree_un_comite_qui_decide(request, creneau, type_, qui, ok):
    verdict = verifier("creneaux.creer_comite", request.getfixturevalue(qui), Comite(creneau=creneau, type=type_))
    assert verdict.ok is ok
    if not ok:
        assert verdict.raison


# --- The Ministère sets it, within bounds -----------------------------------------------------


def test_la_dr_fixe_le_quorum_date_signe_et_motive(huit, dr_centre):
    r = actions.modifier_reglement(huit, par=dr_centre, quorum=6, motif="Le comité s'est agrandi")
    assert (r.etat, r.auteur, r.motif, r.quorum) == (Reglement.Etat.CONFIRME, dr_centre, "Le comité s'est agrandi", 6)
    assert r.en_vigueur_le is not None and Comite.objects.get(pk=huit.pk).quorum == 6
    assert Comite.objects.get(pk=huit.pk).version == 2  # a form read before is stale
    assert huit.reglements.count() == 2  # the old version stays, append-only


@pytest.mark.parametrize(
    ("quorum", "message"),
    [
        (0, "Le quorum ne peut pas être nul"),
        (99, "Un quorum de 99 dépasse les 8 membre(s) votant(s) du comité"),
        (1, "Un quorum de 1 est inférieur à la majorité des 8 membres votants (5)"),
    ],
)
def test_un_quorum_hors_bornes_est_refuse_meme_au_ministere(huit, dr_centre, quorum, message):
    avant = etat()
    with pytest.raises(ActionRefusee) as refus:
        actions.modifier_reglement(huit, par=dr_centre, quorum=quorum, motif="Essai")
    assert message in refus.value.message and "quorum" in refus.value.erreurs
    assert etat() == avant


def test_un_quorum_reduit_se_permet_expressement_avec_sa_raison(huit, dr_centre):
    with pytest.raises(ActionRefusee) as refus:
        actions.modifier_reglement(huit, par=dr_centre, quorum=3, quorum_reduit=True, motif="Été")
    assert "motif_quorum_reduit" in refus.value.erreurs
    r = actions.modifier_reglement(
        huit, par=dr_centre, quorum=3, quorum_reduit=True, motif_quorum_reduit="Règlement de 2019, art. 12", motif="Été"
    )
    assert r.quorum == 3 and r.quorum_reduit


def test_la_delegation_ne_va_qu_a_un_executif(huit, executif, dr_centre):
    with pytest.raises(ActionRefusee, match="Seul un comité exécutif"):
        actions.modifier_reglement(huit, par=dr_centre, delegation_resolutions=True, motif="x")
    assert not executif.delegation_resolutions
    actions.modifier_reglement(executif, par=dr_centre, delegation_resolutions=True, motif="Résolution 2026-04")
    assert Comite.objects.get(pk=executif.pk).adopte_resolutions


# --- The attacks of the coordination ----------------------------------------------------------


@pytest.mark.parametrize("quorum", [1, 0, 99])
def test_la_coordination_ne_fixe_pas_le_quorum_par_le_verbe(huit, coordination, quorum):
    avant = etat()
    with pytest.raises(ActionRefusee) as refus:
        actions.modifier_reglement(huit, par=coordination, quorum=quorum, motif="Plus simple")
    assert "peut seulement en proposer une modification" in refus.value.message
    assert etat() == avant


@pytest.mark.parametrize("quorum", ["1", "0", "99"])
def test_la_coordination_ne_fixe_pas_le_quorum_par_les_pages(client, huit, coordination, quorum):
    client.force_login(coordination)
    avant = etat()
    # The comité's form no longer has a quorum: a forged one is ignored.
    modifier = reverse("creneaux:comite_modifier", args=[huit.pk])
    assert "quorum" not in client.get(modifier).context["form"].fields
    assert client.post(modifier, {"type": "creneau", "nom": huit.nom, "quorum": quorum, "version_lue": 1}).status_code == 302
    assert Comite.objects.get(pk=huit.pk).quorum == 5
    # The règlement page only proposes, within the same bounds.
    page = client.get(reverse("creneaux:reglement", args=[huit.pk]))
    assert "Proposer une modification du règlement" in page.content.decode()
    reponse = client.post(reverse("creneaux:reglement", args=[huit.pk]), regles(quorum=quorum, version_lue=1))
    assert reponse.status_code == 200 and reponse.context["form"].errors["quorum"]
    assert Comite.objects.get(pk=huit.pk).quorum == 5
    assert etat() == avant


def test_une_proposition_de_la_coordination_attend_la_dr_puis_s_applique(client, huit, coordination, dr_centre):
    client.force_login(coordination)
    reponse = client.post(reverse("creneaux:reglement", args=[huit.pk]), regles(quorum="6", version_lue=huit.version))
    assert reponse.status_code == 302
    proposition = huit.reglements.get(etat="propose")
    assert proposition.auteur == coordination and Comite.objects.get(pk=huit.pk).quorum == 5
    # The coordination cannot confirm its own proposal, even by a forged POST.
    decision = reverse("creneaux:reglement_decision", args=[proposition.pk])
    assert client.post(decision, {"decision": "confirmer"}).status_code == 403
    assert Comite.objects.get(pk=huit.pk).quorum == 5
    # The direction régionale sees it in « À traiter » and on the comité's page, and confirms it.
    assert [t.titre for t in taches_reglements(dr_centre)] == [f"Règlement du {huit.nom}"]
    client.force_login(dr_centre)
    page = client.get(huit.get_absolute_url()).content.decode()
    assert "en attente de la direction régionale" in page and "Révision annuelle" in page
    assert client.post(decision, {"decision": "confirmer"}).status_code == 302
    proposition.refresh_from_db()
    assert (proposition.etat, proposition.decide_par) == (Reglement.Etat.CONFIRME, dr_centre)
    assert Comite.objects.get(pk=huit.pk).quorum == 6
    assert taches_reglements(dr_centre) == []


def test_la_dr_refuse_une_proposition_avec_un_motif(huit, proposition, dr_centre, dr_autre):
    with pytest.raises(ActionRefusee, match="Seule la direction régionale"):
        actions.refuser_reglement(proposition, par=dr_autre, motif="Non")
    with pytest.raises(ActionRefusee) as refus:
        actions.refuser_reglement(proposition, par=dr_centre, motif="")
    assert "motif" in refus.value.erreurs
    actions.refuser_reglement(proposition, par=dr_centre, motif="Le quorum proposé dépasse l'usage")
    proposition.refresh_from_db()
    assert proposition.etat == Reglement.Etat.REFUSE and Comite.objects.get(pk=huit.pk).quorum == 5
    with pytest.raises(ActionRefusee, match="n'attend plus de décision"):
        actions.confirmer_reglement(proposition, par=dr_centre)


def test_une_seule_proposition_a_la_fois(huit, proposition, secretaire):
    with pytest.raises(ActionRefusee, match="attend déjà la décision du Ministère"):
        actions.proposer_reglement(huit, par=secretaire, quorum=7, motif="Autre idée")


def test_la_coordination_ne_cree_pas_de_comite_interregional(client, creneau, comite, coordination, dr_centre):
    avant = etat()
    url = reverse("creneaux:comite_ajouter", args=[creneau.slug])
    for qui in (coordination, dr_centre):
        client.force_login(qui)
        reponse = client.post(url, {"type": "interregional", "nom": "Comité interrégional du meuble"})
        assert reponse.status_code == 200 and reponse.context["form"].errors["type"]
        with pytest.raises(ActionRefusee) as refus:
            actions.enregistrer_comite(Comite(creneau=creneau, type="interregional", nom="Interrégional"), par=qui)
        assert refus.value.message
    assert etat() == avant
    with pytest.raises(ActionRefusee, match="n'existe que pour un créneau interrégional"):
        actions.enregistrer_comite(Comite(creneau=creneau, type="interregional", nom="Interrégional"), par=dr_centre)
    # An interregional créneau gets one, from the Ministère.
    creneau.autres_regions.add(region("04"))
    interregional = actions.enregistrer_comite(Comite(creneau=creneau, type="interregional", nom="Interrégional"), par=dr_centre)
    assert interregional.adopte_resolutions and interregional.reglements.count() == 1


def test_la_coordination_ne_change_pas_un_comite_de_travail_en_comite_qui_decide(creneau, coordination):
    travail = actions.enregistrer_comite(Comite(creneau=creneau, type="travail", nom="Main-d'œuvre"), par=coordination)
    travail.type, travail.parent = "executif", ComiteFactory(creneau=creneau)
    avant = etat()
    with pytest.raises(ActionRefusee, match="est créé par le Ministère"):
        actions.enregistrer_comite(travail, par=coordination)
    assert etat() == avant


# --- A séance uses the règlement of its convocation -------------------------------------------


def test_une_seance_suit_le_reglement_en_vigueur_a_sa_convocation(huit, dr_centre):
    convoquee = ReunionFactory(
        comite=huit, statut=Reunion.Statut.CONVOQUEE, convoquee_le=timezone.now() - datetime.timedelta(days=2)
    )
    planifiee = ReunionFactory(comite=huit, statut=Reunion.Statut.PLANIFIEE, date=timezone.now() + datetime.timedelta(days=9))
    actions.modifier_reglement(huit, par=dr_centre, quorum=7, motif="Nouvelle composition")
    assert convoquee.quorum().requis == 5  # convened before the change
    assert planifiee.quorum().requis == 7  # not convened yet: the current règlement


def test_la_majorite_des_gens_d_affaires_requise_bloque_le_vote():
    c = seance_prete(nb_membres=5)
    Mandat.objects.filter(comite=c.comite, personne__user__in=c.membres[2:4]).update(college=Mandat.College.INTERVENANT)
    Mandat.objects.filter(comite=c.comite, personne__user=c.membres[1]).update(college=Mandat.College.RECHERCHE)
    reglement_de(c.comite, majorite_affaires=True)
    with pytest.raises(ActionRefusee) as refus:
        seances.ouvrir_vote(c.point, par=c.president)
    assert "gens d'affaires soient majoritaires parmi les membres votants présents : 2 sur 5" in refus.value.message
    c.point.refresh_from_db()
    assert c.point.etat == "inscrit"
    # Two more business people arrive: 4 of 7.
    for _ in range(2):
        u = membre_avec_compte(c.comite)
        seances.pointer(c.seance, par=u)
    assert seances.ouvrir_vote(c.point, par=c.president).etat == "vote_ouvert"


# --- Pages ------------------------------------------------------------------------------------


def test_la_page_du_comite_montre_le_reglement_et_son_historique(client, huit, dr_centre, django_assert_max_num_queries):
    actions.modifier_reglement(huit, par=dr_centre, quorum=6, seances_par_annee=4, motif="Le comité s'est agrandi")
    client.force_login(dr_centre)
    with django_assert_max_num_queries(15):
        page = client.get(huit.get_absolute_url()).content.decode()
    assert "quorum : 6 membres votants" in page and "Le comité s&#x27;est agrandi" in page
    assert "Règlement de départ" in page and "Modifier le règlement" in page
    assert 'id="reglement-historique"' in page


def test_la_dr_modifie_le_reglement_par_la_page(client, huit, dr_centre):
    client.force_login(dr_centre)
    url = reverse("creneaux:reglement", args=[huit.pk])
    assert client.get(url).context["form"].initial["quorum"] == 5
    reponse = client.post(url, regles(quorum="6", version_lue=huit.version))
    assert reponse.status_code == 302 and Comite.objects.get(pk=huit.pk).quorum == 6
    # The same form, read before this change, is stale.
    perime = client.post(url, regles(quorum="7", version_lue=huit.version))
    assert "modifié par quelqu'un d'autre" in " ".join(perime.context["form"].non_field_errors())
    assert Comite.objects.get(pk=huit.pk).quorum == 6


def test_un_anonyme_ou_un_membre_n_atteint_pas_la_page_du_reglement(client, huit, membre):
    url = reverse("creneaux:reglement", args=[huit.pk])
    assert client.get(url).status_code == 302
    client.force_login(membre)
    assert client.post(url, regles(quorum="1", version_lue=1)).status_code == 403
    assert Comite.objects.get(pk=huit.pk).quorum == 5


def test_un_comite_sans_reglement_a_les_regles_par_defaut():
    comite = ComiteFactory(creneau=CreneauFactory())
    for _ in range(5):
        MandatFactory(comite=comite, personne=PersonneFactory())
    r = comite.reglement
    assert r.pk is None and r.quorum_requis(5) == 3 and r.requis_consultation(5) == 3
    reglement_de(comite, seuil_consultation=75)
    assert Comite.objects.get(pk=comite.pk).reglement.requis_consultation(5) == 4
