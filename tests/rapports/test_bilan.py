import pytest
from django.urls import reverse

from bilans import actions
from bilans.models import BilanAnnuel
from tests.bilans.conftest import completer_indicateurs
from tests.factories import (
    ComiteFactory,
    CoordinationFactory,
    CreneauFactory,
    MandatFactory,
    PersonneFactory,
    UserFactory,
    region,
)
from tests.rapports.conftest import lire_pdf

pytestmark = pytest.mark.django_db
EXERCICE = 2025


@pytest.fixture
def coordination():
    return CoordinationFactory(creneau=CreneauFactory(nom="Meuble", region_porteuse=region("17"))).personne.user


@pytest.fixture
def bilan(coordination):
    creneau = coordination.personne.coordinations.get().creneau
    b = actions.ouvrir(creneau, par=coordination, exercice=EXERCICE)
    b.faits_saillants = "Trois missions commerciales et un nouveau centre de design."
    b.save()
    b.sections.filter(enjeu="innovation").update(texte="Le laboratoire de finition a ouvert ses portes.")
    completer_indicateurs(b, coordination)
    return actions.soumettre(b, par=coordination)


def test_the_submitted_bilan_prints_as_filed(client, coordination, bilan):
    client.force_login(coordination)
    texte, pages, _ = lire_pdf(client.get(reverse("rapports:bilan", args=[bilan.pk])))
    for attendu in (
        "Bilan annuel 2025-2026",
        "Meuble",
        "Soumis",
        "Trois missions commerciales et un nouveau centre de design.",
        "Le laboratoire de finition a ouvert ses portes.",
        "Soumission",
    ):
        assert attendu in texte
    premier = bilan.valeurs.select_related("indicateur").first()
    assert premier is None or premier.indicateur.libelle[:30] in texte
    assert pages <= 6


def test_the_accepted_bilan_prints_its_acceptance(client, dr_centre, bilan):
    actions.accepter(bilan, par=dr_centre, commentaire="Bilan complet.")
    client.force_login(dr_centre)
    texte, _, _ = lire_pdf(client.get(reverse("rapports:bilan", args=[bilan.pk])))
    assert "Accepté" in texte and "Acceptation" in texte and "Bilan complet." in texte


def test_a_draft_bilan_is_not_printed(client, coordination):
    brouillon = actions.ouvrir(coordination.personne.coordinations.get().creneau, par=coordination, exercice=EXERCICE)
    client.force_login(coordination)
    assert client.get(reverse("rapports:bilan", args=[brouillon.pk])).status_code == 403


def test_the_bilan_is_refused_outside_its_creneau_and_region(client, bilan, dr_bas_saint_laurent):
    url = reverse("rapports:bilan", args=[bilan.pk])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(dr_bas_saint_laurent)
    assert client.get(url).status_code == 403
    autre = MandatFactory(comite=ComiteFactory(), personne=PersonneFactory(avec_compte=True)).personne.user
    client.force_login(autre)
    assert client.get(url).status_code == 403


def test_the_regional_report_shows_each_creneau_bilan(client, dr_centre, bilan):
    client.force_login(dr_centre)
    texte, _, _ = lire_pdf(client.get(reverse("rapports:rapport_regional", args=["17"]), {"exercice": EXERCICE}))
    assert BilanAnnuel.objects.get().statut == "soumis"
    assert "Bilan 2025-2026" in texte and "Soumis (soumis le" in texte


def test_en_anglais_les_indicateurs_l_enjeu_et_le_secteur_ont_leur_nom_anglais(client, coordination, bilan):
    """Catalogue data read in English: English page and English PDF, French ones unchanged."""
    from django.conf import settings

    creneau = bilan.creneau
    creneau.secteur, creneau.secteur_en = "Bois et meuble", "Wood and furniture"
    creneau.save()
    client.force_login(coordination)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("bilans:detail", args=[bilan.pk])).content.decode()
    assert "Jobs created or maintained" in page and "Emplois créés ou maintenus" not in page
    texte, _, _ = lire_pdf(client.get(reverse("rapports:bilan", args=[bilan.pk])))
    assert "Jobs created or maintained" in texte and "Emplois créés" not in texte
    assert "Innovation" in texte and "Annual report" in texte
    fiche = client.get(reverse("creneaux:fiche", args=[creneau.slug])).content.decode()
    assert "Wood and furniture" in fiche and "Bois et meuble" not in fiche
    texte, _, _ = lire_pdf(client.get(reverse("rapports:fiche_creneau", args=[creneau.slug])))
    assert "Wood and furniture" in texte and "Bois et meuble" not in texte
    # In French: the French names.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr-ca"
    texte, _, _ = lire_pdf(client.get(reverse("rapports:bilan", args=[bilan.pk])))
    assert "Emplois créés ou maintenus" in texte and "Jobs created" not in texte
