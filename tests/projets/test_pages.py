"""Project list, CSV export and project page: what each role sees, in a bounded number of queries."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from creneaux.models import Reunion
from noyau.permissions import verifier
from projets import actions
from projets.models import Commentaire, Decision, Financement, Projet, Statut, Versement
from seances import actions as seances
from seances.models import Point
from tests.factories import UserFactory, circuit, point_ouvert
from tests.factories.seances import en_seance
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
    point_ouvert(c.reunion_creneau, projet)
    projet = en_seance.adopter_resolution(
        projet, par=c.secretaire, reunion=c.reunion_creneau, numero=f"R-{n}", pour=3, contre=0, abstentions=0
    ).projet
    point_ouvert(c.reunion_regionale, projet)
    projet = en_seance.approuver_regional(
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
    client.get("/")  # the first request reads the roles, kept for the next ones
    with django_assert_max_num_queries(12):
        reponse = client.get(projet.get_absolute_url())
    assert reponse.status_code == 200
    assert reponse.context["montre_enveloppe"]
    # The envelope and the history are fragments the page loads: bounded too.
    with django_assert_max_num_queries(14):
        assert client.get(reverse("projets:enveloppe_fiche", args=[projet.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("projets:historique_fiche", args=[projet.pk])).status_code == 200


@pytest.mark.parametrize("n", [1, 8])
def test_la_fiche_d_un_projet_devant_le_comite_a_un_nombre_borne_de_requetes(client, django_assert_max_num_queries, n):
    """Whatever the number of séances planned and of those on whose agenda the project is."""
    c = circuit()
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    for i in range(n):
        seance = _planifier(c, jours=i + 1)
        if i % 2:
            seances.ajouter_point(seance, par=c.secretaire, type="projet", projet=projet)
    client.force_login(c.secretaire)
    client.get("/")
    with django_assert_max_num_queries(12):
        reponse = client.get(projet.get_absolute_url())
    assert reverse("projets:seances_fiche", args=[projet.pk]) in reponse.content.decode()
    # The séances come in a fragment the page loads: bounded too.
    with django_assert_max_num_queries(9):
        reponse = client.get(reverse("projets:seances_fiche", args=[projet.pk]), HTTP_HX_REQUEST="true")
    assert len(reponse.context["comite"]["seances"]) == n - n // 2


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
    assert "Texte révisé" in page
    assert reverse("projets:historique_fiche", args=[projet.pk]) in page  # opened on demand
    historique = client.get(reverse("projets:historique_fiche", args=[projet.pk])).content.decode()
    assert '<del class="text-danger">Innovation</del>' in historique
    assert '<ins class="text-success">Main-d&#x27;œuvre</ins>' in historique


def test_seules_les_actions_possibles_sont_des_formulaires_les_autres_disent_pourquoi(client):
    c = circuit()
    projet = c.projet(statut=Statut.MINISTERE)
    client.force_login(c.central)
    reponse = client.get(projet.get_absolute_url())
    actions_ = {a["cle"]: a for a in reponse.context["actions"]}
    assert {k for k, a in actions_.items() if a["form"]} == {"ministere"}
    assert "resolution" not in actions_ and "regional" not in actions_  # a comité decides in séance only
    page = reponse.content.decode()
    assert "disabled" in page and actions_["retrait"]["raison"] in page.replace("&#x27;", "'")
    assert not reponse.context["devant_comite"]


def _planifier(c, comite=None, jours=3):
    """An upcoming séance planned by the comité's bureau."""
    comite = comite or c.comite_creneau
    plume = c.secretaire if comite == c.comite_creneau else c.president_regional
    date = timezone.now() + datetime.timedelta(days=jours)
    return seances.planifier(comite, par=plume, date=date, lieu="Drummondville")


def _seances(client, projet):
    """The « before the comité » panel the project page loads (htmx)."""
    return client.get(reverse("projets:seances_fiche", args=[projet.pk]), HTTP_HX_REQUEST="true")


def _inscrire(client, projet, page):
    """Post the page's « Inscrire » form as the browser does (every field of the form)."""
    html = page.content.decode()
    action = re.search(r'action="(/seances/\d+/points/ajouter/)"', html).group(1)
    champs = dict(re.findall(r'<input type="hidden" name="([\w-]+)" value="([^"]*)"', html[html.index(action) :][:900]))
    return client.post(action, champs)


def test_la_fiche_dit_devant_quel_comite_est_le_projet_et_le_bureau_l_inscrit_a_une_seance(client):
    c = circuit()
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    planifier = reverse("seances:planifier", args=[c.comite_creneau.pk])
    client.force_login(c.secretaire)
    page = client.get(projet.get_absolute_url()).content.decode()
    assert "Devant le comité de créneau" in page and reverse("projets:seances_fiche", args=[projet.pk]) in page
    page = _seances(client, projet).content.decode()
    assert 'id="en-attente-de-seance"' in page
    assert planifier in page and "/points/ajouter/" not in page  # no upcoming séance yet
    seance = _planifier(c)
    reponse = _seances(client, projet)
    assert reponse.context["comite"]["seances"] == [seance]
    assert _inscrire(client, projet, reponse).url == reverse("seances:detail", args=[seance.pk])
    point = Point.objects.get(projet=projet)
    assert point.seance == seance
    page = _seances(client, projet).content.decode()
    assert reverse("seances:detail", args=[seance.pk]) in page and 'id="en-attente-de-seance"' not in page
    assert "/points/ajouter/" not in page  # already on that séance's agenda


def test_la_coordination_et_les_membres_voient_ou_en_est_le_projet_sans_pouvoir_l_inscrire(client):
    c = circuit()
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    _planifier(c)
    for qui in (c.coordination, c.membre, c.dr):
        client.force_login(qui)
        assert "Devant le comité de créneau" in client.get(projet.get_absolute_url()).content.decode(), qui
        page = _seances(client, projet).content.decode()
        assert 'id="en-attente-de-seance"' in page, qui
        assert "/points/ajouter/" not in page and "/planifier/" not in page, qui
    client.force_login(circuit("05").secretaire)
    assert client.get(projet.get_absolute_url()).status_code == 403
    assert _seances(client, projet).status_code == 403


def test_un_projet_arrive_apres_la_convocation_n_est_propose_qu_aux_seances_suivantes(client):
    c = circuit()
    convoquee = _planifier(c, jours=2)
    seances.ajouter_point(convoquee, par=c.secretaire, type="libre", titre="Bilan des activités")
    seances.convoquer(convoquee, par=c.secretaire)
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    Projet.objects.filter(pk=projet.pk).update(statut_depuis=timezone.now() + datetime.timedelta(minutes=1))
    suivante = _planifier(c, jours=30)
    client.force_login(c.secretaire)
    assert _seances(client, projet).context["comite"]["seances"] == [suivante]


def test_le_comite_regional_decide_en_seance_et_la_fiche_le_montre(client):
    c = circuit()
    projet = c.projet(statut=Statut.COMITE_REGIONAL)
    seance = _planifier(c, c.comite_regional)
    client.force_login(c.president_regional)
    reponse = client.get(projet.get_absolute_url())
    page = reponse.content.decode()
    assert "Devant le comité régional" in page and reponse.context["montre_enveloppe"]
    _inscrire(client, projet, _seances(client, projet))
    point = Point.objects.get(projet=projet, seance=seance)
    # The séance sits (convened, opened at its time, every member present), the members vote.
    Reunion.objects.filter(pk=seance.pk).update(
        statut=Reunion.Statut.OUVERTE, date=timezone.now() - datetime.timedelta(minutes=5), ouverte_le=timezone.now()
    )
    for m in c.membres_regional:
        seances.pointer(seance, par=m.user)
    seances.ouvrir_vote(point, par=c.president_regional)
    for m in c.membres_regional:
        seances.voter(point, par=m.user, choix="pour")
    point = seances.clore_vote(point, par=c.president_regional)
    projet.refresh_from_db()
    assert projet.statut == Statut.MINISTERE and point.decision.projet == projet
    reponse = client.get(projet.get_absolute_url())
    assert not reponse.context["devant_comite"] and _seances(client, projet).status_code == 404
    # The log says the résolution once: its number and votes, not again as its motif.
    page = reponse.content.decode()
    fil = page[page.index('id="fil"') : page.index("</ol>", page.index('id="fil"'))]
    assert fil.count(point.numero_resolution) == 1 and fil.count("5 pour, 0 contre") == 1


def test_le_comite_regional_voit_l_enveloppe_et_sa_repartition(client):
    c = circuit()
    voisin = circuit("17", voisin=c)
    voisin.projet(statut=Statut.ACCEPTE)  # 50 000 $ granted to the other créneau
    projet = c.projet(statut=Statut.COMITE_REGIONAL)
    client.force_login(c.president_regional)
    assert reverse("projets:enveloppe_fiche", args=[projet.pk]) in client.get(projet.get_absolute_url()).content.decode()
    reponse = client.get(reverse("projets:enveloppe_fiche", args=[projet.pk]))
    env = reponse.context["enveloppe"]
    assert (env.montant, env.accorde, env.disponible) == (Decimal("4000000"), Decimal("50000"), Decimal("3950000"))
    page = reponse.content.decode()
    assert "Aucune répartition adoptée par le comité régional" in page and voisin.creneau.nom in page
    assert "3\xa0950\xa0000\xa0$" in page


def test_l_enveloppe_de_la_fiche_est_refusee_a_qui_ne_decide_pas(client):
    c = circuit()
    projet = c.projet(statut=Statut.COMITE_REGIONAL)
    url = reverse("projets:enveloppe_fiche", args=[projet.pk])
    assert client.get(url).status_code == 302  # anonymous: log in
    client.force_login(c.coordination)  # sees the project, does not decide on it
    assert client.get(url).status_code == 404
    client.force_login(circuit("01").coordination)  # another créneau's coordination
    assert client.get(url).status_code == 403
    assert client.get(reverse("projets:historique_fiche", args=[projet.pk])).status_code == 403


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


def test_la_direction_regionale_ne_se_voit_offrir_ni_l_acceptation_ni_son_montant(client):
    c = circuit()
    projet = c.projet(statut=Statut.MINISTERE)
    client.force_login(c.dr)
    url = reverse("projets:detail", args=[projet.pk])
    form = next(a["form"] for a in client.get(url).context["actions"] if a["cle"] == "ministere")
    assert [v for v, _l in form.fields["issue"].choices] == ["demander_complement"]
    assert "montant" not in form.fields
    # Forged: the direction régionale posts an acceptance with an amount; nothing changes.
    data = {"ministere-version": projet.version, "ministere-issue": "accepter", "ministere-montant": "45000"}
    reponse = client.post(reverse("projets:agir", args=[projet.pk, "ministere"]), data)
    assert reponse.status_code == 200
    form = next(a["form"] for a in reponse.context["actions"] if a["cle"] == "ministere")
    assert form.errors["issue"]
    projet.refresh_from_db()
    assert (projet.statut, projet.montant_accorde) == (Statut.MINISTERE, None)
    client.force_login(c.central)
    form = next(a["form"] for a in client.get(url).context["actions"] if a["cle"] == "ministere")
    assert "montant" in form.fields


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


def _post_convention(client, projet, **extra):
    data = {"convention-version": projet.version, "convention-motif": "Convention signée"}
    data.update({f"convention-{k}": v for k, v in extra.items()})
    return client.post(reverse("projets:agir", args=[projet.pk, "convention"]), data)


def test_une_action_sur_une_version_perimee_est_un_conflit(client):
    c = circuit()
    projet = c.projet(statut=Statut.ACCEPTE)
    client.force_login(c.central)
    assert _post_convention(client, projet).status_code == 302
    reponse = _post_convention(client, projet)
    assert reponse.status_code == 302
    assert "modifié entre-temps" in [str(m) for m in reponse.wsgi_request._messages][-1]
    assert Decision.objects.count() == 1


def test_l_action_d_un_autre_role_est_refusee(client):
    c = circuit()
    projet = c.projet(statut=Statut.ACCEPTE)
    client.force_login(c.coordination)  # sees the project, may not act on it: told why
    reponse = _post_convention(client, projet)
    assert reponse.status_code == 302
    assert "Réservé" in [str(m) for m in reponse.wsgi_request._messages][-1]
    assert not Decision.objects.exists()
    client.force_login(circuit("05").dr)
    assert _post_convention(client, projet).status_code == 403
    assert not Decision.objects.exists()


def test_le_document_d_une_decision_se_telecharge_avec_la_permission(client):
    c = circuit()
    projet = c.projet(statut=Statut.ACCEPTE)
    client.force_login(c.central)
    _post_convention(client, projet, fichier=SimpleUploadedFile("convention.pdf", PDF))
    decision = Decision.objects.get()
    url = reverse("projets:document_decision", args=[decision.pk])
    assert b"".join(client.get(url).streaming_content) == PDF
    client.force_login(circuit("05").coordination)
    assert client.get(url).status_code == 403


def test_un_document_non_permis_est_refuse_sur_son_champ(client):
    c = circuit()
    projet = c.projet(statut=Statut.ACCEPTE)
    client.force_login(c.central)
    reponse = _post_convention(client, projet, fichier=SimpleUploadedFile("convention.pdf", b"texte"))
    form = next(a["form"] for a in reponse.context["actions"] if a["cle"] == "convention")
    assert "seuls les formats" in form.errors["fichier"][0]
    assert 'value="Convention signée"' in reponse.content.decode()
    assert not Decision.objects.exists()
