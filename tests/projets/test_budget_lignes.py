"""Budget lines added and removed in place: the budget step shows the saved lines and no blank
ones (one when there is none yet); « Ajouter une ligne » asks the server for the next empty row
(htmx), « Retirer » marks a line to delete; the live preview warns of a rate over its cap before
the save, which still refuses it. Nothing typed is lost on a refused save."""

import html
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from creneaux.models import Organisation
from projets import budget
from projets.models import Depense, Financement, Statut
from tests.factories import DepenseFactory, FinancementFactory, OrganisationFactory, circuit

pytestmark = pytest.mark.django_db

D = Decimal
NBSP = "\xa0"
HONORAIRES, FSDCE, PORTEUR, FEDERAL = (
    Depense.Categorie.HONORAIRES,
    Financement.Source.FSDCE,
    Financement.Source.PORTEUR,
    Financement.Source.FEDERAL,
)


@pytest.fixture
def coord(client, c):
    client.force_login(c.coordination)
    return client


@pytest.fixture
def brouillon(c):
    """A draft without budget; its porteur is an OBNL (aid capped at 50 %, cumulated at 70 %)."""
    return c.projet(budget=False, porteur=OrganisationFactory(type=Organisation.Type.OBNL))


def _etape(projet):
    return reverse("projets:etape", args=[projet.pk, "budget"])


def _ligne(projet, prefixe):
    return reverse("projets:ligne_budget", args=[projet.pk, prefixe])


def _apercu(projet):
    return reverse("projets:apercu_budget", args=[projet.pk])


def _texte(reponse):
    return html.unescape(reponse.content.decode()).replace(NBSP, " ")


def _post(projet, depenses, financements, suite="enregistrer"):
    """POST data of the budget step as the page sends it. Each line is a dict of its fields, with
    `id` for a saved line and `DELETE` for one the user removed; a count of saved lines per
    formset is taken from the lines that carry an `id`."""
    data = {"version_lue": projet.version, "suite": suite}
    for prefixe, lignes in (("depenses", depenses), ("financements", financements)):
        initiales = sum(1 for ligne in lignes if ligne.get("id"))
        data |= {f"{prefixe}-TOTAL_FORMS": len(lignes), f"{prefixe}-INITIAL_FORMS": initiales}
        data |= {f"{prefixe}-MIN_NUM_FORMS": 0, f"{prefixe}-MAX_NUM_FORMS": 1000}
        for i, ligne in enumerate(lignes):
            for champ, v in ligne.items():
                if v is True:
                    v = "on"
                if v not in (False, None):
                    data[f"{prefixe}-{i}-{champ}"] = v
            data[f"{prefixe}-{i}-projet"] = projet.pk
    return data


def _valeur(page, nom):
    m = re.search(rf'<input type="hidden" name="{re.escape(nom)}" value="(\d+)"', page)
    return int(m.group(1)) if m else None


# ---- No blank lines; the saved ones, or one to start --------------------------------------------


def test_un_budget_vide_offre_une_seule_ligne_de_chaque(coord, brouillon):
    page = coord.get(_etape(brouillon)).content.decode()
    assert _valeur(page, "depenses-TOTAL_FORMS") == 1 and _valeur(page, "financements-TOTAL_FORMS") == 1
    assert 'name="depenses-0-montant"' in page and 'name="depenses-1-montant"' not in page
    assert "Ajouter une ligne" in page and 'id="ajouter-depenses"' in page and 'id="ajouter-financements"' in page


def test_un_budget_saisi_n_offre_aucune_ligne_vide(coord, c):
    projet = c.projet()  # 2 expenses, 3 financing lines
    page = coord.get(_etape(projet)).content.decode()
    assert _valeur(page, "depenses-TOTAL_FORMS") == 2 and _valeur(page, "financements-TOTAL_FORMS") == 3
    assert 'name="depenses-2-montant"' not in page and 'name="financements-3-montant"' not in page


# ---- « Ajouter une ligne » ---------------------------------------------------------------------


@pytest.mark.parametrize(("prefixe", "champ"), [("depenses", "categorie"), ("financements", "source")])
def test_ajouter_une_ligne_donne_la_ligne_suivante_et_le_nouveau_compte(coord, brouillon, prefixe, champ):
    reponse = coord.get(_ligne(brouillon, prefixe), {f"{prefixe}-TOTAL_FORMS": 3}, HTTP_HX_REQUEST="true")
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert f'<tr id="ligne-{prefixe}-3">' in page
    assert f'name="{prefixe}-3-{champ}"' in page and f'name="{prefixe}-3-montant"' in page
    assert f'name="{prefixe}-3-DELETE"' in page and f'name="{prefixe}-3-id"' in page
    assert f'name="{prefixe}-3-projet" value="{brouillon.pk}"' in page
    assert "__prefix__" not in page and "-2-" not in page
    # The row comes first (the HTML parser keeps a hidden input after a table row, not before).
    assert page.index("<tr") < page.index(f'name="{prefixe}-TOTAL_FORMS"')
    assert re.search(
        rf'<input type="hidden" name="{prefixe}-TOTAL_FORMS" value="4" id="id_{prefixe}-TOTAL_FORMS" data-hx-swap-oob="true">',
        page,
    )
    # The first field of the new row takes the focus once swapped in (htmx honours autofocus).
    assert re.search(rf'<select name="{prefixe}-3-{champ}"[^>]*autofocus', page)
    assert "Retirer" in page and "la ligne 4" in page


def test_ajouter_une_ligne_sans_compte_valable_est_refuse(coord, brouillon):
    assert coord.get(_ligne(brouillon, "depenses")).status_code == 400
    assert coord.get(_ligne(brouillon, "depenses"), {"depenses-TOTAL_FORMS": "x"}).status_code == 400
    assert coord.get(_ligne(brouillon, "depenses"), {"depenses-TOTAL_FORMS": "-1"}).status_code == 400
    assert coord.get(_ligne(brouillon, "depenses"), {"depenses-TOTAL_FORMS": "1000"}).status_code == 400
    assert coord.get(_ligne(brouillon, "versements"), {"versements-TOTAL_FORMS": "1"}).status_code == 404
    assert coord.post(_ligne(brouillon, "depenses"), {"depenses-TOTAL_FORMS": "1"}).status_code == 405


@pytest.mark.parametrize("qui", ["anonyme", "autre_coordination", "secretaire", "dr", "central"])
def test_seule_la_coordination_du_creneau_ajoute_une_ligne(client, c, brouillon, qui):
    if qui != "anonyme":
        client.force_login(circuit("05").coordination if qui == "autre_coordination" else getattr(c, qui))
    reponse = client.get(_ligne(brouillon, "depenses"), {"depenses-TOTAL_FORMS": 1})
    if qui == "anonyme":
        assert reponse.status_code == 302
    else:
        assert reponse.status_code in (403, 404)
    assert b"depenses-1-montant" not in reponse.content


def test_un_projet_soumis_ne_recoit_plus_de_ligne(coord, c):
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    assert coord.get(_ligne(projet, "depenses"), {"depenses-TOTAL_FORMS": 2}).status_code == 403


# ---- Saving added and removed lines ------------------------------------------------------------


def _saisie_ajout_et_retrait(projet, fsdce="40000"):
    """The saved budget (2 expenses, 3 financing lines), the second expense and the private
    financing removed, one expense and one federal financing added."""
    d1, d2 = projet.depenses.order_by("pk")
    f1, f2, f3 = projet.financements.order_by("pk")
    depenses = [
        {"id": d1.pk, "categorie": d1.categorie, "montant": "90000", "admissible": True},
        {"id": d2.pk, "categorie": d2.categorie, "montant": "10000", "admissible": False, "DELETE": True},
        {"categorie": "communication", "description": "Vitrine", "montant": "20000.50", "admissible": True},
    ]
    financements = [
        {"id": f1.pk, "source": FSDCE, "montant": fsdce},
        {"id": f2.pk, "source": PORTEUR, "montant": "30000"},
        {"id": f3.pk, "source": f3.source, "montant": "20000", "DELETE": True},
        {"source": FEDERAL, "description": "DEC", "montant": "10000.50", "confirme": True},
    ]
    return (d1, d2, f1, f2, f3), _post(projet, depenses, financements)


def test_une_ligne_ajoutee_et_une_ligne_retiree_s_enregistrent_exactement(coord, c):
    projet = c.projet()
    (d1, d2, f1, f2, f3), data = _saisie_ajout_et_retrait(projet)
    reponse = coord.post(_etape(projet), data)
    assert reponse.status_code == 302, reponse.context and reponse.context.get("erreurs_budget")
    depenses = list(projet.depenses.order_by("pk").values_list("id", "categorie", "description", "montant", "admissible"))
    assert depenses[0] == (d1.pk, d1.categorie, "", D("90000.00"), True)
    assert depenses[1][1:] == ("communication", "Vitrine", D("20000.50"), True)
    assert len(depenses) == 2 and not Depense.objects.filter(pk=d2.pk).exists()
    financements = list(projet.financements.order_by("pk").values_list("id", "source", "montant", "confirme"))
    assert [f[:3] for f in financements[:2]] == [(f1.pk, FSDCE, D("40000.00")), (f2.pk, PORTEUR, D("30000.00"))]
    assert financements[2][1:] == (FEDERAL, D("10000.50"), True)
    assert len(financements) == 3 and not Financement.objects.filter(pk=f3.pk).exists()


def test_une_ligne_ajoutee_vide_est_ignoree(coord, brouillon):
    # An added row left as it came (an expense is eligible by default) is no line.
    data = _post(brouillon, [{"categorie": HONORAIRES, "montant": "1000", "admissible": True}, {"admissible": True}], [{}, {}])
    assert coord.post(_etape(brouillon), data).status_code == 302
    assert brouillon.depenses.count() == 1 and not brouillon.financements.exists()


def test_rien_n_est_perdu_quand_l_enregistrement_est_refuse(coord, c):
    projet = c.projet()
    avant = sorted(projet.depenses.values_list("pk", "montant")), sorted(projet.financements.values_list("pk", "montant"))
    _lignes, data = _saisie_ajout_et_retrait(projet, fsdce="55000")  # 55 000 $ on 110 000,50 $: over 50 %
    data["financements-0-montant"] = "60000"  # 60 000 / 110 000,50 = 54,5 %
    reponse = coord.post(_etape(projet), data)
    assert reponse.status_code == 200
    assert any("dépasse 50" in m for m in reponse.context["erreurs_budget"])
    page = reponse.content.decode()
    # Every line as typed, added ones and removed ones (still marked), and the same count.
    assert _valeur(page, "depenses-TOTAL_FORMS") == 3 and _valeur(page, "financements-TOTAL_FORMS") == 4
    assert 'value="20000.50"' in page and 'value="Vitrine"' in page and 'value="10000.50"' in page
    assert re.search(r'name="depenses-1-DELETE"[^>]*checked', page)
    assert re.search(r'name="financements-2-DELETE"[^>]*checked', page)
    assert not re.search(r'name="depenses-2-DELETE"[^>]*checked', page)
    # The preview says it too, with the figures.
    assert "Taux d'aide 54,5 %" in _texte(reponse)
    # Nothing saved.
    apres = sorted(projet.depenses.values_list("pk", "montant")), sorted(projet.financements.values_list("pk", "montant"))
    assert apres == avant


# ---- The live preview flags a rate over its cap ------------------------------------------------


def _budget_simple(projet, fsdce, federal="0"):
    """100 000 $ of eligible costs; FSDCE `fsdce`, federal `federal`, the porteur the rest."""
    reste = D(100000) - D(fsdce) - D(federal)
    return _post(
        projet,
        [{"categorie": HONORAIRES, "montant": "100000", "admissible": True}],
        [
            {"source": FSDCE, "montant": fsdce},
            {"source": FEDERAL, "montant": federal},
            {"source": PORTEUR, "montant": str(reste)},
        ],
    )


def test_l_apercu_signale_un_taux_d_aide_au_dela_du_plafond(coord, brouillon):
    reponse = coord.post(_apercu(brouillon), _budget_simple(brouillon, "55000"), HTTP_HX_REQUEST="true")
    texte = _texte(reponse)
    assert 'id="depassements"' in texte
    assert "Taux d'aide 55 % (55 000,00 $) : plafond 50 % pour un porteur de type « OBNL dédié »" in texte
    assert "soit 50 000,00 $ sur 100 000,00 $ de coûts admissibles" in texte
    assert "au-delà du plafond" in texte and "Cumul des aides gouvernementales 55" not in texte
    assert not brouillon.financements.exists()
    # …and the save still refuses it.
    assert coord.post(_etape(brouillon), _budget_simple(brouillon, "55000")).status_code == 200
    assert not brouillon.financements.exists()


def test_l_apercu_signale_le_cumul_des_aides_au_dela_du_plafond(coord, brouillon):
    reponse = coord.post(_apercu(brouillon), _budget_simple(brouillon, "50000", federal="25000"), HTTP_HX_REQUEST="true")
    texte = _texte(reponse)
    assert "Cumul des aides gouvernementales 75 % (75 000,00 $) : plafond 70 % pour un porteur de type « OBNL dédié »" in texte
    assert "Taux d'aide 50 %" not in texte  # the aid rate itself is within its cap


@pytest.mark.parametrize(("fsdce", "federal"), [("50000", "20000"), ("10000", "0"), ("0", "0")])
def test_l_apercu_ne_signale_rien_dans_les_plafonds(coord, brouillon, fsdce, federal):
    reponse = coord.post(_apercu(brouillon), _budget_simple(brouillon, fsdce, federal), HTTP_HX_REQUEST="true")
    texte = _texte(reponse)
    assert reponse.status_code == 200
    assert 'id="depassements"' not in texte and "au-delà du plafond" not in texte


def test_l_apercu_suit_le_type_du_porteur(coord, c):
    projet = c.projet(budget=False, porteur=OrganisationFactory(type=Organisation.Type.ENTREPRISE))
    texte = _texte(coord.post(_apercu(projet), _budget_simple(projet, "45000"), HTTP_HX_REQUEST="true"))
    assert "Taux d'aide 45 % (45 000,00 $) : plafond 40 % pour un porteur de type « Entreprise »" in texte


def test_l_apercu_signale_un_porteur_non_admissible(coord, c):
    projet = c.projet(budget=False, porteur=OrganisationFactory(type=Organisation.Type.PUBLIC))
    texte = _texte(coord.post(_apercu(projet), _budget_simple(projet, "10000"), HTTP_HX_REQUEST="true"))
    assert "ne sont pas admissibles au programme FSDCE" in texte


def test_l_apercu_ignore_une_ligne_retiree(coord, brouillon):
    data = _budget_simple(brouillon, "55000")
    assert "Taux d'aide 55 %" in _texte(coord.post(_apercu(brouillon), data, HTTP_HX_REQUEST="true"))
    data["financements-0-DELETE"] = "on"
    assert 'id="depassements"' not in _texte(coord.post(_apercu(brouillon), data, HTTP_HX_REQUEST="true"))


def test_l_apercu_au_chargement_de_l_etape_signale_le_budget_enregistre(coord, c):
    projet = c.projet(budget=False, porteur=OrganisationFactory(type=Organisation.Type.OBNL))
    DepenseFactory(projet=projet, montant=D("100000"))
    FinancementFactory(projet=projet, source=FSDCE, montant=D("60000"))  # e.g. saved before the porteur changed
    assert "Taux d'aide 60 %" in _texte(coord.get(_etape(projet)))


@pytest.mark.parametrize("qui", ["anonyme", "autre_coordination", "membre"])
def test_seule_la_coordination_voit_l_apercu(client, c, brouillon, qui):
    if qui != "anonyme":
        client.force_login(circuit("05").coordination if qui == "autre_coordination" else getattr(c, qui))
    reponse = client.post(_apercu(brouillon), _budget_simple(brouillon, "55000"), HTTP_HX_REQUEST="true")
    assert reponse.status_code in (302, 403, 404)
    assert b"Taux d'aide" not in reponse.content


def test_l_apercu_reste_borne_quel_que_soit_le_nombre_de_lignes(coord, c, django_assert_max_num_queries):
    def budget_de(n):
        projet = c.projet(budget=False)
        for _ in range(n):
            DepenseFactory(projet=projet, montant=D("1000"))
            FinancementFactory(projet=projet, source=PORTEUR, montant=D("1000"))
        depenses = [{"id": d.pk, "categorie": d.categorie, "montant": "1000", "admissible": True} for d in projet.depenses.all()]
        financements = [{"id": f.pk, "source": PORTEUR, "montant": "1000"} for f in projet.financements.all()]
        depenses.append({"categorie": HONORAIRES, "montant": "500", "admissible": True})
        return projet, _post(projet, depenses, financements)

    nombres = []
    for n in (1, 25):
        projet, data = budget_de(n)
        coord.post(_apercu(projet), data, HTTP_HX_REQUEST="true")  # the roles are then in the cache
        with django_assert_max_num_queries(9) as requetes:  # user, project (4), lines (2)
            assert coord.post(_apercu(projet), data, HTTP_HX_REQUEST="true").status_code == 200
        nombres.append(len(requetes))
    assert nombres[0] == nombres[1]


def test_ajouter_une_ligne_reste_borne(coord, c, django_assert_max_num_queries):
    projet = c.projet()
    with django_assert_max_num_queries(11):
        assert coord.get(_ligne(projet, "financements"), {"financements-TOTAL_FORMS": 3}).status_code == 200


# ---- Accessible --------------------------------------------------------------------------------


class _Champs(HTMLParser):
    """The form fields of a page, the ids named by its <label for>, the live regions."""

    def __init__(self):
        super().__init__()
        self.champs, self.etiquettes, self.vivantes = [], set(), {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.champs.append(a)
        if tag == "label" and a.get("for"):
            self.etiquettes.add(a["for"])
        if a.get("aria-live"):
            self.vivantes[a.get("id")] = a["aria-live"]


def test_chaque_champ_du_budget_a_un_nom_accessible(coord, c):
    projet = c.projet()
    pages = [
        coord.get(_etape(projet)).content.decode(),
        coord.get(_ligne(projet, "depenses"), {"depenses-TOTAL_FORMS": 2}).content.decode(),
    ]
    for page in pages:
        p = _Champs()
        p.feed(page)
        lignes = [ch for ch in p.champs if re.match(r"(depenses|financements)-\d+-", ch.get("name", ""))]
        assert lignes
        for champ in lignes:
            assert champ.get("aria-label") or champ.get("id") in p.etiquettes, champ
    p = _Champs()
    p.feed(pages[0])
    assert p.vivantes.get("totaux") == "polite"
    # « Retirer » is a labelled checkbox (a toggle button to the eye), one per line.
    assert pages[0].count(' Retirer<span class="visually-hidden"> la ligne') == 5


# ---- The rule behind the preview ---------------------------------------------------------------


def test_tableau_donne_les_depassements_avec_leurs_chiffres():
    from tests.factories import fsdce

    programme = fsdce()
    obnl = OrganisationFactory(type=Organisation.Type.OBNL)
    depenses = [{"montant": D("100000"), "admissible": True}]

    def t(demande, federal="0"):
        financements = [{"source": FSDCE, "montant": D(demande)}, {"source": FEDERAL, "montant": D(federal)}]
        return budget.tableau(programme, obnl, depenses, financements)["depassements"]

    assert t("50000") == {} and t("50000", "20000") == {}
    assert set(t("50000.01")) == {"taux_aide"}
    assert set(t("50000", "20000.01")) == {"taux_cumul"}
    assert set(t("71000")) == {"taux_aide", "taux_cumul"}
    assert budget.tableau(programme, None, depenses, [])["depassements"] == {}


def test_un_montant_negatif_est_refuse_sur_sa_ligne(coord, brouillon):
    data = _post(brouillon, [{"categorie": HONORAIRES, "montant": "-1", "admissible": True}], [])
    reponse = coord.post(_etape(brouillon), data)
    assert reponse.status_code == 200
    formset = reponse.context["budget_formsets"][0][1]
    assert formset.forms[0].errors["montant"]
    assert not brouillon.depenses.exists()


def test_l_id_d_une_ligne_d_un_autre_projet_n_est_pas_un_choix(coord, c, brouillon):
    autre = c.projet().depenses.first()
    data = _post(brouillon, [{"id": autre.pk, "categorie": HONORAIRES, "montant": "1", "admissible": True}], [])
    assert coord.post(_etape(brouillon), data).status_code == 200
    autre.refresh_from_db()
    assert autre.montant != 1 and not brouillon.depenses.exists()


# ---- In a browser ------------------------------------------------------------------------------


def _connecter(page, user):
    """Open a session for `user` (the log-in page itself is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.url_base,
            }
        ]
    )


@pytest.mark.navigateur
@pytest.mark.django_db(transaction=True)
def test_dans_le_navigateur_les_lignes_s_ajoutent_et_se_retirent_sur_place(page, live_server, captures):
    c = circuit()
    projet = c.projet(budget=False, porteur=OrganisationFactory(type=Organisation.Type.OBNL))
    page.url_base = live_server.url
    _connecter(page, c.coordination)
    page.goto(_etape(projet))
    expect(page.locator("#lignes-depenses tbody tr")).to_have_count(1)
    page.select_option("#id_depenses-0-categorie", "honoraires")
    page.fill("#id_depenses-0-montant", "100000")

    # « Ajouter une ligne »: a new row, focused, and the count of lines follows.
    page.get_by_role("button", name="Ajouter une ligne de dépense").click()
    expect(page.locator("#ligne-depenses-1")).to_be_visible()
    expect(page.locator("#id_depenses-1-categorie")).to_be_focused()
    expect(page.locator("#id_depenses-TOTAL_FORMS")).to_have_value("2")
    page.select_option("#id_depenses-1-categorie", "communication")
    page.fill("#id_depenses-1-description", "Dépliant")
    page.fill("#id_depenses-1-montant", "20000")

    page.select_option("#id_financements-0-source", "fsdce")
    page.fill("#id_financements-0-montant", "60000")
    page.get_by_role("button", name="Ajouter une ligne de financement").click()
    expect(page.locator("#id_financements-TOTAL_FORMS")).to_have_value("2")
    page.select_option("#id_financements-1-source", "porteur")
    page.fill("#id_financements-1-montant", "60000")
    page.locator("#id_financements-1-montant").blur()
    expect(page.locator("#totaux")).not_to_contain_text("Écart")  # 120 000 $ on both sides
    expect(page.locator("#depassements")).to_have_count(0)  # 60 000 / 120 000 = 50 %

    # « Retirer » the second expense: the rate goes over its cap, said before saving.
    page.get_by_text("Retirer la ligne 2").first.click()
    expect(page.get_by_label("Retirer la ligne 2").first).to_be_checked()
    expect(page.locator("#depassements")).to_contain_text("Taux d'aide 60\xa0% (60\xa0000,00\xa0$) : plafond 50\xa0%")
    page.screenshot(path=captures / "projets-budget-plafond.png", full_page=True)

    # Within the cap again, then saved: exactly the lines kept.
    page.fill("#id_financements-0-montant", "50000")
    page.fill("#id_financements-1-montant", "50000")
    page.locator("#id_financements-1-montant").blur()
    expect(page.locator("#depassements")).to_have_count(0)
    page.click("button[value=enregistrer]")
    page.wait_for_url(f"**{projet.get_absolute_url()}")
    assert list(projet.depenses.values_list("categorie", "montant")) == [("honoraires", D("100000.00"))]
    assert sorted(projet.financements.values_list("source", "montant")) == [("fsdce", D("50000.00")), ("porteur", D("50000.00"))]
