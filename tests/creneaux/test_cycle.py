"""The créneau's lifecycle (docs/circuit.md): the Ministère's stage verbs, in order, never skipped nor
backwards; recognition on a signed entente in force and an adopted plan; a merger or withdrawal
that ends coordination and mandates and settles each open project; read-only afterwards. Also the
ententes, collaborations accepted by the other créneau, collèges and organisations' type / NEQ."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse

from creneaux import actions
from creneaux.models import Collaboration, Coordination, DemandeCollaboration, Entente, Mandat, Organisation
from noyau.actions import ActionRefusee
from noyau.horloge import aujourdhui
from noyau.permissions import verifier
from plans.models import PlanAction
from portail.a_traiter import taches_de
from projets import actions as projets_actions
from projets.models import Decision, Projet, Statut
from tests.factories import (
    CoordinationFactory,
    CreneauFactory,
    DossierExcellenceFactory,
    EntenteFactory,
    MandatFactory,
    MembreCreneauFactory,
    OrganisationFactory,
    PersonneFactory,
    PlanActionFactory,
    PrioriteRegionaleFactory,
    ProjetFactory,
    region,
)
from tests.pages import page_et_fragments

D = datetime.date
pytestmark = pytest.mark.django_db


def etat(*apps_):
    """Every row of the apps' tables (history and many-to-many tables included)."""
    return {
        m._meta.db_table: sorted(map(repr, m.objects.values_list()))
        for nom in apps_ or ("creneaux", "projets")
        for m in apps.get_app_config(nom).get_models(include_auto_created=True)
    }


@pytest.fixture
def potentiel(db):
    c = CreneauFactory(statut="potentiel", date_autorise=None, date_reconnu=None, region_porteuse=region("17"), slug="potentiel")
    # Its dossier d'excellence and a leader company: what the authorisation requires (test_excellence.py).
    DossierExcellenceFactory(creneau=c, depose_le=datetime.datetime(2007, 12, 1, 10, tzinfo=datetime.UTC))
    MembreCreneauFactory(creneau=c, leader=True)
    return c


def test_les_etapes_vont_dans_l_ordre_sans_saut_ni_retour(potentiel, dr_centre, coordination):
    cible = CreneauFactory()
    avant = etat()
    for statut in ("reconnu", "fusionne", "potentiel"):
        with pytest.raises(ActionRefusee, match="ne peut que passer à « Autorisé » ou « Retiré », dans l'ordre"):
            actions.changer_statut(potentiel, par=dr_centre, statut=statut, motif="Saut", dans=cible)
    with pytest.raises(ActionRefusee, match="Ministère"):
        actions.autoriser(potentiel, par=coordination, motif="Pas à moi")
    with pytest.raises(ActionRefusee, match="future"):
        actions.autoriser(potentiel, par=dr_centre, motif="Demain", date=datetime.date.today() + datetime.timedelta(days=2))
    assert etat() == avant
    c = actions.autoriser(potentiel, par=dr_centre, motif="Excellence démontrée", date=D(2008, 1, 10))
    assert (c.statut, c.date_autorise) == ("autorise", D(2008, 1, 10))
    trace = c.history.latest("history_id")
    assert trace.history_user == dr_centre
    # The decision cites the dossier d'excellence it rests on.
    assert trace.history_change_reason.startswith("Excellence démontrée — Dossier d'excellence déposé le")
    assert "1 entreprise(s) membre(s), dont 1 leader(s)" in trace.history_change_reason
    with pytest.raises(ActionRefusee, match="dans l'ordre"):
        actions.changer_statut(c, par=dr_centre, statut="potentiel", motif="Retour")


def test_la_reconnaissance_demande_une_entente_de_mise_en_oeuvre_signee_et_un_plan_adopte(potentiel, dr_centre, comite):
    c = actions.autoriser(potentiel, par=dr_centre, motif="Autorisé", date=D(2008, 1, 10))
    avant = etat()
    with pytest.raises(ActionRefusee) as refus:
        actions.reconnaitre(c, par=dr_centre, motif="Reconnu", date=D(2009, 6, 1))
    assert "entente de mise en œuvre" in refus.value.message and "plan d'action" in refus.value.message
    EntenteFactory(creneau=c, date_signature=None, debut=D(2009, 1, 1), fin=D(2013, 12, 31))  # not signed
    EntenteFactory(creneau=c, date_signature=D(2004, 1, 1), debut=D(2004, 1, 1), fin=D(2008, 12, 31))  # expired
    with pytest.raises(ActionRefusee, match="entente"):
        actions.reconnaitre(c, par=dr_centre, motif="Reconnu", date=D(2009, 6, 1))
    EntenteFactory(creneau=c, date_signature=D(2009, 5, 20), debut=D(2009, 5, 20), fin=D(2014, 5, 19))
    PlanActionFactory(creneau=c, statut=PlanAction.Statut.APPROUVE, adopte_par=comite, adopte_le=D(2009, 4, 1))
    c = actions.reconnaitre(c, par=dr_centre, motif="Entente signée par le ministre", date=D(2009, 6, 1))
    assert (c.statut, c.date_reconnu) == ("reconnu", D(2009, 6, 1))
    assert len(etat()["creneaux_entente"]) == len(avant["creneaux_entente"]) + 3


def test_la_fusion_termine_coordination_et_mandats_et_regle_chaque_projet_ouvert(creneau, comite, dr_centre):
    survivant = CreneauFactory(region_porteuse=region("17"))
    coordination = CoordinationFactory(creneau=creneau, debut=D(2017, 4, 1))
    mandat = MandatFactory(comite=comite, debut=D(2018, 4, 1))
    a_transferer = ProjetFactory(creneau=creneau, statut=Statut.COMITE_REGIONAL)
    a_retirer = ProjetFactory(creneau=creneau, statut=Statut.EN_REALISATION)
    termine = ProjetFactory(creneau=creneau, statut=Statut.TERMINE)
    avant = etat()
    with pytest.raises(ActionRefusee, match="Choisissez pour chaque projet") as refus:
        actions.fusionner(creneau, par=dr_centre, dans=survivant, motif="Fusion", date=D(2026, 9, 30))
    assert refus.value.champ == "choix"
    assert etat() == avant  # nothing ended, nothing moved
    choix = {f"projet-{a_transferer.pk}": "transferer", f"projet-{a_retirer.pk}": "retirer"}
    c = actions.fusionner(creneau, par=dr_centre, dans=survivant, motif="Regroupement", date=D(2026, 9, 30), choix=choix)
    assert (c.statut, c.fusionne_dans, c.date_fin) == ("fusionne", survivant, D(2026, 9, 30))
    assert Coordination.objects.get(pk=coordination.pk).fin == D(2026, 9, 30)
    assert Mandat.objects.get(pk=mandat.pk).fin == D(2026, 9, 30)
    transfere, retire = Projet.objects.get(pk=a_transferer.pk), Projet.objects.get(pk=a_retirer.pk)
    assert (transfere.creneau, transfere.statut) == (survivant, Statut.COMITE_REGIONAL)
    assert transfere.decisions.get().etape == Decision.Etape.TRANSFERT
    assert retire.statut == Statut.RETIRE and retire.decisions.filter(etape=Decision.Etape.RETRAIT).exists()
    assert Projet.objects.get(pk=termine.pk).creneau == creneau  # history stays with the merged créneau
    # Read-only everywhere; a second merger is refused.
    assert not verifier("creneaux.modifier", dr_centre, c).ok
    assert not verifier("projets.creer", CoordinationFactory(creneau=survivant).personne.user, c).ok
    autre = CreneauFactory()
    avant = etat()
    with pytest.raises(ActionRefusee, match="fusionné"):
        actions.fusionner(c, par=dr_centre, dans=autre, motif="Encore")
    assert etat() == avant


def test_le_retrait_retire_les_projets_ouverts(creneau, dr_centre):
    projet = ProjetFactory(creneau=creneau, statut=Statut.COMITE_CRENEAU)
    with pytest.raises(ActionRefusee, match="pas de successeur"):
        actions.retirer(creneau, par=dr_centre, motif="Inactif", choix={f"projet-{projet.pk}": "transferer"})
    actions.retirer(creneau, par=dr_centre, motif="Inactif", choix={f"projet-{projet.pk}": "retirer"})
    assert Projet.objects.get(pk=projet.pk).statut == Statut.RETIRE


def test_la_page_d_etape_du_ministere(client, creneau, dr_centre, coordination):
    projet = ProjetFactory(creneau=creneau, statut=Statut.COMITE_CRENEAU)
    url = reverse("creneaux:etape", args=[creneau.slug])
    client.force_login(coordination)
    assert client.get(url).status_code == 403
    client.force_login(dr_centre)
    page = client.get(url).content.decode()
    assert projet.titre in page and "Fusionné" in page and "Retiré" in page and "Autorisé" not in page
    reponse = client.post(url, {"statut": "retire", "date": "2026-10-01", "motif": "Inactif"})
    assert reponse.status_code == 200 and "Choisissez pour chaque projet" in reponse.content.decode()
    reponse = client.post(
        url, {"statut": "retire", "date": "2026-10-01", "motif": "Inactif", f"choix_projet-{projet.pk}": "retirer"}
    )
    assert reponse.status_code == 302
    creneau.refresh_from_db()
    assert creneau.statut == "retire"
    assert "lecture-seule" in client.get(creneau.get_absolute_url()).content.decode()


@pytest.mark.parametrize("nombre", [3, 25])
def test_la_page_d_etape_regle_tous_les_projets_ouverts_d_un_choix(
    client, creneau, dr_centre, django_assert_max_num_queries, nombre
):
    """However many open projects, the page offers one choice for all of them and names the first
    twenty; the choice project by project is a link away."""
    projets = [ProjetFactory(creneau=creneau, statut=Statut.COMITE_CRENEAU) for _i in range(nombre)]
    url = reverse("creneaux:etape", args=[creneau.slug])
    client.force_login(dr_centre)
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    assert page.count("<select") == 3  # the stage, the créneau absorbing it, the fate of every project
    assert 'name="choix_tous"' in page and "choix_projet-" not in page
    assert f"{nombre} projets ouverts" in page and projets[0].titre in page
    assert (projets[-1].titre in page) == (nombre <= 20) and ("… et 5 autres." in page) == (nombre == 25)
    assert 'href="?par_projet=1"' in page
    reponse = client.post(url, {"statut": "retire", "date": "2026-10-01", "motif": "Inactif", "choix_tous": "retirer"})
    assert reponse.status_code == 302
    assert set(Projet.objects.filter(creneau=creneau).values_list("statut", flat=True)) == {Statut.RETIRE}


def test_la_fusion_transfere_tous_les_projets_sauf_ceux_choisis_un_a_un(client, creneau, dr_centre):
    survivant = CreneauFactory(region_porteuse=region("17"))
    gardes = [ProjetFactory(creneau=creneau, statut=Statut.COMITE_CRENEAU) for _i in range(3)]
    a_retirer = ProjetFactory(creneau=creneau, statut=Statut.EN_REALISATION)
    client.force_login(dr_centre)
    url = reverse("creneaux:etape", args=[creneau.slug]) + "?par_projet=1"
    page = client.get(url).content.decode()
    assert page.count("<select") == 3 + 4 and "Choisir projet par projet" not in page
    reponse = client.post(
        url,
        {
            "statut": "fusionne",
            "date": "2026-10-01",
            "motif": "Regroupement",
            "fusionne_dans": survivant.pk,
            "choix_tous": "transferer",
            f"choix_projet-{a_retirer.pk}": "retirer",
        },
    )
    assert reponse.status_code == 302
    assert {p.creneau_id for p in Projet.objects.filter(pk__in=[p.pk for p in gardes])} == {survivant.pk}
    assert Projet.objects.get(pk=a_retirer.pk).statut == Statut.RETIRE


def test_sans_choix_pour_tous_ni_un_a_un_l_etape_est_refusee(client, creneau, dr_centre):
    projet = ProjetFactory(creneau=creneau, statut=Statut.COMITE_CRENEAU)
    client.force_login(dr_centre)
    reponse = client.post(
        reverse("creneaux:etape", args=[creneau.slug]), {"statut": "retire", "date": "2026-10-01", "motif": "Inactif"}
    )
    assert reponse.status_code == 200 and "Choisissez pour chaque projet ouvert" in reponse.content.decode()
    assert Projet.objects.get(pk=projet.pk).statut == Statut.COMITE_CRENEAU


# --- Ententes ------------------------------------------------------------------------------------


def test_le_ministere_consigne_les_ententes(creneau, autre_creneau, dr_centre, dr_autre, coordination, client):
    principe = Entente(type=Entente.Type.PRINCIPE, region=region("17"), date_signature=D(2005, 3, 15))
    avant = etat("creneaux")
    for par, kwargs, message in [
        (coordination, {"creneaux_nommes": [creneau]}, "Ministère"),
        (dr_autre, {"creneaux_nommes": [creneau]}, "Ministère"),
        (dr_centre, {"creneaux_nommes": [autre_creneau]}, "pas portés par la région"),
    ]:
        with pytest.raises(ActionRefusee, match=message):
            actions.enregistrer_entente(principe, par=par, **kwargs)
    assert etat("creneaux") == avant
    e = actions.enregistrer_entente(principe, par=dr_centre, creneaux_nommes=[creneau])
    assert list(e.creneaux_nommes.all()) == [creneau] and e.history.latest("history_id").history_user == dr_centre
    moe = Entente(type=Entente.Type.MISE_EN_OEUVRE, creneau=creneau, date_signature=D(2008, 6, 1), debut=D(2008, 6, 1))
    with pytest.raises(ActionRefusee, match="suivre son début"):
        moe.fin = D(2008, 1, 1)
        actions.enregistrer_entente(moe, par=dr_centre)
    moe.fin = D(2013, 5, 31)
    actions.enregistrer_entente(moe, par=dr_centre)
    client.force_login(dr_centre)
    page = client.get(reverse("creneaux:ententes")).content.decode()
    assert creneau.nom in page and "Ententes de principe" in page
    url = reverse("creneaux:entente_ajouter", args=[creneau.slug])
    assert (
        client.post(
            url, {"type": "renouvellement", "date_signature": "2013-06-01", "debut": "2013-06-01", "fin": "2018-05-31"}
        ).status_code
        == 302
    )
    client.force_login(coordination)
    assert client.get(reverse("creneaux:ententes")).status_code == 403
    assert client.get(url).status_code == 403
    assert "Nommé dans l'entente de principe" in client.get(creneau.get_absolute_url()).content.decode()


# --- Collaborations ------------------------------------------------------------------------------


def test_une_collaboration_parait_chez_l_autre_creneau_une_fois_acceptee(
    creneau, autre_creneau, coordination, coordination_autre, dr_centre, client
):
    col = actions.enregistrer_collaboration(
        Collaboration(titre="Table du bois"), par=coordination, creneau=creneau, autres=[autre_creneau]
    )
    demande = DemandeCollaboration.objects.get(collaboration=col)
    assert list(col.creneaux.all()) == [creneau]
    # Both sides see the pending request in « À traiter ».
    assert [t.quoi for t in taches_de(coordination_autre)] == ["Accepter ou décliner la collaboration proposée par Meuble"]
    assert [t.quoi for t in taches_de(coordination)] == ["En attente de la réponse de Écoconstruction"]
    client.force_login(coordination_autre)
    assert "Table du bois" in client.get(autre_creneau.get_absolute_url()).content.decode()  # as a request
    client.logout()
    assert "Table du bois" not in page_et_fragments(client, autre_creneau.get_absolute_url())
    avant = etat("creneaux")
    for par in (coordination, dr_centre):  # neither the requester nor the Ministère accepts for it
        with pytest.raises(ActionRefusee, match="coordination du créneau invité"):
            actions.repondre_collaboration(demande, par=par, accepte=True)
    assert etat("creneaux") == avant
    client.force_login(coordination_autre)
    reponse = client.post(reverse("creneaux:repondre_collaboration", args=[demande.pk]), {"reponse": "accepter"})
    assert reponse.status_code == 302
    assert set(col.creneaux.all()) == {creneau, autre_creneau}
    with pytest.raises(ActionRefusee, match="déjà reçu"):
        actions.repondre_collaboration(demande, par=coordination_autre, accepte=False)
    assert taches_de(coordination_autre) == [] and taches_de(coordination) == []
    client.logout()
    assert "Table du bois" in page_et_fragments(client, autre_creneau.get_absolute_url())


# --- Collèges and organisations ------------------------------------------------------------------


def test_le_college_suit_l_organisation(comite, coordination):
    entreprise, centre = OrganisationFactory(type="entreprise"), OrganisationFactory(type="recherche")
    avant = etat("creneaux")
    for org, college in [(entreprise, "intervenant"), (centre, "affaires"), (None, "affaires")]:
        with pytest.raises(ActionRefusee) as refus:
            actions.nommer_membre(
                comite,
                par=coordination,
                personne=PersonneFactory(organisation=org),
                role="membre",
                college=college,
                debut=aujourdhui(),
            )
        assert refus.value.champ == "college"
    assert len(etat("creneaux")["creneaux_mandat"]) == len(avant["creneaux_mandat"])
    actions.nommer_membre(
        comite,
        par=coordination,
        personne=PersonneFactory(organisation=entreprise),
        role="membre",
        college="affaires",
        debut=aujourdhui(),
    )


def test_type_et_neq_d_une_organisation_utilisee_ailleurs_relevent_du_ministere(creneau, coordination, dr_autre):
    ailleurs = ProjetFactory(creneau=CreneauFactory(region_porteuse=region("01")), statut=Statut.COMITE_REGIONAL)
    porteur = ailleurs.porteur
    avant = etat("creneaux")
    porteur.type = "entreprise"
    with pytest.raises(ActionRefusee, match="ne changent que par le Ministère") as refus:
        actions.enregistrer_organisation(porteur, par=coordination)
    assert refus.value.champ == "type"
    porteur.type, porteur.neq = "association", "1234567890"
    with pytest.raises(ActionRefusee, match="Ministère"):
        actions.enregistrer_organisation(porteur, par=coordination)
    assert etat("creneaux") == avant
    porteur.neq, porteur.ville = "", "Rimouski"  # contact details: any coordination
    actions.enregistrer_organisation(porteur, par=coordination)
    porteur.type = "entreprise"
    o = actions.enregistrer_organisation(porteur, par=dr_autre)
    assert Organisation.objects.get(pk=o.pk).type == "entreprise"
    assert "type" in o.history.latest("history_id").history_change_reason
    # The project keeps the type it was submitted with only once submitted: rates follow it.
    assert projets_actions is not None


def test_un_creneau_se_lie_aux_priorites_de_ses_regions_seulement(client, creneau, coordination, coordination_autre):
    """docs/domaine.md: créneaux contribute to their regions' priorités régionales (shown on the fiche)."""
    sienne = PrioriteRegionaleFactory(region=region("17"), numero=3, titre="Accroître la productivité")
    ailleurs = PrioriteRegionaleFactory(region=region("03"), numero=1, titre="Attirer les talents")
    avant = etat()
    with pytest.raises(ActionRefusee) as refus:
        actions.modifier_fiche(creneau, par=coordination, donnees={"priorites": [sienne, ailleurs]})
    assert refus.value.champ == "priorites" and "Capitale-Nationale – priorité 1" in refus.value.message
    with pytest.raises(ActionRefusee, match="Seules la coordination du créneau et la direction régionale du Ministère"):
        actions.modifier_fiche(creneau, par=coordination_autre, donnees={"priorites": [sienne]})
    assert etat() == avant

    actions.modifier_fiche(creneau, par=coordination, donnees={"priorites": [sienne]})
    assert list(creneau.priorites.all()) == [sienne]
    assert "Accroître la productivité" in client.get(creneau.get_absolute_url()).content.decode()
