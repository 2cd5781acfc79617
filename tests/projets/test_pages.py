"""Project list, CSV export and project page: what each role sees, in a bounded number of queries."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from noyau.permissions import verifier
from projets import actions
from projets.models import Commentaire, Decision, Financement, Projet, Statut, Versement
from tests.factories import UserFactory, circuit
from tests.projets.test_pieces_jointes import PDF

pytestmark = pytest.mark.django_db

LISTE = reverse("projets:liste")
EXPORT = reverse("projets:export_csv")
TOUS_LES_ETATS = [s for s, _l in Statut.choices]


@pytest.fixture
def deux_regions():
    """Two créneaux of Centre-du-Québec (17) and one of Estrie (05), a project in each state for each."""
    a = circuit("17")
    b = circuit("17", voisin=a)
    e = circuit("05", voisin=a)
    for c in (a, b, e):
        for statut in TOUS_LES_ETATS:
            c.projet(statut=statut, titre=f"{statut} {c.creneau.nom}")
    return a, b, e


def _ids_liste(client, params=""):
    reponse = client.get(f"{LISTE}?{params}")
    assert reponse.status_code == 200
    return {p.pk for p in reponse.context["page_obj"].paginator.object_list}


# ---- Who sees what ---------------------------------------------------------------------------


def test_la_liste_montre_exactement_ce_que_la_regle_voir_permet(client, deux_regions):
    a, b, e = deux_regions
    personnes = [a.coordination, a.secretaire, a.membre, a.president_regional, a.dr, a.central, e.dr, e.president_regional]
    for user in personnes:
        client.force_login(user)
        attendus = {p.pk for p in Projet.objects.select_related("creneau") if verifier("projets.voir", user, p).ok}
        assert _ids_liste(client) == attendus, user


def test_le_comite_regional_voit_la_file_de_sa_region_et_le_ministere_tout(client, deux_regions):
    a, b, e = deux_regions
    client.force_login(a.president_regional)
    vus = Projet.objects.filter(pk__in=_ids_liste(client))
    assert set(vus.values_list("creneau__region_porteuse__code", flat=True)) == {"17"}
    assert Projet.objects.filter(creneau=b.creneau, statut=Statut.COMITE_REGIONAL).get().pk in _ids_liste(client)
    assert not vus.filter(statut=Statut.BROUILLON).exists()
    client.force_login(a.central)
    assert len(_ids_liste(client)) == Projet.objects.count()


def test_la_coordination_ne_voit_pas_l_autre_region_ni_l_autre_creneau(client, deux_regions):
    a, b, e = deux_regions
    client.force_login(a.coordination)
    assert set(Projet.objects.filter(pk__in=_ids_liste(client)).values_list("creneau", flat=True)) == {a.creneau.pk}


def test_anonyme_et_sans_role(client, deux_regions):
    assert client.get(LISTE).url.startswith(reverse("login"))
    assert client.get(EXPORT).url.startswith(reverse("login"))
    client.force_login(UserFactory())
    assert _ids_liste(client) == set()


# ---- Filters, sort, export -------------------------------------------------------------------


def test_filtres_et_montant_demande(client, deux_regions):
    a, b, e = deux_regions
    gros = a.projet(statut=Statut.MINISTERE, titre="Grand chantier numérique")
    Financement.objects.filter(projet=gros, source=Financement.Source.FSDCE).update(montant=Decimal("250000"))
    client.force_login(a.central)
    assert _ids_liste(client, "demande_min=100000") == {gros.pk}
    assert _ids_liste(client, "q=chantier num") == {gros.pk}
    assert _ids_liste(client, f"q={gros.porteur.nom}") == {gros.pk}
    region_05 = set(Projet.objects.filter(creneau=e.creneau).values_list("pk", flat=True))
    assert _ids_liste(client, f"region={e.creneau.region_porteuse_id}") == region_05
    assert _ids_liste(client, "statut=accepte&statut=termine") == set(
        Projet.objects.filter(statut__in=["accepte", "termine"]).values_list("pk", flat=True)
    )
    assert _ids_liste(client, f"creneau={b.creneau.pk}&enjeu=innovation&programme={gros.programme_id}") == set(
        Projet.objects.filter(creneau=b.creneau).values_list("pk", flat=True)
    )
    assert _ids_liste(client, "exercice=2026") == set(Projet.objects.filter(exercice=2026).values_list("pk", flat=True))
    for hors_bornes in ("-1", "9999", "abc"):  # read by noyau.exercices.exercice_demande: finds nothing
        assert _ids_liste(client, f"exercice={hors_bornes}") == set()


def test_tri_par_colonne(client, deux_regions):
    a, *_r = deux_regions
    client.force_login(a.central)
    reponse = client.get(f"{LISTE}?tri=-demande")
    montants = [p.demande for p in reponse.context["projets"]]
    assert montants == sorted(montants, reverse=True)
    reponse = client.get(f"{LISTE}?tri=titre")
    titres = [p.titre for p in reponse.context["projets"]]
    assert titres == sorted(titres, key=str.lower) or titres[0] <= titres[-1]


def test_la_liste_est_paginee_par_25(client, deux_regions):
    a, *_r = deux_regions
    client.force_login(a.central)
    reponse = client.get(LISTE)
    assert len(reponse.context["projets"]) == 25
    assert reponse.context["page_obj"].paginator.count == Projet.objects.count()


def test_l_export_csv_reprend_exactement_les_lignes_filtrees(client, deux_regions):
    a, b, e = deux_regions
    client.force_login(a.president_regional)
    params = "statut=ministere&statut=accepte&statut=comite_regional"
    reponse = client.get(f"{EXPORT}?{params}")
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    contenu = reponse.content.decode("utf-8")
    assert contenu.startswith("\ufeff")
    lignes = list(csv.reader(io.StringIO(contenu.lstrip("\ufeff")), delimiter=";"))
    assert lignes[0][:3] == ["Numéro", "Titre", "Créneau"]
    attendus = set(Projet.objects.filter(pk__in=_ids_liste(client, params)).values_list("numero", flat=True))
    assert {ligne[0] for ligne in lignes[1:]} == attendus
    assert len(lignes) - 1 == len(attendus) == 6  # two créneaux of region 17, three states
    assert "50000,00" in {ligne[10] for ligne in lignes[1:]}


# ---- Query counts ----------------------------------------------------------------------------


def _peupler(c, n):
    for i in range(n):
        p = c.projet(statut=TOUS_LES_ETATS[i % len(TOUS_LES_ETATS)])
        Commentaire.objects.create(projet=p, auteur=c.dr, texte="Avis")


@pytest.mark.parametrize("n", [5, 50])
def test_la_liste_se_rend_en_un_nombre_borne_de_requetes(client, django_assert_max_num_queries, n):
    c = circuit()
    _peupler(c, n)
    client.force_login(c.central)
    with django_assert_max_num_queries(11):
        assert client.get(f"{LISTE}?tri=-demande&demande_min=1").status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(EXPORT).status_code == 200


def _projet_charge(c, n):
    """A project at the Ministère with `n` comments, attachments-free, and `n` other projects around."""
    _peupler(c, n)
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    projet = actions.adopter_resolution(
        projet, par=c.secretaire, reunion=c.reunion_creneau, numero=f"R-{n}", pour=3, contre=0, abstentions=0
    ).projet
    projet = actions.approuver_regional(
        projet, par=c.president_regional, reunion=c.reunion_regionale, numero=f"CR-{n}", pour=3
    ).projet
    for i in range(n):
        Commentaire.objects.create(projet=projet, auteur=c.central, texte=f"Commentaire {i}")
    return projet


@pytest.mark.parametrize("n", [5, 50])
def test_la_fiche_se_rend_en_un_nombre_borne_de_requetes(client, django_assert_max_num_queries, n):
    c = circuit()
    projet = _projet_charge(c, n)
    client.force_login(c.central)
    with django_assert_max_num_queries(22):
        reponse = client.get(projet.get_absolute_url())
    assert reponse.status_code == 200
    assert reponse.context["enveloppe"] is not None


# ---- The project page ------------------------------------------------------------------------


def test_la_fiche_montre_budget_fil_et_historique(client):
    c = circuit()
    projet = c.projet()
    client.force_login(c.coordination)
    client.post(
        reverse("projets:etape", args=[projet.pk, "description"]),
        {"description": "Texte révisé", "enjeu": "main_oeuvre", "version_lue": projet.version, "suite": "enregistrer"},
    )
    client.force_login(c.dr)
    client.post(reverse("projets:commenter", args=[projet.pk]), {"texte": "Pensez à la lettre d'appui."})
    actions.soumettre(Projet.objects.get(pk=projet.pk), par=c.coordination)
    page = client.get(projet.get_absolute_url()).content.decode()
    assert "100\xa0000,00\xa0$" in page  # cost total
    assert "50,0\xa0%" in page  # rate
    assert "Soumission" in page and "Pensez à la lettre d&#x27;appui." in page
    assert '<del class="text-danger">Innovation</del>' in page and '<ins class="text-success">Main-d&#x27;œuvre</ins>' in page
    assert "Texte révisé" in page


def test_seules_les_actions_possibles_sont_des_formulaires_les_autres_disent_pourquoi(client):
    c = circuit()
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    client.force_login(c.secretaire)
    reponse = client.get(projet.get_absolute_url())
    actions_ = {a["cle"]: a for a in reponse.context["actions"]}
    assert actions_["resolution"]["form"] is not None
    assert {k for k, a in actions_.items() if a["form"]} == {"resolution"}
    assert "Réservé au Ministère" in actions_["ministere"]["raison"] or actions_["ministere"]["raison"]
    page = reponse.content.decode()
    assert "disabled" in page and actions_["retrait"]["raison"] in page.replace("&#x27;", "'")
    assert reponse.context["enveloppe"] is None


def _post_resolution(client, projet, c, **extra):
    data = {
        "resolution-version": projet.version,
        "resolution-reunion": c.reunion_creneau.pk,
        "resolution-numero_resolution": "CC-2026-01",
        "resolution-issue": "adoptee",
        "resolution-votes_pour": 4,
        "resolution-votes_contre": 0,
        "resolution-abstentions": 0,
    }
    data.update({f"resolution-{k}": v for k, v in extra.items()})
    return client.post(reverse("projets:agir", args=[projet.pk, "resolution"]), data)


def test_la_resolution_s_enregistre_depuis_la_fiche(client):
    c = circuit()
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    client.force_login(c.secretaire)
    assert _post_resolution(client, projet, c).status_code == 302
    projet.refresh_from_db()
    assert projet.statut == Statut.COMITE_REGIONAL
    assert projet.decisions.get().numero_resolution == "CC-2026-01"


def test_un_refus_de_l_action_va_sur_son_champ_sans_erreur_500(client):
    c = circuit()
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    client.force_login(c.secretaire)
    reponse = _post_resolution(client, projet, c, votes_pour=9)
    assert reponse.status_code == 200
    form = next(a["form"] for a in reponse.context["actions"] if a["cle"] == "resolution")
    assert "ne peut dépasser ce nombre" in form.errors["votes_pour"][0]
    assert not Decision.objects.exists()


def test_une_action_sur_une_version_perimee_est_un_conflit(client):
    c = circuit()
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    client.force_login(c.secretaire)
    _post_resolution(client, projet, c)
    reponse = _post_resolution(client, projet, c, numero_resolution="CC-2026-02")
    assert reponse.status_code == 302
    assert "modifié entre-temps" in [str(m) for m in reponse.wsgi_request._messages][-1]
    assert Decision.objects.count() == 1


def test_l_action_d_un_autre_role_est_refusee(client):
    c = circuit()
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    client.force_login(c.coordination)
    reponse = _post_resolution(client, projet, c)
    assert reponse.status_code == 200
    assert not Decision.objects.exists()
    client.force_login(circuit("05").secretaire)
    assert _post_resolution(client, projet, c).status_code == 403


def test_le_comite_regional_voit_l_enveloppe_et_sa_repartition(client):
    c = circuit()
    voisin = circuit("17", voisin=c)
    voisin.projet(statut=Statut.ACCEPTE)  # 50 000 $ granted to the other créneau
    projet = c.projet(statut=Statut.COMITE_REGIONAL)
    client.force_login(c.president_regional)
    reponse = client.get(projet.get_absolute_url())
    env = reponse.context["enveloppe"]
    assert (env.montant, env.accorde, env.disponible) == (Decimal("4000000"), Decimal("50000"), Decimal("3950000"))
    page = reponse.content.decode()
    assert "Aucune répartition adoptée par le comité régional" in page and voisin.creneau.nom in page
    assert "3\xa0950\xa0000\xa0$" in page


def test_le_ministere_accepte_depuis_la_fiche_et_le_montant_trop_eleve_est_refuse(client):
    c = circuit()
    projet = c.projet(statut=Statut.MINISTERE)
    client.force_login(c.central)
    url = reverse("projets:agir", args=[projet.pk, "ministere"])
    data = {"ministere-version": projet.version, "ministere-issue": "accepter", "ministere-montant": "50000,01"}
    reponse = client.post(url, data)
    form = next(a["form"] for a in reponse.context["actions"] if a["cle"] == "ministere")
    assert "dépasse l'aide demandée" in form.errors["montant"][0]
    data["ministere-montant"] = "45000"
    assert client.post(url, data).status_code == 302
    projet.refresh_from_db()
    assert (projet.statut, projet.montant_accorde) == (Statut.ACCEPTE, Decimal("45000"))


def test_la_coordination_depose_le_rapport_final_et_le_ministere_l_accepte(client):
    c = circuit()
    projet = c.projet(statut=Statut.EN_REALISATION)
    Versement.objects.create(projet=projet, date=projet.date_debut, montant=projet.montant_accorde)
    client.force_login(c.coordination)
    url = reverse("projets:agir", args=[projet.pk, "depot_rapport"])
    assert (
        client.post(url, {"depot_rapport-version": projet.version, "depot_rapport-resume": "Objectifs atteints."}).status_code
        == 302
    )
    client.force_login(c.central)
    page = client.get(projet.get_absolute_url()).content.decode()
    assert "Objectifs atteints." in page
    url = reverse("projets:agir", args=[projet.pk, "rapport"])
    assert client.post(url, {"rapport-version": projet.version}).status_code == 302
    projet.refresh_from_db()
    assert projet.statut == Statut.TERMINE


def test_le_document_d_une_decision_se_telecharge_avec_la_permission(client):
    c = circuit()
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    client.force_login(c.secretaire)
    _post_resolution(client, projet, c, fichier=SimpleUploadedFile("resolution.pdf", PDF))
    decision = Decision.objects.get()
    url = reverse("projets:document_decision", args=[decision.pk])
    assert b"".join(client.get(url).streaming_content) == PDF
    client.force_login(circuit("05").coordination)
    assert client.get(url).status_code == 403


def test_un_document_de_resolution_non_permis_est_refuse_sur_son_champ(client):
    c = circuit()
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    client.force_login(c.secretaire)
    reponse = _post_resolution(client, projet, c, fichier=SimpleUploadedFile("resolution.pdf", b"texte"))
    form = next(a["form"] for a in reponse.context["actions"] if a["cle"] == "resolution")
    assert "seuls les formats" in form.errors["fichier"][0]
    assert 'value="CC-2026-01"' in reponse.content.decode()
    assert not Decision.objects.exists()
