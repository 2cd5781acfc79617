"""Filing a project: the coordination fills the steps; each refusal is said on the right field,
nothing typed is lost and nothing is saved."""

import datetime

import pytest
from django.urls import reverse

from creneaux.models import Organisation
from noyau.champs import TEXTE_MAX
from projets.models import Depense, Financement, Projet, Statut
from tests.factories import OrganisationFactory, ProgrammeFactory, UserFactory, circuit

pytestmark = pytest.mark.django_db


def _etape(projet, etape):
    return reverse("projets:etape", args=[projet.pk, etape])


def _budget(projet, depenses, financements, suite="enregistrer", version=None):
    """POST data of the budget step: `depenses` [(catégorie, montant, admissible)], `financements` [(source, montant)]."""
    data = {"version_lue": projet.version if version is None else version, "suite": suite}
    for prefixe, lignes in (("depenses", depenses), ("financements", financements)):
        data.update({f"{prefixe}-TOTAL_FORMS": len(lignes), f"{prefixe}-INITIAL_FORMS": 0, f"{prefixe}-MIN_NUM_FORMS": 0})
        data[f"{prefixe}-MAX_NUM_FORMS"] = 1000
        for i, ligne in enumerate(lignes):
            if prefixe == "depenses":
                categorie, montant, admissible = ligne
                data.update({f"{prefixe}-{i}-categorie": categorie, f"{prefixe}-{i}-montant": montant})
                if admissible:
                    data[f"{prefixe}-{i}-admissible"] = "on"
            else:
                source, montant = ligne
                data.update({f"{prefixe}-{i}-source": source, f"{prefixe}-{i}-montant": montant})
    return data


@pytest.fixture
def coord(client, c):
    client.force_login(c.coordination)
    return client


# ---- Creating the draft ----------------------------------------------------------------------


def test_la_coordination_cree_un_brouillon_pour_son_creneau(coord, c):
    reponse = coord.get(reverse("projets:nouveau"))
    assert reponse.status_code == 200
    assert list(reponse.context["form"].fields["creneau"].queryset) == [c.creneau]
    programme = reponse.context["form"].initial.get("programme") or reponse.context["form"].instance.programme_id
    reponse = coord.post(
        reverse("projets:nouveau"),
        {"titre": "Veille technologique partagée", "creneau": c.creneau.pk, "programme": programme, "version_lue": 1},
    )
    projet = Projet.objects.get(titre="Veille technologique partagée")
    assert reponse.url == _etape(projet, "porteur")
    assert (projet.statut, projet.cree_par, projet.numero) == (Statut.BROUILLON, c.coordination, None)


def test_seule_une_coordination_depose(client, c):
    client.force_login(c.secretaire)
    assert client.get(reverse("projets:nouveau")).status_code == 403
    client.logout()
    assert client.get(reverse("projets:nouveau")).url.startswith(reverse("login"))


def test_la_coordination_ne_depose_pas_pour_un_autre_creneau(coord, c):
    autre = circuit("05")
    reponse = coord.post(
        reverse("projets:nouveau"),
        {"titre": "Hors créneau", "creneau": autre.creneau.pk, "programme": c.projet().programme_id, "version_lue": 1},
    )
    assert "creneau" in reponse.context["form"].errors
    assert not Projet.objects.filter(titre="Hors créneau").exists()


def test_un_programme_ferme_est_refuse_sur_son_champ(coord, c):
    ferme = ProgrammeFactory(ouverture=datetime.date(2020, 4, 1), fermeture=datetime.date(2021, 3, 31))
    reponse = coord.post(
        reverse("projets:nouveau"),
        {"titre": "Trop tard", "creneau": c.creneau.pk, "programme": ferme.pk, "version_lue": 1},
    )
    assert "n'accepte pas de demande" in reponse.context["form"].errors["programme"][0]
    assert 'value="Trop tard"' in reponse.content.decode()
    assert not Projet.objects.filter(titre="Trop tard").exists()


# ---- Steps -----------------------------------------------------------------------------------


def test_la_fin_avant_le_debut_est_refusee_et_rien_n_est_perdu(coord, brouillon):
    avant = (brouillon.date_debut, brouillon.date_fin)
    reponse = coord.post(
        _etape(brouillon, "dates"),
        {"date_debut": "2026-09-01", "date_fin": "2026-08-31", "version_lue": brouillon.version, "suite": "enregistrer"},
    )
    assert "ne peut précéder son début" in reponse.context["form"].errors["date_fin"][0]
    page = reponse.content.decode()
    assert 'value="2026-09-01"' in page and 'value="2026-08-31"' in page
    brouillon.refresh_from_db()
    assert (brouillon.date_debut, brouillon.date_fin) == avant


def test_une_description_trop_longue_est_refusee_sur_son_champ_et_rien_n_est_perdu(coord, brouillon):
    """A pasted document cannot bloat the file (nor its dossier PDF): the limit is told on the field."""
    coord.post(
        _etape(brouillon, "description"), {"description": "Gardée", "version_lue": brouillon.version, "suite": "enregistrer"}
    )
    brouillon.refresh_from_db()
    reponse = coord.post(
        _etape(brouillon, "description"),
        {"description": "x" * (TEXTE_MAX + 1), "version_lue": brouillon.version, "suite": "enregistrer"},
    )
    assert f"{TEXTE_MAX + 1}" in reponse.context["form"].errors["description"][0].replace("\xa0", "").replace(" ", "")
    brouillon.refresh_from_db()
    assert brouillon.description == "Gardée"
    coord.post(
        _etape(brouillon, "description"),
        {"description": "x" * TEXTE_MAX, "version_lue": brouillon.version, "suite": "enregistrer"},
    )
    brouillon.refresh_from_db()
    assert len(brouillon.description) == TEXTE_MAX


def test_le_meme_jour_de_debut_et_de_fin_passe(coord, brouillon):
    reponse = coord.post(
        _etape(brouillon, "dates"),
        {"date_debut": "2026-09-01", "date_fin": "2026-09-01", "version_lue": brouillon.version, "suite": "enregistrer"},
    )
    assert reponse.status_code == 302
    brouillon.refresh_from_db()
    assert brouillon.date_fin == datetime.date(2026, 9, 1)


def test_un_brouillon_incomplet_s_enregistre_avec_ce_qui_manque(coord, c):
    projet = c.projet(budget=False, partenaires=[], porteur=None)
    reponse = coord.post(
        _etape(projet, "description"),
        {"description": "Une idée à développer", "version_lue": projet.version, "suite": "enregistrer"},
    )
    assert reponse.url == _etape(projet, "dates")
    projet.refresh_from_db()
    assert projet.description == "Une idée à développer"
    page = coord.get(_etape(projet, "dates")).content.decode()
    assert "À régler avant de soumettre" in page
    assert "Indiquez l&#x27;organisation qui porte le projet." in page


def test_un_porteur_non_admissible_est_refuse_sur_son_champ(coord, brouillon):
    ministere = OrganisationFactory(type=Organisation.Type.PUBLIC)
    partenaires = list(brouillon.partenaires.values_list("pk", flat=True))
    reponse = coord.post(
        _etape(brouillon, "porteur"),
        {"porteur": ministere.pk, "partenaires": partenaires, "version_lue": brouillon.version, "suite": "enregistrer"},
    )
    assert "ne sont pas admissibles" in reponse.context["form"].errors["porteur"][0]
    brouillon.refresh_from_db()
    assert brouillon.porteur_id != ministere.pk


def test_trop_peu_de_partenaires_refuse_la_soumission_sur_le_champ(coord, c):
    projet = c.projet()
    seul = projet.partenaires.first()
    reponse = coord.post(
        _etape(projet, "porteur"),
        {"porteur": projet.porteur_id, "partenaires": [seul.pk], "version_lue": projet.version, "suite": "soumettre"},
    )
    assert "au moins 3 entités partenaires" in reponse.context["form"].errors["partenaires"][0]
    projet.refresh_from_db()
    assert projet.statut == Statut.BROUILLON and projet.partenaires.count() == 2


# ---- Budget ----------------------------------------------------------------------------------

HONORAIRES, FSDCE, PORTEUR, FEDERAL = (
    Depense.Categorie.HONORAIRES,
    Financement.Source.FSDCE,
    Financement.Source.PORTEUR,
    Financement.Source.FEDERAL,
)


def test_le_budget_s_enregistre_et_les_totaux_sont_calcules(coord, brouillon):
    data = _budget(
        brouillon, [(HONORAIRES, "90000", True), ("deplacement", "10000", False)], [(FSDCE, "45000"), (PORTEUR, "55000")]
    )
    reponse = coord.post(_etape(brouillon, "budget"), data)
    assert reponse.status_code == 302
    brouillon = Projet.objects.pour_detail().get(pk=brouillon.pk)
    assert (brouillon.cout_total, brouillon.cout_admissible, brouillon.montant_demande) == (100000, 90000, 45000)
    page = coord.get(_etape(brouillon, "budget")).content.decode()
    assert "90\xa0000,00\xa0$" in page and "50,0\xa0%" in page  # eligible costs, 45 000 / 90 000


@pytest.mark.parametrize(
    ("fsdce", "accepte"),
    [("50000.00", True), ("50000.01", False)],
    ids=["exactement-50-pour-cent", "un-cent-de-plus"],
)
def test_l_aide_demandee_plafonnee_au_taux_du_programme(coord, brouillon, fsdce, accepte):
    data = _budget(brouillon, [(HONORAIRES, "100000", True)], [(FSDCE, fsdce), (PORTEUR, "30000")])
    reponse = coord.post(_etape(brouillon, "budget"), data)
    assert (reponse.status_code == 302) is accepte
    if not accepte:
        assert any("dépasse 50\xa0% des coûts admissibles" in m for m in reponse.context["erreurs_budget"])
        assert 'value="50000.01"' in reponse.content.decode()
    assert brouillon.financements.exists() is accepte


@pytest.mark.parametrize(("federal", "accepte"), [("20000.00", True), ("20000.01", False)])
def test_le_cumul_des_aides_gouvernementales_est_plafonne(coord, brouillon, federal, accepte):
    data = _budget(brouillon, [(HONORAIRES, "100000", True)], [(FSDCE, "50000"), (FEDERAL, federal), (PORTEUR, "30000")])
    reponse = coord.post(_etape(brouillon, "budget"), data)
    assert (reponse.status_code == 302) is accepte
    if not accepte:
        assert any("cumul des aides gouvernementales" in m for m in reponse.context["erreurs_budget"])
    assert brouillon.financements.exists() is accepte


@pytest.mark.parametrize(("fsdce", "accepte"), [("40000.00", True), ("40000.01", False)])
def test_une_entreprise_est_plafonnee_a_40_pour_cent(coord, c, fsdce, accepte):
    projet = c.projet(budget=False, porteur=OrganisationFactory(type=Organisation.Type.ENTREPRISE))
    reponse = coord.post(_etape(projet, "budget"), _budget(projet, [(HONORAIRES, "100000", True)], [(FSDCE, fsdce)]))
    assert (reponse.status_code == 302) is accepte


def test_un_financement_different_du_cout_refuse_la_soumission_et_garde_la_saisie(coord, brouillon):
    data = _budget(brouillon, [(HONORAIRES, "100000", True)], [(FSDCE, "50000"), (PORTEUR, "49999.99")], suite="soumettre")
    reponse = coord.post(_etape(brouillon, "budget"), data)
    assert reponse.status_code == 200
    assert any("doit égaler le coût total" in m for m in reponse.context["erreurs_budget"])
    assert 'value="49999.99"' in reponse.content.decode()
    brouillon.refresh_from_db()
    assert brouillon.statut == Statut.BROUILLON and not brouillon.financements.exists()


def test_un_brouillon_desequilibre_s_enregistre_sans_soumission(coord, brouillon):
    data = _budget(brouillon, [(HONORAIRES, "100000", True)], [(FSDCE, "50000")])
    assert coord.post(_etape(brouillon, "budget"), data).status_code == 302
    assert brouillon.financements.count() == 1


def test_le_budget_conforme_se_soumet_depuis_l_etape(coord, brouillon, mailoutbox):
    data = _budget(brouillon, [(HONORAIRES, "100000", True)], [(FSDCE, "50000"), (PORTEUR, "50000")], suite="soumettre")
    reponse = coord.post(_etape(brouillon, "budget"), data)
    brouillon.refresh_from_db()
    assert reponse.url == brouillon.get_absolute_url()
    assert brouillon.statut == Statut.COMITE_CRENEAU and brouillon.numero
    assert brouillon.decisions.get().etape == "soumission"


def test_l_apercu_des_totaux_se_calcule_sans_rien_enregistrer(coord, brouillon):
    data = _budget(brouillon, [(HONORAIRES, "80000", True), ("materiel", "20000", False)], [(FSDCE, "40000")])
    reponse = coord.post(reverse("projets:apercu_budget", args=[brouillon.pk]), data, HTTP_HX_REQUEST="true")
    page = reponse.content.decode()
    assert "100\xa0000,00\xa0$" in page and "80\xa0000,00\xa0$" in page and "50,0\xa0%" in page
    assert not brouillon.depenses.exists()


# ---- Who may edit, and stale forms -----------------------------------------------------------


def test_un_formulaire_perime_est_un_conflit_et_rien_n_est_ecrase(coord, brouillon):
    version_lue = brouillon.version
    coord.post(_etape(brouillon, "description"), {"description": "Première", "version_lue": version_lue, "suite": "enregistrer"})
    reponse = coord.post(
        _etape(brouillon, "description"), {"description": "Seconde", "version_lue": version_lue, "suite": "enregistrer"}
    )
    assert "modifié entre-temps" in reponse.context["conflit"]
    assert "Seconde" in reponse.content.decode()
    brouillon.refresh_from_db()
    assert brouillon.description == "Première"


@pytest.mark.parametrize("qui", ["secretaire", "dr", "central", "autre_coordination"])
def test_les_autres_ne_modifient_pas(client, c, brouillon, qui):
    user = circuit("05").coordination if qui == "autre_coordination" else getattr(c, qui)
    client.force_login(user)
    reponse = client.post(_etape(brouillon, "description"), {"description": "Intrus", "version_lue": brouillon.version})
    assert reponse.status_code in (302, 403)
    brouillon.refresh_from_db()
    assert brouillon.description != "Intrus"


def test_un_projet_soumis_ne_se_modifie_plus(coord, c):
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    reponse = coord.post(_etape(projet, "description"), {"description": "Après coup", "version_lue": projet.version})
    assert reponse.url == projet.get_absolute_url()
    projet.refresh_from_db()
    assert projet.description != "Après coup"


def test_anonyme_renvoye_a_la_connexion_et_sans_role_refuse(client, brouillon):
    assert client.get(_etape(brouillon, "budget")).url.startswith(reverse("login"))
    client.force_login(UserFactory())
    assert client.get(_etape(brouillon, "budget")).status_code == 403


# ---- The views only validate: the verbs write ------------------------------------------------


def _empreinte(projet):
    p = Projet.objects.get(pk=projet.pk)
    return (
        p.version,
        p.titre,
        p.description,
        p.history.count(),
        list(p.depenses.values_list("pk", "montant")),
        list(p.financements.values_list("pk", "montant")),
    )


@pytest.mark.parametrize("etape", ["identification", "porteur", "description", "dates", "budget"])
def test_un_envoi_vide_d_une_etape_est_refuse_et_rien_ne_change(coord, c, etape):
    projet = c.projet()
    avant = _empreinte(projet)
    reponse = coord.post(_etape(projet, etape), {})
    assert reponse.status_code == 200 and reponse.context["form"].errors
    if etape != "porteur":  # a multiple select posts nothing when empty: there, the version is missing
        assert "Le formulaire reçu est vide" in str(reponse.context["form"].non_field_errors())
    assert _empreinte(projet) == avant


def test_un_budget_perime_est_un_conflit_et_les_lignes_ne_changent_pas(coord, c):
    projet = c.projet()
    coord.post(_etape(projet, "description"), {"description": "Revue", "version_lue": projet.version, "suite": "enregistrer"})
    avant = _empreinte(projet)
    data = _budget(projet, [(HONORAIRES, "1000", True)], [(FSDCE, "500"), (PORTEUR, "500")], version=projet.version)
    reponse = coord.post(_etape(projet, "budget"), data)
    assert "modifié entre-temps" in reponse.context["conflit"]
    assert 'value="1000"' in reponse.content.decode()  # what was typed is kept
    assert _empreinte(projet) == avant


def test_chaque_enregistrement_d_etape_laisse_une_ligne_d_historique(coord, brouillon, c):
    avant = brouillon.history.count()
    coord.post(
        _etape(brouillon, "description"), {"description": "Revue", "version_lue": brouillon.version, "suite": "enregistrer"}
    )
    derniere = brouillon.history.first()
    assert brouillon.history.count() == avant + 1
    assert (derniere.history_user, derniere.history_change_reason) == (c.coordination, "Brouillon modifié")


def test_un_envoi_vide_d_une_action_ou_d_un_commentaire_ne_change_rien(coord, c):
    projet = c.projet()
    avant = (_empreinte(projet), projet.decisions.count(), projet.commentaires.count())
    reponse = coord.post(reverse("projets:agir", args=[projet.pk, "soumettre"]), {})
    form = next(a["form"] for a in reponse.context["actions"] if a["cle"] == "soumettre")
    assert "Le formulaire reçu est vide" in str(form.non_field_errors())
    reponse = coord.post(reverse("projets:commenter", args=[projet.pk]), {"texte": "   "})
    assert reponse.context["form_commentaire"].errors["texte"]
    assert (_empreinte(projet), projet.decisions.count(), projet.commentaires.count()) == avant


def test_les_vues_et_les_formulaires_n_ecrivent_pas():
    """Views validate and call a verb of projets.actions; forms never save."""
    from pathlib import Path

    import projets

    racine = Path(projets.__file__).parent
    vues = sorted((racine / "views").glob("*.py"))
    assert len(vues) > 1, "projets/views/ holds the project pages"
    for chemin in [*vues, racine / "forms.py"]:
        texte = chemin.read_text()
        for ecriture in (".save(", ".update(", ".delete(", "objects.create", "update_or_create", "get_or_create"):
            assert ecriture not in texte, f"{chemin.name}: {ecriture}"
