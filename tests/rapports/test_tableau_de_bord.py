import csv
import io
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from openpyxl import load_workbook

from noyau.formats import format_argent
from projets.models import Enveloppe
from rapports.documents import contexte_provincial
from tests.factories import ProjetRapportFactory, UserFactory, fsdce, region
from tests.rapports.conftest import lire_pdf
from tests.rapports.donnees import province

pytestmark = pytest.mark.django_db

URL = reverse("rapports:tableau_de_bord")


@pytest.fixture
def donnees():
    return province()


def test_the_dashboard_shows_the_provincial_figures(client, central, donnees):
    client.force_login(central)
    reponse = client.get(URL, {"exercice": 2026})
    assert reponse.status_code == 200
    contenu = reponse.content.decode().replace("\xa0", " ")
    assert "490 000,25 $" in contenu  # requested
    assert "320 000,00 $" in contenu  # granted
    assert "<svg" in contenu
    texte_pdf, _, _ = lire_pdf(client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026}))
    ind = reponse.context["ind"]
    for ligne in ind.regions.lignes:
        assert ligne["libelle"] in texte_pdf
    # Envelopes (data migration, every region): their total less what is engaged in any exercice.
    disponible = Enveloppe.objects.filter(programme=fsdce()).aggregate(s=Sum("montant"))["s"] - Decimal("410000.00")
    for montant in ("490 000,25 $", "320 000,00 $", "175 000,50 $", format_argent(disponible).replace("\xa0", " ")):
        assert montant in contenu and montant in texte_pdf


def test_filters_narrow_every_table(client, central, donnees):
    client.force_login(central)
    reponse = client.get(URL, {"exercice": 2026, "region": region("01").pk, "enjeu": "innovation"})
    ind = reponse.context["ind"]
    assert [p["titre"] for p in ind.projets] == ["Sonar côtier partagé"]
    assert ind.totaux["demande"] == Decimal("60000.00")
    assert [ligne["code"] for ligne in ind.regions.lignes] == ["01"]


def test_csv_export_is_the_filtered_table_row_for_row(client, central, donnees):
    client.force_login(central)
    filtres = {"exercice": 2026, "region": region("17").pk}
    affiche = client.get(URL, filtres).context["ind"].liste_projets()
    reponse = client.get(reverse("rapports:export", args=["projets", "csv"]), filtres)
    assert reponse["Content-Type"].startswith("text/csv")
    rangees = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert rangees[0][:3] == ["Numéro", "Titre", "Créneau"]
    assert (
        [r[1] for r in rangees[1:-1]]
        == [p["titre"] for p in affiche.lignes]
        == ["Design durable du meuble", "Mission export Chicago"]
    )
    assert rangees[-1][7] == "230000,25"  # total requested in the region: decimal comma (fr-CA)


def test_the_creneaux_export_names_each_creneau_s_region_and_the_page_defines_its_terms(client, central, donnees):
    """Two créneaux may share a name in two regions: the export says which region each is in;
    the dashboard says what each amount means (by exercice, or cumulated since the envelope opened)."""
    client.force_login(central)
    page = client.get(URL, {"exercice": 2026}).content.decode()
    assert "Définition des montants" in page and "Engagé (cumul)" in page and "Accordé (exercice)" in page
    reponse = client.get(reverse("rapports:export", args=["creneaux", "csv"]), {"exercice": 2026})
    rangees = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert rangees[0][:2] == ["Créneau", "Région"]
    assert ["Meuble", "Centre-du-Québec"] in [r[:2] for r in rangees]
    assert all("." not in cellule for r in rangees[1:] for cellule in r[2:])


def test_xlsx_export_is_the_filtered_table_row_for_row(client, central, donnees):
    client.force_login(central)
    filtres = {"exercice": 2026}
    affiche = client.get(URL, filtres).context["ind"].regions
    reponse = client.get(reverse("rapports:export", args=["regions", "xlsx"]), filtres)
    feuille = load_workbook(io.BytesIO(reponse.content)).active
    rangees = list(feuille.iter_rows(values_only=True))
    assert len(rangees) == 1 + 17 + 1
    assert [r[1] for r in rangees[1:-1]] == [ligne["libelle"] for ligne in affiche.lignes]
    assert Decimal(str(rangees[-1][3])) == Decimal("490000.25")
    assert rangees[-1][1] == "Total"


def test_unknown_table_or_format_is_404(client, central):
    client.force_login(central)
    assert client.get(reverse("rapports:export", args=["inconnu", "csv"])).status_code == 404
    assert client.get(reverse("rapports:export", args=["regions", "pdf"])).status_code == 404


@pytest.mark.parametrize("url", [URL, reverse("rapports:export", args=["regions", "csv"])])
def test_the_dashboard_is_for_the_central_ministry_only(client, dr_centre, url):
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(dr_centre)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("nombre", [5, 50])
def test_the_dashboard_runs_a_fixed_number_of_queries(client, central, django_assert_max_num_queries, nombre):
    ProjetRapportFactory.create_batch(nombre, demande=Decimal("1000.00"))
    client.force_login(central)
    with django_assert_max_num_queries(15):
        assert client.get(URL).status_code == 200


def test_the_dashboard_sums_in_the_database_and_reads_one_page_of_projects(client, central, django_assert_max_num_queries):
    """At 10,000 projects the dashboard must not carry every project into Python: the database sums
    the tables (one GROUP BY each, in one query), and only the page shown is read row by row."""
    ProjetRapportFactory.create_batch(60, demande=Decimal("1000.00"))
    client.force_login(central)
    with django_assert_max_num_queries(15) as requetes:
        reponse = client.get(URL)
    lectures = [q["sql"] for q in requetes.captured_queries if 'FROM "projets_projet"' in q["sql"]]
    assert any("GROUP BY g_region" in sql for sql in lectures)
    lignes = [sql for sql in lectures if "GROUP BY g_region" not in sql and '"projets_projet"."titre"' in sql]
    assert len(lignes) == 1 and "LIMIT 50" in lignes[0]
    assert reponse.context["ind"].totaux["nb"] == 60 == reponse.context["page_obj"].paginator.count
    assert len(reponse.context["projets"].lignes) == 50


@pytest.mark.parametrize(
    "filtres",
    [{"exercice": "abc"}, {"exercice": "1800"}, {"region": "999999"}, {"programme": "x"}, {"enjeu": "inconnu"}],
)
def test_a_forged_filter_is_refused_next_to_its_field_never_a_500(client, central, donnees, filtres):
    client.force_login(central)
    reponse = client.get(reverse("rapports:tableau_de_bord"), filtres)
    assert reponse.status_code == 200
    (champ,) = filtres
    assert reponse.context["filtre"].errors[champ]
    # The other filters still apply: with the exercice kept, the figures are those of 2026.
    avec_exercice = {"exercice": "2026", **filtres} if champ != "exercice" else filtres
    ind = client.get(reverse("rapports:tableau_de_bord"), avec_exercice).context["ind"]
    attendu = client.get(reverse("rapports:tableau_de_bord"), {"exercice": "2026"} if champ != "exercice" else {"exercice": ""})
    assert ind.totaux == attendu.context["ind"].totaux
    for format_ in ("csv", "xlsx"):
        assert client.get(reverse("rapports:export", args=["regions", format_]), filtres).status_code == 200


def test_le_disponible_d_une_region_est_le_meme_dans_le_graphique_le_tableau_et_le_pdf(client, central, donnees):
    """Disponible = enveloppe − engagé, for a region with money pending at the Ministère too."""
    client.force_login(central)
    reponse = client.get(URL, {"exercice": 2026})
    lignes = [ligne for ligne in reponse.context["ind"].regions.lignes if ligne["en_attente"]]
    assert lignes, "the data must hold a region with money pending"
    graphique = str(reponse.context["graphiques"][0]["svg"]).replace("\xa0", " ")
    texte_pdf, _, _ = lire_pdf(client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026}))
    page = reponse.content.decode().replace("\xa0", " ")
    graphique_pdf = str(contexte_provincial(2026)["graphiques"][0]["svg"]).replace("\xa0", " ")
    for ligne in lignes:
        attendu = ligne["enveloppe"] - ligne["engage"]
        assert ligne["disponible"] == attendu
        # The chart: the region's bar says the same disponible, and engagé + disponible = envelope.
        court = format_argent(attendu, 0).replace("\xa0", " ")
        assert f"Disponible {court}" in graphique
        assert f"{ligne['libelle']} : {format_argent(ligne['enveloppe'], 0).replace(chr(160), ' ')}" in graphique
        # The table and the PDF.
        assert format_argent(attendu).replace("\xa0", " ") in page
        assert format_argent(attendu).replace("\xa0", " ") in texte_pdf
        # …and the chart the PDF prints (its text alternative).
        assert f"Disponible {court}" in graphique_pdf
