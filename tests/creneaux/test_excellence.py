"""A potential créneau's member companies and dossier d'excellence, through its fiche's pages,
up to the Ministère's authorisation that cites them; the fiche and its PDF show them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from creneaux.models import Creneau, DossierExcellence, MembreCreneau, Organisation
from noyau.horloge import aujourdhui
from noyau.templatetags.formats import date_longue
from tests.factories import PDF_MINIMAL, CreneauFactory, MembreCreneauFactory, OrganisationFactory, region
from tests.rapports.conftest import lire_pdf

AUJOURDHUI = aujourdhui().isoformat()
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def potentiel(db):
    return CreneauFactory(
        nom="Bio-industries",
        slug="bio-industries",
        statut="potentiel",
        date_autorise=None,
        date_reconnu=None,
        region_porteuse=region("17"),
    )


@pytest.fixture
def coordination_potentiel(potentiel):
    from tests.factories import CoordinationFactory

    return CoordinationFactory(creneau=potentiel).personne.user


def _entreprise(nom):
    return OrganisationFactory(nom=nom, type=Organisation.Type.ENTREPRISE, region=region("17"))


def _ajouter_membre(client, creneau, organisation, leader=False, debut="2024-04-01"):
    donnees = {"organisation": organisation.pk, "debut": debut}
    if leader:
        donnees["leader"] = "on"
    return client.post(reverse("creneaux:membre_ajouter", args=[creneau.slug]), donnees)


def _etape(client, creneau, statut="autorise", date="2025-06-02", motif="Secteur documenté"):
    return client.post(reverse("creneaux:etape", args=[creneau.slug]), {"statut": statut, "date": date, "motif": motif})


def test_la_coordination_inscrit_les_entreprises_membres_et_la_fiche_les_compte(client, potentiel, coordination_potentiel):
    client.force_login(coordination_potentiel)
    assert _ajouter_membre(client, potentiel, _entreprise("Biopro inc."), leader=True).status_code == 302
    assert _ajouter_membre(client, potentiel, _entreprise("Enzymes Québec")).status_code == 302
    ancienne = _entreprise("Fermée ltée")
    _ajouter_membre(client, potentiel, ancienne, debut="2020-01-01")
    m = MembreCreneau.objects.get(organisation=ancienne)
    client.post(
        reverse("creneaux:membre_modifier", args=[potentiel.slug, m.pk]),
        {"organisation": ancienne.pk, "debut": "2020-01-01", "fin": "2023-12-31"},
    )
    page = client.get(potentiel.get_absolute_url()).content.decode()
    assert "2 entreprises membres aujourd’hui" in page and "dont 1 entreprise leader" in page
    assert "Biopro inc." in page and "Fermée ltée" in page and "ancienne membre" in page
    texte, _, _ = lire_pdf(client.get(reverse("rapports:fiche_creneau", args=[potentiel.slug])))
    assert "Entreprises membres" in texte and "2 entreprises membres aujourd’hui" in texte
    assert "Biopro inc." in texte and "Fermée ltée" not in texte  # the PDF lists today's members


def test_une_organisation_qui_n_est_pas_une_entreprise_est_refusee_a_cote_du_champ(client, potentiel, coordination_potentiel):
    client.force_login(coordination_potentiel)
    association = OrganisationFactory(nom="Association du bio", type=Organisation.Type.ASSOCIATION)
    reponse = _ajouter_membre(client, potentiel, association)
    assert reponse.status_code == 200
    assert "Seule une entreprise est membre d&#x27;un créneau" in reponse.content.decode()
    assert reponse.context["form"].errors["organisation"]
    assert not MembreCreneau.objects.exists()


def test_une_meme_entreprise_n_est_pas_membre_deux_fois_en_meme_temps(client, potentiel, coordination_potentiel):
    client.force_login(coordination_potentiel)
    biopro = _entreprise("Biopro inc.")
    _ajouter_membre(client, potentiel, biopro)
    reponse = _ajouter_membre(client, potentiel, biopro, debut="2025-01-01")
    assert "déjà membre du créneau pour cette période" in reponse.content.decode()
    assert MembreCreneau.objects.count() == 1


def test_les_membres_sont_refuses_a_une_autre_coordination_et_a_un_anonyme(client, potentiel, coordination_autre):
    client.force_login(coordination_autre)
    reponse = _ajouter_membre(client, potentiel, _entreprise("Biopro inc."))
    assert reponse.status_code == 403
    assert "Seules la coordination du créneau et la direction régionale" in reponse.content.decode()
    client.logout()
    assert _ajouter_membre(client, potentiel, _entreprise("Autre inc.")).status_code == 302  # to the login page
    assert not MembreCreneau.objects.exists()


def test_l_autorisation_exige_le_dossier_d_excellence_et_une_entreprise_leader(
    client, potentiel, coordination_potentiel, dr_centre, sans_role
):
    client.force_login(dr_centre)
    reponse = _etape(client, potentiel)
    assert reponse.status_code == 200
    erreur = " ".join(reponse.context["form"].errors["statut"])
    assert "aucun dossier d'excellence complet" in erreur and "aucune entreprise n'est membre" in erreur
    potentiel.refresh_from_db()
    assert potentiel.statut == Creneau.Statut.POTENTIEL

    # The coordination files it: an HTML file disguised as PDF is refused next to its field.
    client.force_login(coordination_potentiel)
    url = reverse("creneaux:dossier_excellence", args=[potentiel.slug])
    faux = SimpleUploadedFile("portrait.pdf", HTML, content_type="application/pdf")
    reponse = client.post(url, {"avantages_comparatifs": "Biomasse forestière", "documentation": faux})
    assert "Ce fichier n&#x27;est pas accepté" in reponse.content.decode()
    assert reponse.context["form"].errors["documentation"]
    assert not DossierExcellence.objects.exists()
    sans_fichier = client.post(url, {"avantages_comparatifs": "Biomasse forestière"})
    assert "Joignez la documentation" in " ".join(sans_fichier.context["form"].errors["documentation"])
    pdf = SimpleUploadedFile("portrait.pdf", PDF_MINIMAL, content_type="application/pdf")
    assert (
        client.post(
            url, {"avantages_comparatifs": "Biomasse forestière et chaire de recherche", "documentation": pdf}
        ).status_code
        == 302
    )
    _ajouter_membre(client, potentiel, _entreprise("Enzymes Québec"))

    # Members, but no leader yet: still refused, with the reason.
    client.force_login(dr_centre)
    erreur = " ".join(_etape(client, potentiel).context["form"].errors["statut"])
    assert "aucune de ses 1 entreprises membres n'est une entreprise leader" in erreur
    client.force_login(coordination_potentiel)
    _ajouter_membre(client, potentiel, _entreprise("Biopro inc."), leader=True)

    client.force_login(dr_centre)
    # A decision dated before the dossier was filed cannot rest on it.
    erreur = " ".join(_etape(client, potentiel, date="2025-06-02").context["form"].errors["statut"])
    assert "la décision ne peut précéder le dépôt du dossier d'excellence" in erreur
    assert _etape(client, potentiel, date=AUJOURDHUI).status_code == 302
    potentiel.refresh_from_db()
    assert potentiel.statut == Creneau.Statut.AUTORISE
    dossier = DossierExcellence.objects.get()
    assert (dossier.cite_le.isoformat(), dossier.entreprises_citees, dossier.leaders_cites) == (AUJOURDHUI, 2, 1)
    motif = potentiel.history.latest("history_id").history_change_reason
    assert (
        motif.startswith("Secteur documenté — Dossier d'excellence déposé le")
        and "2 entreprise(s) membre(s), dont 1 leader(s)" in motif
    )

    # The fiche shows it; the documentation is the créneau's and the Ministère's only.
    page = client.get(potentiel.get_absolute_url()).content.decode()
    assert (
        "Biomasse forestière et chaire de recherche" in page
        and f"cité par l’autorisation du Ministère du {date_longue(aujourdhui())}" in page
    )
    telecharger = reverse("creneaux:documentation_excellence", args=[potentiel.slug])
    assert b"".join(client.get(telecharger).streaming_content).startswith(b"%PDF")
    client.force_login(sans_role)
    reponse = client.get(telecharger)
    assert reponse.status_code == 403 and "réservée au créneau et au Ministère" in reponse.content.decode()
    assert telecharger not in client.get(potentiel.get_absolute_url()).content.decode()
    texte, _, _ = lire_pdf(client.get(reverse("rapports:fiche_creneau", args=[potentiel.slug])))
    assert "Dossier d’excellence" in texte and "Biomasse forestière" in texte

    # Once cited, the dossier no longer changes.
    client.force_login(coordination_potentiel)
    reponse = client.post(url, {"avantages_comparatifs": "Réécrit après coup"})
    assert "tant que le créneau est potentiel" in reponse.content.decode()
    dossier.refresh_from_db()
    assert dossier.avantages_comparatifs == "Biomasse forestière et chaire de recherche"


def test_le_dossier_est_refuse_a_qui_ne_tient_pas_le_creneau(client, potentiel, coordination_autre):
    client.force_login(coordination_autre)
    reponse = client.get(reverse("creneaux:dossier_excellence", args=[potentiel.slug]))
    assert reponse.status_code == 403


def test_la_fiche_reste_en_nombre_borne_de_requetes(client, potentiel, coordination_potentiel, django_assert_max_num_queries):
    for i in range(5):
        MembreCreneauFactory(creneau=potentiel, leader=i == 0)
    client.force_login(coordination_potentiel)
    with django_assert_max_num_queries(20):
        assert client.get(potentiel.get_absolute_url()).status_code == 200
