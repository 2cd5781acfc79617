"""Forged posts on the demo data: another créneau's or region's object, a wrong role, an anonymous
visitor, a stale version, garbage values. Each is refused (403/404, login, or the page again with
a message) and changes nothing."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bilans.models import BilanAnnuel
from bilans.models import Statut as BilanStatut
from creneaux.models import Collaboration, Comite, Creneau, DemandeCollaboration, Mandat, Reunion
from plans.models import Action, Axe, Objectif, PlanAction
from projets.models import Enveloppe, Projet, Statut

MEUBLE = "meuble-centre-du-quebec"
APPS = ["creneaux", "plans", "projets", "bilans", "rapports", "seances"]


def empreinte():
    """A digest of every row of the apps' tables (history included), save "last modified" stamps
    (a legitimate empty save only touches those). Hashed by PostgreSQL in one query: the forged
    posts below take it twice each, over the whole demo."""
    q = connection.ops.quote_name
    parties = []
    for nom in APPS:
        for modele in apps.get_app_config(nom).get_models():
            colonnes = ", ".join(q(f.column) for f in modele._meta.concrete_fields if not getattr(f, "auto_now", False))
            parties.append(
                f"(SELECT md5(COALESCE(string_agg(ROW({colonnes})::text, '|' ORDER BY {q(modele._meta.pk.column)}), '')) "
                f"FROM {q(modele._meta.db_table)})"
            )
    with connection.cursor() as curseur:
        curseur.execute(f"SELECT md5(ARRAY[{', '.join(parties)}]::text)")
        return curseur.fetchone()[0]


def objets():
    meuble = Creneau.objects.get(slug=MEUBLE)
    rstm = Creneau.objects.exclude(pk=meuble.pk).get(coordinations__personne__user__username="coordination.rstm")
    projets = Projet.objects.filter(creneau=meuble)
    plan = PlanAction.objects.filter(creneau=meuble).first()
    comite = Comite.objects.filter(creneau=meuble).first()
    return {
        "meuble": meuble,
        "rstm": rstm,
        "brouillon": projets.filter(statut__in=[Statut.BROUILLON, Statut.A_COMPLETER]).first(),
        "soumis": projets.exclude(statut__in=[Statut.BROUILLON, Statut.A_COMPLETER]).first(),
        "projet_rstm": Projet.objects.filter(creneau=rstm).exclude(statut=Statut.BROUILLON).first(),
        "bilan": BilanAnnuel.objects.filter(creneau=meuble).order_by("-exercice").first(),
        "plan": plan,
        "axe": Axe.objects.filter(plan=plan).first(),
        "objectif": Objectif.objects.filter(axe__plan=plan).first(),
        "action": Action.objects.filter(objectif__axe__plan=plan).first(),
        "comite": comite,
        "mandat": Mandat.objects.filter(comite__creneau=meuble).first(),
        "reunion": Reunion.objects.filter(comite__creneau=meuble).first(),
        "demande": _demande_a(meuble, rstm),
        "enveloppe": Enveloppe.objects.get(programme__sigle="FSDCE", region=meuble.region_porteuse),
    }


def _demande_a(meuble, rstm):
    """A collaboration the RSTM créneau proposes to the Meuble one, waiting for its answer."""
    collaboration, _c = Collaboration.objects.get_or_create(titre="Proposition forgée")
    collaboration.creneaux.add(rstm)
    demande, _c = DemandeCollaboration.objects.get_or_create(
        collaboration=collaboration, creneau=meuble, defaults={"demandeur": rstm, "demandee_le": timezone.now()}
    )
    return demande


# (who, URL name, its arguments from the demo objects, posted data)
INTRUS = ["coordination.rstm", "dr.bas-saint-laurent", "membre", None]
CIBLES = [
    ("projets:agir", lambda o: [o["brouillon"].pk, "soumettre"], lambda o: {"version": o["brouillon"].version}),
    # A comité decides in séance only: the old résolution form is gone, the agenda is the séance's.
    ("projets:agir", lambda o: [o["soumis"].pk, "resolution"], lambda o: {"version": o["soumis"].version, "issue": "adoptee"}),
    (
        "seances:ajouter_point",
        lambda o: [o["reunion"].pk],
        lambda o: {"projet-type_point": "projet", "projet-projet": o["soumis"].pk, "type": "projet", "projet": o["soumis"].pk},
    ),
    ("projets:agir", lambda o: [o["soumis"].pk, "ministere"], lambda o: {"version": o["soumis"].version, "issue": "accepter"}),
    ("projets:agir", lambda o: [o["soumis"].pk, "retrait"], lambda o: {"version": o["soumis"].version, "motif": "x"}),
    ("projets:etape", lambda o: [o["brouillon"].pk, "description"], lambda o: {"version_lue": o["brouillon"].version}),
    ("projets:commenter", lambda o: [o["brouillon"].pk], lambda o: {"texte": "Intrusion"}),
    ("projets:ajouter_piece", lambda o: [o["brouillon"].pk], lambda o: {"nom": "x"}),
    ("bilans:soumettre", lambda o: [o["bilan"].pk], lambda o: {}),
    ("bilans:valider", lambda o: [o["bilan"].pk], lambda o: {"commentaire": "ok"}),
    ("bilans:sections", lambda o: [o["bilan"].pk], lambda o: {"faits_saillants": "Intrusion"}),
    ("bilans:indicateurs", lambda o: [o["bilan"].pk], lambda o: {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"}),
    ("bilans:recalculer", lambda o: [o["bilan"].pk], lambda o: {}),
    ("bilans:ouvrir", lambda o: [o["meuble"].slug], lambda o: {"exercice": "2025"}),
    ("plans:modifier", lambda o: [o["plan"].pk], lambda o: {"titre": "Intrusion"}),
    ("plans:creer", lambda o: [o["meuble"].slug], lambda o: {"titre": "Intrusion"}),
    ("plans:axe_supprimer", lambda o: [o["axe"].pk], lambda o: {}),
    ("plans:objectif_modifier", lambda o: [o["objectif"].pk], lambda o: {"titre": "Intrusion"}),
    ("plans:action_ajouter", lambda o: [o["objectif"].pk], lambda o: {"titre": "Intrusion"}),
    ("creneaux:modifier", lambda o: [o["meuble"].slug], lambda o: {"nom": "Intrusion"}),
    ("creneaux:comite_modifier", lambda o: [o["comite"].pk], lambda o: {"nom": "Intrusion"}),
    ("creneaux:mandat_ajouter", lambda o: [o["comite"].pk], lambda o: {}),
    ("seances:planifier", lambda o: [o["comite"].pk], lambda o: {"date": "2030-01-01T09:00", "mode": "presence", "lieu": "x"}),
    ("creneaux:mandat_terminer", lambda o: [o["mandat"].pk], lambda o: {"fin": "2026-01-01"}),
    ("creneaux:partenariat_ajouter", lambda o: [o["meuble"].slug], lambda o: {"pays": "France"}),
    ("creneaux:collaboration_ajouter", lambda o: [o["meuble"].slug], lambda o: {"description": "x"}),
    # Issue 10: the créneau's stages, ententes, collaborations' answers, money and répartition.
    ("creneaux:etape", lambda o: [o["meuble"].slug], lambda o: {"statut": "retire", "date": "2026-01-01", "motif": "x"}),
    (
        "creneaux:entente_ajouter",
        lambda o: [o["meuble"].slug],
        lambda o: {"type": "renouvellement", "date_signature": "2020-01-01"},
    ),
    ("creneaux:entente_principe_ajouter", lambda o: ["17"], lambda o: {"type": "principe", "date_signature": "2005-01-01"}),
    ("creneaux:repondre_collaboration", lambda o: [o["demande"].pk], lambda o: {"reponse": "accepter"}),
    ("projets:agir", lambda o: [o["soumis"].pk, "desengagement"], lambda o: {"version": o["soumis"].version, "motif": "x"}),
    (
        "projets:agir",
        lambda o: [o["soumis"].pk, "analyse"],
        lambda o: {"version": o["soumis"].version, "texte": "x", "recommandation": "accepter", "montant_recommande": "1"},
    ),
    (
        "seances:ajouter_point",
        lambda o: [o["reunion"].pk],
        lambda o: {
            "repartition-type_point": "repartition",
            "repartition-enveloppe": o["enveloppe"].pk,
            f"repartition-part_{o['meuble'].pk}": "1",
        },
    ),
    ("projets:enveloppe", lambda o: [o["enveloppe"].pk], lambda o: {"numero_resolution": "X", f"part_{o['meuble'].pk}": "1"}),
]


@pytest.fixture
def o(demo):
    return objets()


def client_de(username):
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def poster(client, url, data):
    avant = empreinte()
    reponse = client.post(url, data)
    assert reponse.status_code < 500, url
    assert empreinte() == avant, f"{url} a changé des données"
    return reponse


@pytest.mark.django_db
def test_l_empreinte_voit_un_changement_mais_pas_une_date_de_modification(o):
    avant = empreinte()
    Projet.objects.filter(pk=o["brouillon"].pk).update(modifie_le=timezone.now())
    assert empreinte() == avant
    Action.objects.filter(pk=o["action"].pk).update(titre="Changée en douce")
    assert empreinte() != avant


@pytest.mark.django_db
@pytest.mark.parametrize("nom,arguments,donnees", CIBLES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CIBLES)])
def test_un_intrus_ne_change_rien(o, nom, arguments, donnees):
    url = reverse(nom, args=arguments(o))
    for username in INTRUS:
        reponse = poster(client_de(username), url, donnees(o))
        if username is None:
            assert reponse.status_code == 302 and "/comptes/connexion/" in reponse["Location"], url
        else:
            assert reponse.status_code in (200, 302, 400, 403, 404, 405), (username, url, reponse.status_code)


@pytest.mark.django_db
def test_une_version_perimee_ne_change_rien(o):
    coordination = client_de("coordination")
    projet = o["brouillon"]
    reponse = poster(coordination, reverse("projets:agir", args=[projet.pk, "soumettre"]), {"version": projet.version - 1})
    assert reponse.status_code in (200, 302)
    reponse = poster(
        coordination,
        reverse("projets:etape", args=[projet.pk, "identification"]),
        {"version_lue": projet.version - 1, "titre": "Périmé", "creneau": projet.creneau_id, "programme": projet.programme_id},
    )
    assert reponse.status_code == 200
    assert "modifi" in reponse.content.decode()


@pytest.mark.django_db
def test_des_valeurs_absurdes_ne_font_pas_d_erreur(o):
    coordination = client_de("coordination")
    projet = o["brouillon"]
    for url, donnees in [
        ("/projets/abc/action/soumettre/", {}),
        (f"/projets/{projet.pk}/action/inconnue/", {"version": projet.version}),
        (f"/projets/{projet.pk}/action/soumettre/", {}),
        (f"/projets/{projet.pk}/action/soumettre/", {"version": "abc"}),
        (f"/projets/{projet.pk}/etape/inconnue/", {}),
        (f"/projets/{projet.pk}/etape/budget/", {"version_lue": projet.version}),
        (f"/projets/{projet.pk}/etape/description/", {"version_lue": "x"}),
        (f"/projets/{projet.pk}/commentaires/", {}),
        (f"/projets/{projet.pk}/pieces/", {}),
        ("/projets/999999/action/soumettre/", {"version": 1}),
        (f"/bilans/{o['bilan'].pk}/indicateurs/", {}),
        (f"/bilans/{o['bilan'].pk}/avancement/", {"form-TOTAL_FORMS": "x"}),
        (f"/bilans/{o['bilan'].pk}/programmation/", {}),
        (f"/bilans/{o['bilan'].pk}/sections/", {}),
        (f"/bilans/{o['bilan'].pk}/valider/", {}),
        (f"/bilans/creneau/{o['meuble'].slug}/ouvrir/", {"exercice": "abc"}),
        ("/bilans/999999/soumettre/", {}),
        (f"/plans/{o['plan'].pk}/modifier/", {}),
        (f"/plans/{o['plan'].pk}/approuver/", {"comite": "abc", "adopte_le": "demain"}),
        (f"/plans/axes/ajouter-dans/{o['plan'].pk}/", {}),
        (f"/creneaux/{o['meuble'].slug}/modifier/", {}),
        (f"/creneaux/{o['meuble'].slug}/partenariats/999999/", {}),
        (f"/creneaux/comites/{o['comite'].pk}/membres/ajouter/", {"personne": "abc"}),
        (f"/seances/{o['reunion'].pk}/points/ajouter/", {"projet-type_point": "projet", "projet-projet": "abc"}),
        (f"/seances/comite/{o['comite'].pk}/planifier/", {"date": "jamais"}),
    ]:
        reponse = poster(coordination, url, donnees)
        assert reponse.status_code in (200, 302, 400, 403, 404, 405), (url, reponse.status_code)
    for username in ["ministere", "dr.centre", "coordination"]:
        client = client_de(username)
        for url in [
            "/rapports/provincial.pdf?exercice=abc",
            "/rapports/regions/01/rapport.pdf?exercice=-1",
            "/rapports/regions/zz/rapport.pdf",
            "/rapports/tableau-de-bord/inconnu.xlsx",
            "/rapports/tableau-de-bord/?exercice=abc&page=999",
            "/projets/?page=abc&tri=inconnu",
            "/bilans/suivi/?exercice=abc&region=zz",
        ]:
            assert client.get(url).status_code < 500, (username, url)


@pytest.mark.django_db
def test_un_rapport_d_une_autre_region_ne_se_genere_pas(demo):
    from rapports.models import DocumentGenere

    region = Creneau.objects.get(slug=MEUBLE).region_porteuse
    autre = Creneau.objects.exclude(region_porteuse=region).first().region_porteuse
    for username in ["dr.centre", "coordination", "comite.regional", None]:
        client = client_de(username)
        avant = DocumentGenere.objects.count()
        statuts = [
            client.get(f"/rapports/regions/{autre.code}/rapport.pdf").status_code,
            client.get("/rapports/provincial.pdf").status_code,
        ]
        assert all(s in (302, 403) for s in statuts), (username, statuts)
        assert DocumentGenere.objects.count() == avant
    document = DocumentGenere.objects.create(
        sorte=DocumentGenere.Sorte.RAPPORT_PROVINCIAL,
        demande_par=get_user_model().objects.get(username="ministere"),
        exercice=2025,
    )
    for username in ["dr.centre", "dr.bas-saint-laurent"]:
        client = client_de(username)
        assert client.get(f"/rapports/documents/{document.pk}/").status_code == 403
        assert client.get(f"/rapports/documents/{document.pk}/fichier").status_code == 403


@pytest.mark.django_db
def test_une_etape_sautee_ne_change_rien(o):
    """A draft cannot jump to a later step of the workflow, whoever posts it."""
    projet = o["brouillon"]
    for username in ["coordination", "comite.creneau", "comite.regional", "dr.centre", "ministere"]:
        client = client_de(username)
        for cle, donnees in [
            ("resolution", {"issue": "adoptee", "votes_pour": 5, "votes_contre": 0, "abstentions": 0}),
            ("regional", {"issue": "approuver", "votes_pour": 5, "votes_contre": 0, "abstentions": 0}),
            ("analyse", {"texte": "Analyse"}),
            ("ministere", {"issue": "accepter", "montant": "1000", "motif": "x"}),
            ("convention", {"motif": "x"}),
            ("versement", {"date": "2026-01-01", "montant": "1000"}),
            ("rapport", {"resume": "x"}),
            ("desengagement", {"motif": "x"}),
        ]:
            reponse = poster(client, reverse("projets:agir", args=[projet.pk, cle]), {"version": projet.version, **donnees})
            assert reponse.status_code in (200, 302, 403), (username, cle, reponse.status_code)


@pytest.mark.django_db
def test_des_filtres_absurdes_ne_font_pas_d_erreur(demo):
    client = client_de("ministere")
    for url in [
        "/projets/?statut=zz&creneau=abc&region=zz&exercice=abc&programme=-1&page=9999",
        "/creneaux/?region=zz&statut=zz&page=abc",
        "/creneaux/organisations/?type=zz&page=-1",
        "/regions/zz/",
        "/bilans/creneau/zz/comparaison/",
        f"/bilans/creneau/{MEUBLE}/comparaison/?exercice=abc&a=zz&b=-1",
        f"/bilans/creneau/{MEUBLE}/?exercice=abc",
        "/plans/creneau/zz/",
        "/projets/999999/etape/budget/",
        "/projets/pieces/999999/",
        "/projets/decisions/999999/document/",
        "/rapports/projets/999999/dossier.pdf",
        "/rapports/documents/999999/",
    ]:
        assert client.get(url).status_code < 500, url


@pytest.mark.django_db
def test_un_bilan_depose_ne_se_modifie_plus(o):
    """Posts to a bilan once submitted or accepted (a page left open) change nothing."""
    deposes = BilanAnnuel.objects.filter(creneau=o["meuble"], statut__in=[BilanStatut.SOUMIS, BilanStatut.ACCEPTE])
    assert deposes
    client = client_de("coordination")
    for bilan in deposes:
        for nom, donnees in [
            ("bilans:sections", {"faits_saillants": "Modifié après coup"}),
            ("bilans:indicateurs", {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"}),
            ("bilans:recalculer", {}),
            ("bilans:soumettre", {}),
        ]:
            reponse = poster(client, reverse(nom, args=[bilan.pk]), donnees)
            assert reponse.status_code in (302, 403), (nom, bilan.statut, reponse.status_code)


@pytest.mark.django_db
def test_une_fiche_postee_vide_n_efface_rien(o):
    reponse = poster(client_de("coordination"), reverse("creneaux:modifier", args=[MEUBLE]), {})
    assert reponse.status_code == 200
    assert "Le formulaire reçu est vide : rien n&#x27;a été enregistré." in reponse.content.decode()
