import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader
from weasyprint.formatting_structure.boxes import TableBox

from noyau.formats import format_argent
from rapports import documents
from rapports.indicateurs import NOMBRE, TEXTE, Tableau
from rapports.pdf import ecrire_pdf, rendre_document
from tests.factories import (
    ComiteFactory,
    CreneauFactory,
    MandatFactory,
    PersonneFactory,
    ProjetRapportFactory,
    UserFactory,
    VersementRapportFactory,
    region,
)
from tests.rapports.conftest import lire_pdf
from tests.rapports.donnees import province

pytestmark = pytest.mark.django_db


def money(valeur):
    return format_argent(valeur).replace("\xa0", " ")


@pytest.fixture
def donnees():
    return province()


def test_central_downloads_the_provincial_report_with_its_totals(client, central, donnees):
    client.force_login(central)
    texte, pages, _ = lire_pdf(client.get(reverse("rapports:rapport_provincial") + "?exercice=2026"))

    demande = Decimal("150000.00") + Decimal("80000.25") + Decimal("60000.00") + Decimal("200000.00")
    accorde = Decimal("120000.00") + Decimal("200000.00")  # accepted and en réalisation; the refused one counts nothing
    verse = Decimal("50000.00") + Decimal("25000.50") + Decimal("100000.00")
    assert money(demande) == "490 000,25 $"
    for attendu in (money(demande), money(accorde), money(verse)):
        assert attendu in texte
    # Envelopes over every exercice: 17 engaged 120 000 + 90 000 (2025), pending 80 000,25.
    assert money(Decimal("4000000") - Decimal("210000")) in texte
    assert money(Decimal("80000.25")) in texte
    for nom in ("Bas-Saint-Laurent", "Centre-du-Québec", "Gaspésie"):
        assert nom in texte
    assert "Sommaire" in texte and "Annexe" in texte
    assert 4 <= pages <= 10
    assert f"Page 2 de {pages}" in texte

    # The project list is the report's spreadsheet annex, linked from the PDF.
    annexe = annexe_csv(client, "rapports:annexe_provinciale", [], texte)
    assert "Design durable du meuble" in annexe and "Valorisation des algues" in annexe
    assert "Banc d'essai ergonomique" not in annexe  # filed and accepted in 2025-2026, nothing since
    assert annexe.strip().splitlines()[-1].startswith("Total;")


def annexe_csv(client, vue, args, texte):
    """The CSV annex whose link the PDF `texte` prints, as the reader's browser would fetch it."""
    chemin = reverse(vue, args=[*args, "csv"]) + "?exercice=2026"
    assert settings.PORTAIL_URL + chemin in "".join(texte.split())
    reponse = client.get(chemin)
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("text/csv")
    return reponse.content.decode("utf-8-sig")


def test_the_regional_report_holds_its_region_only(client, dr_centre, donnees):
    client.force_login(dr_centre)
    texte, pages, _ = lire_pdf(client.get(reverse("rapports:rapport_regional", args=["17"]) + "?exercice=2026"))

    assert "Centre-du-Québec" in texte
    annexe = annexe_csv(client, "rapports:annexe_regionale", ["17"], texte)
    assert "Design durable du meuble" in annexe and "Mission export Chicago" in annexe
    assert "Valorisation des algues" not in annexe
    assert money(Decimal("150000.00") + Decimal("80000.25")) in texte  # requested in the region
    assert money(Decimal("4000000.00")) in texte  # the envelope
    assert money(Decimal("4000000") - Decimal("210000")) in texte  # available
    assert "Accroître la productivité des entreprises" in texte
    assert 2 <= pages <= 6


@pytest.mark.parametrize("nom,args", [("rapports:rapport_provincial", []), ("rapports:rapport_regional", ["17"])])
def test_reports_are_refused_to_anonymous_and_to_non_ministry_users(client, nom, args):
    url = reverse(nom, args=args)
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_a_direction_regionale_gets_its_regional_report_only(client, dr_bas_saint_laurent):
    client.force_login(dr_bas_saint_laurent)
    assert client.get(reverse("rapports:rapport_regional", args=["17"])).status_code == 403
    assert client.get(reverse("rapports:rapport_provincial")).status_code == 403
    assert client.get(reverse("rapports:rapport_regional", args=["01"])).status_code == 200
    # The annexes follow their report's rule.
    assert client.get(reverse("rapports:annexe_regionale", args=["17", "xlsx"])).status_code == 403
    assert client.get(reverse("rapports:annexe_provinciale", args=["csv"])).status_code == 403
    assert client.get(reverse("rapports:annexe_regionale", args=["01", "xlsx"])).status_code == 200
    assert client.get(reverse("rapports:annexe_regionale", args=["01", "exe"])).status_code == 404


def test_the_comite_regional_reads_its_region_s_report_only(client):
    comite = ComiteFactory(type="regional", region=region("17"), creneau=None, nom="Comité régional ACCORD du Centre-du-Québec")
    membre = MandatFactory(comite=comite, personne=PersonneFactory(user=UserFactory()), role="president").personne.user
    client.force_login(membre)
    assert client.get(reverse("rapports:rapport_regional", args=["17"]), {"exercice": 2026}).status_code == 200
    assert client.get(reverse("rapports:rapport_regional", args=["01"])).status_code == 403
    assert client.get(reverse("rapports:rapport_provincial")).status_code == 403


@pytest.mark.parametrize("nom,args", [("rapports:annexe_provinciale", ["csv"]), ("rapports:annexe_regionale", ["17", "csv"])])
def test_annexes_are_refused_to_anonymous_and_to_non_ministry_users(client, nom, args):
    url = reverse(nom, args=args)
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("nombre", [5, 50])
def test_reports_run_a_fixed_number_of_queries(client, central, django_assert_max_num_queries, nombre):
    for projet in ProjetRapportFactory.create_batch(nombre, demande=Decimal("1000.00"), exercice=2026):
        VersementRapportFactory(projet=projet)
    client.force_login(central)
    with django_assert_max_num_queries(80):
        assert client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026}).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("rapports:rapport_regional", args=["17"]), {"exercice": 2026}).status_code == 200


def test_a_table_over_several_pages_repeats_its_header_and_gives_its_total_once(client, dr_centre, donnees):
    for _ in range(45):  # the créneaux table of the region now runs over several pages
        CreneauFactory(region_porteuse=region("17"))
    client.force_login(dr_centre)
    texte, pages, lecteur = lire_pdf(client.get(reverse("rapports:rapport_regional", args=["17"]) + "?exercice=2026"))
    par_page = [" ".join(p.extract_text().split()) for p in lecteur.pages]
    entete = "Créneau Région Projets Demandé"
    assert sum(entete in p for p in par_page) >= 2
    # The créneaux table's total row (projects, requested, granted, paid, committed): once, at its end.
    assert texte.count("Total 2 230 000,25 $ 120 000,00 $ 75 000,50 $ 210 000,00 $") == 1


def _pages_texte(document):
    """The text of each page of a rendered document, spaces normalised."""
    lecteur = PdfReader(io.BytesIO(ecrire_pdf(document)))
    return [" ".join(p.extract_text().replace("\xa0", " ").replace("\u202f", " ").split()) for p in lecteur.pages]


def test_the_17_regions_fit_the_landscape_page_with_their_total_under_the_last_region(central, donnees):
    """Twelve columns of amounts: the table stays inside the margins, and its total row is on the
    page of the last region, not alone on the next one."""
    gabarit, contexte, _ = documents.rapport_provincial(central, 2026)
    document = rendre_document(gabarit, contexte)
    tables = [
        (page._page_box, b)
        for page in document.pages
        for b in page._page_box.descendants()
        if isinstance(b, TableBox) and b.element.get("id") == "tableau-regions"
    ]
    assert tables
    for boite, table in tables:
        assert table.border_box_x() + table.border_width() <= boite.content_box_x() + boite.width + 0.5
    page = next(p for p in _pages_texte(document) if "Code Région Projets" in p)
    assert "17 Centre-du-Québec 2 230 000,25 $" in page
    assert "Total 4 490 000,25 $ 320 000,00 $ 175 000,50 $ 73 600 000,00 $" in page


def test_a_total_row_never_starts_a_page_alone():
    """However many rows a table has, its total is printed on the page of its last row."""
    colonnes = [("libelle", "Ligne", TEXTE), ("nb", "Projets", NOMBRE)]
    for n in range(25, 80):
        lignes = [{"libelle": f"Ligne {i}", "nb": i} for i in range(1, n + 1)]
        tableau = Tableau("essai", "Essai", colonnes, lignes, {"libelle": "Total", "nb": n})
        pages = _pages_texte(rendre_document("rapports/_tableau.html", {"tableau": tableau}))
        page_derniere = next(i for i, p in enumerate(pages) if f"Ligne {n} {n}" in p)
        page_total = next(i for i, p in enumerate(pages) if f"Total {n}" in p)
        assert page_total == page_derniere, n
        if page_derniere == 1:  # the table now runs over two pages: every break was tried
            break
    else:
        pytest.fail("the table never reached a second page")
