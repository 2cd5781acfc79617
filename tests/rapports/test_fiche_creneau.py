import pytest
from django.urls import reverse

from creneaux.models import Creneau, Entente, PartenariatInternational
from tests.factories import CreneauFactory, OrganisationFactory, UserFactory, region
from tests.rapports.conftest import lire_pdf, polices

pytestmark = pytest.mark.django_db


@pytest.fixture
def meuble():
    c = CreneauFactory(
        nom="Meuble",
        slug="meuble-centre-du-quebec",
        region_porteuse=region("17"),
        secteur="Meuble et bois ouvré",
        vision="Devenir le pôle nord-américain du meuble durable.",
        organisme_gestionnaire=OrganisationFactory(nom="Société de développement économique de Drummondville"),
    )
    c.autres_regions.add(region("04"))
    Entente.objects.create(type=Entente.Type.MISE_EN_OEUVRE, creneau=c, titre="Entente 2024-2029")
    PartenariatInternational.objects.create(creneau=c, partenaire="Pôle Ameublement", pays="France", type="pole")
    return c


def test_anyone_downloads_the_public_fiche_of_a_listed_creneau(client, meuble):
    texte, pages, lecteur = lire_pdf(client.get(reverse("rapports:fiche_creneau", args=[meuble.slug])))

    assert pages == 1
    for attendu in (
        "Fiche du créneau",
        "Meuble",
        "Centre-du-Québec",
        "Mauricie",
        "Reconnu",
        "Devenir le pôle nord-américain du meuble durable.",
        "Société de développement économique de Drummondville",
        "Entente de mise en œuvre",
        "Pôle Ameublement",
        "Page 1 de 1",
    ):
        assert attendu in texte
    assert {"Liberation-Sans", "Liberation-Sans-Bold"} <= {n.split("+")[-1] for n in polices(lecteur)}


def test_the_footer_says_who_generated_it(client, meuble):
    user = UserFactory(first_name="Hélène", last_name="Tremblay")
    client.force_login(user)
    texte, _, _ = lire_pdf(client.get(reverse("rapports:fiche_creneau", args=[meuble.slug])))
    assert "par Hélène Tremblay" in texte
    assert "Généré le" in texte


def test_a_potential_creneau_is_not_public(client, dr_centre, dr_bas_saint_laurent):
    potentiel = CreneauFactory(
        statut=Creneau.Statut.POTENTIEL, date_autorise=None, date_reconnu=None, region_porteuse=region("17")
    )
    url = reverse("rapports:fiche_creneau", args=[potentiel.slug])

    assert client.get(url).status_code == 302  # anonymous: log in first
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(dr_bas_saint_laurent)
    assert client.get(url).status_code == 403
    client.force_login(dr_centre)
    assert client.get(url).status_code == 200


def test_unknown_creneau_is_404(client):
    assert client.get(reverse("rapports:fiche_creneau", args=["inconnu"])).status_code == 404
