"""The public directory, the fiche, organisations and comités as people browse them."""

import pytest
from django.urls import reverse

from creneaux.models import Creneau, Entente, Mandat, Organisation
from tests.factories import (
    AffectationMinistereFactory,
    ComiteFactory,
    CreneauFactory,
    EntenteFactory,
    MandatFactory,
    OrganisationFactory,
    PersonneFactory,
    ReunionFactory,
    creneau_complet,
    region,
)
from tests.pages import page_et_fragments

pytestmark = pytest.mark.django_db


def contenu(client, url, statut=200):
    reponse = client.get(url)
    assert reponse.status_code == statut
    return reponse.content.decode()


def test_l_annuaire_public_liste_les_creneaux_sauf_les_potentiels(client):
    CreneauFactory(nom="Meuble", region_porteuse=region("17"))
    CreneauFactory(nom="Drones civils", statut=Creneau.Statut.POTENTIEL, date_autorise=None, date_reconnu=None)
    page = contenu(client, reverse("creneaux:annuaire"))
    assert "Meuble" in page
    assert "Drones civils" not in page


def test_l_annuaire_filtre_par_region_y_compris_les_regions_associees_statut_secteur_et_texte(client):
    rstm = CreneauFactory(nom="Ressources marines", secteur="Maritime", region_porteuse=region("01"))
    rstm.autres_regions.set([region("09"), region("11")])
    CreneauFactory(nom="Aluminium", secteur="Métallurgie", region_porteuse=region("02"))
    CreneauFactory(nom="Microélectronique", statut=Creneau.Statut.RETIRE, date_fin="2012-01-01", region_porteuse=region("05"))
    url = reverse("creneaux:annuaire")
    cote_nord = contenu(client, f"{url}?region={region('09').pk}")
    assert "Ressources marines" in cote_nord and "Aluminium" not in cote_nord
    retires = contenu(client, f"{url}?statut=retire")
    assert "Microélectronique" in retires and "Aluminium" not in retires
    assert "Aluminium" in contenu(client, f"{url}?secteur=Métallurgie")
    texte = contenu(client, f"{url}?q=alumin")
    assert "Aluminium" in texte and "Ressources marines" not in texte


def test_l_annuaire_est_pagine_et_trie_par_nom(client):
    for nom in ["Éolien", "Acéricole", "Zinc", *(f"Bois {i:02d}" for i in range(18))]:
        CreneauFactory(nom=nom)
    page = contenu(client, reverse("creneaux:annuaire"))
    assert page.index("Acéricole") < page.index("Bois 00") < page.index("Éolien")
    assert "Zinc" not in page
    assert "Zinc" in contenu(client, reverse("creneaux:annuaire") + "?page=2")


def test_la_fiche_publique_montre_tout_ce_que_l_on_sait_du_creneau(client):
    cible = CreneauFactory(nom="Micro/Nano-technologies", region_porteuse=region("16"))
    cible.autres_regions.set([region("05")])
    fusionne = CreneauFactory(nom="Microélectronique de pointe", statut=Creneau.Statut.FUSIONNE, fusionne_dans=cible)
    creneau = creneau_complet(
        nom="Meuble", vision="Devenir la référence nord-américaine du meuble.", region_porteuse=region("17")
    )
    coordination = creneau.coordinations.get()
    page = page_et_fragments(client, creneau.get_absolute_url())
    assert "Devenir la référence nord-américaine du meuble." in page
    assert "Centre-du-Québec" in page
    assert "Entente de mise en œuvre" in page
    assert "Gens d&#x27;affaires" in page and "Recherche et formation" in page
    assert str(coordination.personne) in page and str(coordination.employeur) in page
    assert creneau.partenariats.get().partenaire in page
    assert creneau.collaborations.get().titre in page
    assert "Exécutif" in page
    assert "Modifier la fiche" not in page
    fiche_cible = contenu(client, cible.get_absolute_url())
    assert "Issu de la fusion" in fiche_cible and fusionne.nom in fiche_cible and "Estrie" in fiche_cible
    assert "fusionné dans" in contenu(client, fusionne.get_absolute_url())


def test_la_fiche_d_un_creneau_potentiel_est_refusee_au_public(client, django_user_model):
    potentiel = CreneauFactory(statut=Creneau.Statut.POTENTIEL, date_autorise=None, date_reconnu=None)
    # The fiche and the sections it loads after itself (comités, partnerships) alike.
    adresses = [potentiel.get_absolute_url()] + [
        reverse(nom, args=[potentiel.slug]) for nom in ("creneaux:fiche_comites", "creneaux:fiche_partenaires")
    ]
    for adresse in adresses:
        reponse = client.get(adresse)
        assert reponse.status_code == 302 and reverse("login") in reponse.url
    client.force_login(django_user_model.objects.create(username="curieux"))
    for adresse in adresses:
        assert "pas encore public" in contenu(client, adresse, 403)
    assert client.get(reverse("creneaux:fiche", args=["inexistant"])).status_code == 404


def test_la_page_d_organisations_filtre_par_type_region_et_texte(client):
    OrganisationFactory(nom="Cégep de Drummondville", type=Organisation.Type.ENSEIGNEMENT, region=region("17"))
    OrganisationFactory(nom="Meubles Fictifs inc.", type=Organisation.Type.ENTREPRISE, region=region("04"), neq="1170000001")
    url = reverse("creneaux:organisations")
    page = contenu(client, f"{url}?type=enseignement")
    assert "Cégep de Drummondville" in page and "Meubles Fictifs" not in page
    page = contenu(client, f"{url}?region={region('04').pk}")
    assert "Meubles Fictifs" in page and "Cégep" not in page
    assert "Meubles Fictifs" in contenu(client, f"{url}?q=1170000001")


def test_la_page_d_une_organisation_montre_ses_creneaux_et_ses_gens(client):
    org = OrganisationFactory(nom="MicroTeQ")
    creneau = CreneauFactory(nom="Micro/Nano", organisme_gestionnaire=org)
    PersonneFactory(prenom="Julie", nom="Fauxbourg", organisation=org)
    page = contenu(client, org.get_absolute_url())
    assert creneau.nom in page and "Julie Fauxbourg" in page


def test_la_page_du_comite_groupe_les_membres_par_college_et_avertit_sans_majorite_d_affaires(client):
    comite = ComiteFactory()
    MandatFactory(comite=comite, college=Mandat.College.AFFAIRES, personne=PersonneFactory(prenom="Ana", nom="Affaires"))
    MandatFactory(comite=comite, college=Mandat.College.RECHERCHE, personne=PersonneFactory(prenom="Rémi", nom="Recherche"))
    page = contenu(client, comite.get_absolute_url())
    assert page.index("Gens d&#x27;affaires") < page.index("Ana Affaires") < page.index("Recherche et formation")
    assert "ne sont pas majoritaires" in page
    MandatFactory(comite=comite, college=Mandat.College.AFFAIRES)
    assert "ne sont pas majoritaires" not in contenu(client, comite.get_absolute_url())


def test_les_seances_du_comite_sont_reservees_a_ses_membres_et_son_bureau_en_planifie(client):
    comite = ComiteFactory()
    membre = MandatFactory(comite=comite, personne=PersonneFactory(avec_compte=True)).personne
    seance = ReunionFactory(comite=comite, lieu="Salle du conseil de Victoriaville")
    assert "Salle du conseil" not in contenu(client, comite.get_absolute_url())
    client.force_login(membre.user)
    page = contenu(client, comite.get_absolute_url())
    assert "Salle du conseil de Victoriaville" in page and reverse("seances:detail", args=[seance.pk]) in page
    planifier = reverse("seances:planifier", args=[comite.pk])
    assert planifier not in page and "Consigner une réunion" not in page
    secretaire = MandatFactory(comite=comite, role=Mandat.Role.SECRETAIRE, personne=PersonneFactory(avec_compte=True))
    client.force_login(secretaire.personne.user)
    assert planifier in contenu(client, comite.get_absolute_url())
    # A bureau mandate the direction régionale has not confirmed yet convenes nothing.
    secretaire.confirme_le = None
    secretaire.save()
    client.force_login(secretaire.personne.user)
    assert planifier not in contenu(client, comite.get_absolute_url())


def _pages(creneau):
    comite = creneau.comites.get(type="creneau")
    org = creneau.coordinations.get().employeur
    return {
        "annuaire": reverse("creneaux:annuaire"),
        "fiche": creneau.get_absolute_url(),
        "organisations": reverse("creneaux:organisations"),
        "organisation": org.get_absolute_url(),
        "comite": comite.get_absolute_url(),
        "regions": reverse("regions:liste"),
        "region": creneau.region_porteuse.get_absolute_url(),
        "accueil": reverse("portail:accueil"),
    }


# SQL queries per page for the coordinator of the first créneau (6 of them are the session, the
# user and their roles, which the navigation bar asks for). The home page leaves room for the
# other apps' « À traiter » providers.
BORNES = {
    "annuaire": 10,
    "fiche": 22,  # + the member companies, the partnerships' maturity history and the règlements
    "organisations": 8,
    "organisation": 9,
    "comite": 10,
    "regions": 6,
    "region": 11,
    "accueil": 12,
}


@pytest.mark.parametrize("nombre", [5, 50])
def test_chaque_page_a_un_nombre_borne_de_requetes(client, django_assert_max_num_queries, nombre):
    creneaux = [creneau_complet(region_porteuse=region("17")) for _i in range(nombre)]
    client.force_login(creneaux[0].coordinations.get().personne.user)
    for nom, url in _pages(creneaux[0]).items():
        with django_assert_max_num_queries(BORNES[nom], info=nom):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("nombre", [2, 20])
def test_les_formulaires_d_entente_ont_un_nombre_constant_de_requetes(client, django_assert_max_num_queries, nombre):
    """The entente de principe offers the region's créneaux, each named with its region: one query
    for all of them, however many the region carries (8 at most: 6 are the session, the user and
    their roles)."""
    creneaux = [CreneauFactory(region_porteuse=region("17")) for _i in range(nombre)]
    principe = EntenteFactory(type=Entente.Type.PRINCIPE, creneau=None, region=region("17"))
    principe.creneaux_nommes.set(creneaux[:2])
    mise_en_oeuvre = EntenteFactory(creneau=creneaux[0])
    client.force_login(AffectationMinistereFactory(region=region("17")).user)
    offre = f"{creneaux[-1].nom} – Centre-du-Québec"
    for url, attendu in (
        (reverse("creneaux:entente_principe_ajouter", args=["17"]), offre),
        (reverse("creneaux:entente_modifier", args=[principe.pk]), offre),
        (reverse("creneaux:entente_ajouter", args=[creneaux[0].slug]), "Renouvellement"),
        (reverse("creneaux:entente_modifier", args=[mise_en_oeuvre.pk]), "Renouvellement"),
    ):
        with django_assert_max_num_queries(8, info=url):
            page = contenu(client, url)
        assert attendu in page
