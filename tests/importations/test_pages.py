"""The import page: only the Ministère (after its second factor, like its other pages); upload,
preview, confirm; templates to download; refusals say why."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from creneaux.models import Organisation
from importations.models import Importation
from noyau.permissions import verifier
from tests.factories import CoordinationFactory, MandatFactory, PersonneFactory
from tests.importations.conftest import fichier

pytestmark = pytest.mark.django_db

REFUS = "Seul le Ministère (bureau central ou direction régionale) importe des tableurs dans le portail."
CSV = "\ufeffneq;nom;type;region\n1171234567;Ébénisterie Côté inc.;Entreprise;17\n1170000000;Sans type;;17\n"


@pytest.fixture
def coordination(db):
    return CoordinationFactory().personne.user


@pytest.fixture
def membre(db):
    return MandatFactory(personne=PersonneFactory(avec_compte=True)).personne.user


def test_seul_le_ministere_importe(central, dr_centre, coordination, membre, client):
    assert verifier("importations.importer", central).ok
    assert verifier("importations.importer", dr_centre).ok
    for user in (coordination, membre):
        verdict = verifier("importations.importer", user)
        assert not verdict.ok and verdict.raison == REFUS
        client.force_login(user)
        reponse = client.get(reverse("importations:deposer"))
        assert reponse.status_code == 403
        assert REFUS.replace("'", "&#x27;") in reponse.content.decode()
        assert client.post(reverse("importations:deposer"), {"type": "organisations", "fichier": fichier(CSV)}).status_code == 403
    assert Importation.objects.count() == 0


def test_un_visiteur_anonyme_est_envoye_a_la_connexion(client):
    assert verifier("importations.importer", None).raison == "Connectez-vous pour accéder à cette action."
    reponse = client.get(reverse("importations:deposer"))
    assert reponse.status_code == 302 and reverse("login") in reponse["Location"]
    assert client.get(reverse("importations:modele", args=["creneaux", "csv"])).status_code == 302


def test_deposer_voir_l_apercu_puis_confirmer(central, client, django_assert_max_num_queries):
    client.force_login(central)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("importations:deposer"))
    assert page.status_code == 200
    assert reverse("importations:modele", args=["organisations", "xlsx"]) in page.content.decode()

    reponse = client.post(reverse("importations:deposer"), {"type": "organisations", "fichier": fichier(CSV, "registre.csv")})
    importation = Importation.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == importation.get_absolute_url()
    apercu = client.get(importation.get_absolute_url()).content.decode()
    assert "1 à créer" in apercu and "1 invalide" in apercu
    assert "Ce champ ne peut pas être vide." in apercu or "Ce champ est obligatoire." in apercu
    assert Organisation.objects.count() == 0

    refus = client.post(reverse("importations:confirmer", args=[importation.pk]))
    assert refus.status_code == 400
    assert "1 ligne est invalide" in refus.content.decode()
    assert Organisation.objects.count() == 0

    reponse = client.post(reverse("importations:confirmer", args=[importation.pk]), {"ignorer_invalides": "on"})
    assert reponse.status_code == 302
    importation.refresh_from_db()
    assert (importation.statut, importation.auteur, importation.nom_fichier) == ("confirmee", central, "registre.csv")
    assert (importation.crees, importation.invalides) == (1, 1) and len(importation.sha256) == 64
    assert Organisation.objects.get().neq == "1171234567"
    page = client.get(reverse("importations:deposer")).content.decode()
    assert "registre.csv" in page

    deja = client.post(reverse("importations:confirmer", args=[importation.pk]), {"ignorer_invalides": "on"})
    assert deja.status_code == 400 and "Cette importation est déjà confirmée." in deja.content.decode()


def test_l_apercu_d_une_autre_personne_ne_se_confirme_pas(central, dr_centre, client):
    client.force_login(central)
    client.post(reverse("importations:deposer"), {"type": "organisations", "fichier": fichier(CSV)})
    importation = Importation.objects.get()
    client.force_login(dr_centre)
    reponse = client.post(reverse("importations:confirmer", args=[importation.pk]), {"ignorer_invalides": "on"})
    assert reponse.status_code == 403
    assert "seule la personne qui a déposé le fichier le confirme" in reponse.content.decode()
    assert Organisation.objects.count() == 0


def test_un_type_force_est_refuse_a_cote_de_son_champ(central, client):
    client.force_login(central)
    reponse = client.post(reverse("importations:deposer"), {"type": "budgets", "fichier": fichier(CSV)})
    assert reponse.status_code == 200
    assert reponse.context["form"].errors["type"]
    assert client.get(reverse("importations:modele", args=["budgets", "csv"])).status_code == 404
    assert client.get(reverse("importations:confirmer", args=[999])).status_code == 405
    assert client.post(reverse("importations:confirmer", args=[999])).status_code == 404


@pytest.mark.parametrize("type_", [t for t, _l in Importation.Type.choices])
def test_les_modeles_se_telechargent_en_csv_et_en_xlsx(central, client, type_):
    client.force_login(central)
    csv = client.get(reverse("importations:modele", args=[type_, "csv"]))
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    entetes, exemple = csv.content.decode("utf-8-sig").splitlines()
    xlsx = client.get(reverse("importations:modele", args=[type_, "xlsx"]))
    classeur = load_workbook(io.BytesIO(xlsx.content))
    assert [c.value for c in classeur.worksheets[0][1]] == entetes.split(";")
    assert classeur.worksheets[1].title == "Aide"


def test_le_ministere_donne_son_second_facteur_avant_d_importer(central, client, settings):
    """As on every Ministère page: logged in with a password only, it is sent to the second factor."""
    settings.DOUBLE_FACTEUR_CONNEXIONS_DE_CONFIANCE = []
    from tests.factories import MOT_DE_PASSE

    client.post(reverse("login"), {"username": central.username, "password": MOT_DE_PASSE})
    for demande in (
        client.get(reverse("importations:deposer")),
        client.post(reverse("importations:deposer"), {"type": "organisations", "fichier": fichier(CSV)}),
    ):
        assert demande.status_code == 302 and demande.url.startswith(reverse("double_facteur_activer"))
    assert Importation.objects.count() == 0
