"""« À traiter » on the home page: grouped by kind and, for the Ministère, by region; a GET form
filters by kind and region; each group says how many items it holds; a fixed number of queries
whatever the number of items."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bilans.models import BilanAnnuel
from creneaux.models import Mandat
from portail.a_traiter import APERCU, SEUIL_RESUME, a_traiter, taches_de
from projets.models import Statut
from tests.factories import ComiteRegionalFactory, MandatFactory, OrganisationFactory, circuit, region

pytestmark = pytest.mark.django_db


def accueil(client, user, **parametres):
    client.force_login(user)
    return client.get(reverse("portail:accueil"), parametres).content.decode()


def groupes(user, **parametres):
    """{kind: {region or "": [titles]}} as the page groups them."""
    user._accord_roles = None
    resultat = {}
    for g in a_traiter(user, parametres).groupes:
        if g.sous_groupes:
            resultat[g.cle] = {sg.libelle: [t.titre.split(" – ", 1)[1] for t in sg.taches] for sg in g.sous_groupes}
        else:
            resultat[g.cle] = {"": [t.titre.split(" – ", 1)[1] for t in g.taches]}
    return resultat


@pytest.fixture
def deux_regions():
    """Two créneaux in two regions sharing the central office; projects waiting at each step."""
    centre = circuit("17")
    capitale = circuit("03", voisin=centre)
    vieux = timezone.now() - datetime.timedelta(days=40)
    centre.projet(titre="Décider au Centre", statut=Statut.MINISTERE, statut_depuis=vieux)
    capitale.projet(titre="Décider à Québec", statut=Statut.MINISTERE)
    capitale.projet(titre="Convention à Québec", statut=Statut.ACCEPTE)
    centre.projet(titre="Brouillon du Centre")
    return centre, capitale


def test_le_bureau_central_voit_ses_elements_par_type_puis_par_region(client, deux_regions):
    centre, _capitale = deux_regions
    assert groupes(centre.central) == {
        "projets_decider": {"Capitale-Nationale": ["Décider à Québec"], "Centre-du-Québec": ["Décider au Centre"]},
        "projets_convention": {"Capitale-Nationale": ["Convention à Québec"]},
    }
    page = accueil(client, centre.central)
    assert "Projets à décider" in page and "Conventions à faire signer" in page
    assert page.index("Projets à décider") < page.index("Conventions à faire signer")
    # the filter offers each kind and each region with its count
    assert ">Projets à décider (2)</option>" in page and ">Capitale-Nationale (2)</option>" in page


def test_le_filtre_par_type_et_par_region(client, deux_regions):
    centre, _capitale = deux_regions
    assert groupes(centre.central, genre="projets_convention") == {
        "projets_convention": {"Capitale-Nationale": ["Convention à Québec"]}
    }
    assert groupes(centre.central, region=region("17").slug) == {"projets_decider": {"Centre-du-Québec": ["Décider au Centre"]}}
    assert groupes(centre.central, genre="projets_convention", region=region("17").slug) == {}
    page = accueil(client, centre.central, genre="projets_decider", region=region("03").slug)
    assert "Décider à Québec" in page and "Décider au Centre" not in page and "Convention à Québec" not in page
    assert "1 élément sur 3 correspond au filtre." in page and "Tout afficher" in page
    assert "Aucun élément ne correspond au filtre." in accueil(
        client, centre.central, genre="projets_convention", region=region("17").slug
    )


def test_un_filtre_inconnu_ne_filtre_rien(deux_regions):
    centre, _capitale = deux_regions
    assert groupes(centre.central, genre="n-importe-quoi", region="nulle-part") == groupes(centre.central)


def test_hors_ministere_pas_de_regroupement_par_region(deux_regions):
    centre, _capitale = deux_regions
    assert groupes(centre.coordination) == {"projets_completer": {"": ["Brouillon du Centre"]}}


def test_la_direction_regionale_voit_projets_bilans_et_mandats_de_sa_region(client, deux_regions):
    centre, capitale = deux_regions
    BilanAnnuel.objects.create(creneau=centre.creneau, exercice=2025, statut="soumis")
    MandatFactory(comite=ComiteRegionalFactory(region=region("17")), role=Mandat.Role.MEMBRE, confirme_le=None)
    MandatFactory(comite=capitale.comite_creneau, role=Mandat.Role.MEMBRE, confirme_le=None)  # not its region
    centre.projet(titre="À analyser au Centre", statut=Statut.MINISTERE, analyse=False)  # « Décider au Centre » is analysed
    vus = groupes(centre.dr)
    assert list(vus) == ["projets_analyser", "bilans", "mandats"]
    assert vus["projets_analyser"] == {"Centre-du-Québec": ["À analyser au Centre"]}
    assert list(vus["bilans"]) == list(vus["mandats"]) == ["Centre-du-Québec"]
    assert len(vus["mandats"]["Centre-du-Québec"]) == 1
    page = accueil(client, centre.dr)
    assert "Bilans annuels" in page and "Mandats à confirmer" in page
    assert 'id="filtre-genre"' in page and 'id="filtre-region"' not in page  # one region: nothing to choose


def test_un_groupe_long_montre_un_apercu_et_un_lien_vers_tous(client):
    c = circuit()
    for i in range(APERCU + 3):
        c.projet(titre=f"Dossier {i}", statut=Statut.MINISTERE, budget=False)
    page = accueil(client, c.central)
    assert page.count("Décider : accepter") == APERCU
    assert f"Voir les {APERCU + 3} éléments" in page and "genre=projets_decider&amp;region=centre-du-quebec" in page
    tout = accueil(client, c.central, genre="projets_decider", region=region("17").slug)
    assert tout.count("Décider : accepter") == APERCU + 3 and "Voir les" not in tout


def test_un_type_nombreux_se_resume_aux_plus_anciens_et_au_compte_par_region(client):
    centre = circuit("17")
    capitale = circuit("03", voisin=centre)
    vieux = timezone.now() - datetime.timedelta(days=90)
    centre.projet(titre="Le plus ancien", statut=Statut.MINISTERE, statut_depuis=vieux, budget=False)
    for i in range(SEUIL_RESUME):
        (centre if i % 2 else capitale).projet(titre=f"Dossier {i}", statut=Statut.MINISTERE, budget=False)
    page = accueil(client, centre.central)
    assert "Les plus anciens" in page and "Par région" in page
    assert page.count("Décider : accepter") == APERCU and "Le plus ancien" in page
    assert f'href="?genre=projets_decider&amp;region={region("17").slug}">Centre-du-Québec</a>' in page
    assert f"Voir les {SEUIL_RESUME + 1} éléments" in page
    # filtered on the kind: every item, under its region
    tout = accueil(client, centre.central, genre="projets_decider")
    assert "Les plus anciens" not in tout and tout.count("Décider : accepter") == SEUIL_RESUME + 1


def test_les_elements_gardent_leur_egalite_et_leur_ordre(deux_regions):
    centre, _capitale = deux_regions
    taches = taches_de(centre.central)
    assert [t.titre.split(" – ", 1)[1] for t in taches] == ["Décider au Centre", "Décider à Québec", "Convention à Québec"]
    assert all(t.genre and t.region for t in taches)


def test_anonyme_ni_liste_ni_filtre(client):
    page = client.get(reverse("portail:accueil")).content.decode()
    assert "À traiter" not in page and 'name="genre"' not in page


@pytest.mark.parametrize("etape", ["petit", "grand"])
def test_nombre_fixe_de_requetes_quel_que_soit_le_nombre_d_elements(client, django_assert_max_num_queries, etape):
    centre = circuit("17")
    capitale = circuit("03", voisin=centre)
    n = 3 if etape == "petit" else 30
    for i in range(n):
        (centre if i % 2 else capitale).projet(
            statut=Statut.MINISTERE if i % 3 else Statut.ACCEPTE, budget=False, partenaires=[OrganisationFactory()]
        )
    client.force_login(centre.central)
    with django_assert_max_num_queries(14):
        reponse = client.get(reverse("portail:accueil"))
    assert reponse.status_code == 200
    montres = reponse.content.decode().count("en attente depuis")
    assert montres == n if etape == "petit" else 0 < montres <= 2 * 2 * APERCU
