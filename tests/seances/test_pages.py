"""The séance pages as each person meets them: the list, planning, the agenda and its convocation,
the séance in session (chair, secretary, member), the home page's coming séances. Each page opens
for the right role and is refused to the others; every refusal of a verb is shown on the page;
the pages take a fixed number of queries whatever the number of members and items."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from creneaux.models import Presence, Reunion
from projets import actions as projets
from projets.models import Enveloppe, Statut
from seances import actions
from seances.models import ConflitInteret, DecompteMainLevee, Point, Vote
from tests.factories import (
    AffectationMinistereFactory,
    CreneauFactory,
    PointFactory,
    ProjetFactory,
    ReunionFactory,
    UserFactory,
    fsdce,
    membre_avec_compte,
    region,
    seance_prete,
)

pytestmark = pytest.mark.django_db

S = Reunion.Statut
MAX_PREPARATION = 15


def url(nom, *args):
    return reverse(f"seances:{nom}", args=args)


def texte(reponse):
    return reponse.content.decode()


def messages_de(reponse):
    return [str(m) for m in reponse.context["messages"]] if reponse.context else []


def dans(**kwargs):
    return timezone.now() + datetime.timedelta(**kwargs)


@pytest.fixture
def c():
    """An open séance of a comité de créneau (region 17): five voting members all present, one
    project on the agenda."""
    return seance_prete()


@pytest.fixture
def autre():
    """Another comité de créneau of another region (05), its séance open."""
    return seance_prete(code_region="05")


# ---------------------------------------------------------------------------------------------
# Who opens which page


@pytest.mark.parametrize("nom", ["detail", "en_cours", "etat"])
def test_les_membres_du_comite_et_le_ministere_de_la_region_ouvrent_la_seance(client, c, nom):
    dr = AffectationMinistereFactory(region=region("17")).user
    for user in (c.president, c.secretaire, c.votants[0], c.coordination, dr):
        client.force_login(user)
        assert client.get(url(nom, c.seance.pk)).status_code == 200, user


@pytest.mark.parametrize("nom", ["detail", "en_cours", "etat"])
def test_les_autres_sont_refuses(client, c, autre, nom):
    assert client.get(url(nom, c.seance.pk)).url.startswith(reverse("login"))
    dr_ailleurs = AffectationMinistereFactory(region=region("05")).user
    for user in (autre.president, autre.votants[0], dr_ailleurs, UserFactory()):
        client.force_login(user)
        reponse = client.get(url(nom, c.seance.pk))
        assert reponse.status_code == 403, user
        assert "réservées à ses membres" in texte(reponse)


def test_une_seance_inconnue_est_introuvable(client, c):
    client.force_login(c.president)
    assert client.get(url("detail", 999999)).status_code == 404
    assert client.post(url("voter", 999999), {"choix": "pour"}).status_code == 404


def test_la_liste_montre_les_seances_de_ses_comites_en_cours_d_abord_puis_a_venir(client, c, autre):
    passee = ReunionFactory(comite=c.comite, date=dans(days=-30), statut=S.LEVEE)
    demain = ReunionFactory(comite=c.comite, date=dans(days=1), statut=S.CONVOQUEE)
    client.force_login(c.votants[0])
    reponse = client.get(url("liste"))
    assert reponse.status_code == 200
    assert list(reponse.context["seances"]) == [c.seance, demain, passee]
    assert autre.seance not in reponse.context["seances"]
    # The direction régionale of the region sees them, not the other region's.
    client.force_login(AffectationMinistereFactory(region=region("05")).user)
    assert list(client.get(url("liste")).context["seances"]) == [autre.seance]
    client.logout()
    assert client.get(url("liste")).url.startswith(reverse("login"))


def test_la_liste_offre_de_planifier_a_la_presidence_seulement(client, c):
    client.force_login(c.president)
    assert url("planifier", c.comite.pk) in texte(client.get(url("liste")))
    client.force_login(c.votants[0])
    assert url("planifier", c.comite.pk) not in texte(client.get(url("liste")))


def test_le_lien_seances_de_la_navigation_suit_la_regle(client, c):
    client.force_login(c.votants[0])
    assert f'href="{url("liste")}"' in texte(client.get("/"))
    client.force_login(UserFactory())
    assert f'href="{url("liste")}"' not in texte(client.get("/"))


# ---------------------------------------------------------------------------------------------
# Planning and the agenda


def test_la_presidence_planifie_une_seance(client, c):
    page = url("planifier", c.comite.pk)
    client.force_login(c.votants[0])
    assert client.get(page).status_code == 403
    client.force_login(c.president)
    assert client.get(page).status_code == 200
    date = timezone.localtime(dans(days=10)).strftime("%Y-%m-%dT%H:%M")
    reponse = client.post(page, {"date": date, "mode": "presence", "lieu": "Drummondville"})
    seance = Reunion.objects.filter(comite=c.comite, statut=S.PLANIFIEE).get()
    assert reponse.url == url("detail", seance.pk) and seance.lieu == "Drummondville"


def test_une_date_passee_est_refusee_a_cote_du_champ(client, c):
    client.force_login(c.president)
    date = timezone.localtime(dans(days=-2)).strftime("%Y-%m-%dT%H:%M")
    avant = Reunion.objects.count()
    reponse = client.post(url("planifier", c.comite.pk), {"date": date, "mode": "presence", "lieu": "Drummondville"})
    assert reponse.status_code == 200
    assert "cette date est passée" in " ".join(reponse.context["form"].errors["date"])
    assert Reunion.objects.count() == avant
    reponse = client.post(
        url("planifier", c.comite.pk), {"date": timezone.localtime(dans(days=2)).strftime("%Y-%m-%dT%H:%M"), "mode": "presence"}
    )
    assert "Indiquez le lieu" in " ".join(reponse.context["form"].errors["lieu"])


def test_le_choix_des_projets_se_limite_a_ceux_qui_attendent_ce_comite(client):
    p = seance_prete(statut=S.PLANIFIEE, nb_projets=0)
    attend = ProjetFactory(creneau=p.creneau, statut=Statut.COMITE_CRENEAU)
    ProjetFactory(creneau=p.creneau, statut=Statut.BROUILLON)
    ProjetFactory(statut=Statut.COMITE_CRENEAU)  # another créneau
    client.force_login(p.secretaire)
    reponse = client.get(url("detail", p.seance.pk))
    (form,) = [f for f in reponse.context["formulaires"] if f.type == Point.Type.PROJET]
    assert list(form.fields["projet"].queryset) == [attend]
    client.post(url("ajouter_point", p.seance.pk), {"projet-type_point": "projet", "projet-projet": attend.pk})
    assert p.seance.points.get().projet == attend
    # A member sees the agenda, not the forms.
    client.force_login(p.votants[0])
    reponse = client.get(url("detail", p.seance.pk))
    assert reponse.context["formulaires"] == [] and attend.titre in texte(reponse)


def test_un_refus_du_verbe_s_affiche_a_cote_du_champ(client):
    p = seance_prete(statut=S.CONVOQUEE, nb_projets=1, convoquee_le=dans(days=-3))
    tard = ProjetFactory(creneau=p.creneau)
    projets.soumettre(tard, par=p.coordination)  # reaches the comité after the convocation
    client.force_login(p.secretaire)
    reponse = client.get(url("detail", p.seance.pk))
    (form,) = [f for f in reponse.context["formulaires"] if f.type == Point.Type.PROJET]
    assert list(form.fields["projet"].queryset) == [tard]  # (the project already on the agenda is not offered)
    reponse = client.post(url("ajouter_point", p.seance.pk), {"projet-type_point": "projet", "projet-projet": tard.pk})
    assert reponse.status_code == 200
    (form,) = [f for f in reponse.context["formulaires"] if f.is_bound]
    assert "après la convocation" in " ".join(form.errors["projet"])
    assert "inscrivez-le à une prochaine séance" in texte(reponse)
    assert p.seance.points.count() == 1
    reponse = client.post(url("ajouter_point", p.seance.pk), {"libre-type_point": "libre", "libre-titre": ""})
    assert reponse.status_code == 200 and p.seance.points.count() == 1


def test_le_comite_regional_inscrit_la_repartition_de_son_enveloppe_creneau_par_creneau(client):
    r = seance_prete(regional=True, statut=S.PLANIFIEE, nb_projets=0)
    autre_creneau = CreneauFactory(region_porteuse=region("17"), nom="Zzz dernier créneau")
    env = Enveloppe.objects.get(programme=fsdce(), region__code="17")
    client.force_login(r.secretaire)
    reponse = client.get(url("detail", r.seance.pk))
    (form,) = [f for f in reponse.context["formulaires"] if f.type == Point.Type.REPARTITION]
    assert {f"part_{r.creneau.pk}", f"part_{autre_creneau.pk}"} <= set(form.fields)
    assert list(form.fields["enveloppe"].queryset) == [env]
    donnees = {
        "repartition-type_point": "repartition",
        "repartition-enveloppe": env.pk,
        f"repartition-part_{r.creneau.pk}": "150000",
        f"repartition-part_{autre_creneau.pk}": "50000",
    }
    reponse = client.post(url("ajouter_point", r.seance.pk), donnees, follow=True)
    point = r.seance.points.get()
    assert point.type == Point.Type.REPARTITION
    assert point.parts == {str(r.creneau.pk): "150000", str(autre_creneau.pk): "50000"}
    assert "Zzz dernier créneau" in texte(reponse)  # each share shown by its créneau's name
    # A comité de créneau has no répartition to put on its agenda.
    p = seance_prete(statut=S.PLANIFIEE, nb_projets=0)
    client.force_login(p.secretaire)
    types = [f.type for f in client.get(url("detail", p.seance.pk)).context["formulaires"]]
    assert Point.Type.REPARTITION not in types and Point.Type.PROJET in types


def test_la_presidence_ordonne_retire_et_convoque(client, django_capture_on_commit_callbacks):
    p = seance_prete(statut=S.PLANIFIEE, nb_projets=3)
    un, deux, trois = p.points
    client.force_login(p.president)
    client.post(url("ordonner", p.seance.pk), {"point": trois.pk, "sens": "haut"})
    assert list(p.seance.points.order_by("ordre").values_list("pk", flat=True)) == [un.pk, trois.pk, deux.pk]
    client.post(url("retirer_point", un.pk))
    assert list(p.seance.points.order_by("ordre").values_list("pk", flat=True)) == [trois.pk, deux.pk]
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(url("convoquer", p.seance.pk), follow=True)
    assert "Séance convoquée" in " ".join(messages_de(reponse))
    assert Reunion.objects.get(pk=p.seance.pk).statut == S.CONVOQUEE
    assert len(mail.outbox) >= 1
    # Once convened, nothing moves; the refusal is shown, not an error page.
    reponse = client.post(url("convoquer", p.seance.pk), follow=True)
    assert reponse.status_code == 200 and "déjà convoquée" in " ".join(messages_de(reponse))


def test_un_membre_ne_convoque_pas_et_un_etranger_est_refuse(client, autre):
    p = seance_prete(statut=S.PLANIFIEE, nb_projets=1)
    client.force_login(p.votants[0])
    reponse = client.post(url("convoquer", p.seance.pk), follow=True)
    assert "Seules la présidence et le secrétariat" in " ".join(messages_de(reponse))
    client.force_login(autre.president)
    assert client.post(url("convoquer", p.seance.pk)).status_code == 403
    assert client.post(url("retirer_point", p.point.pk)).status_code == 403
    client.logout()
    assert client.post(url("convoquer", p.seance.pk)).url.startswith(reverse("login"))
    assert Reunion.objects.get(pk=p.seance.pk).statut == S.PLANIFIEE and p.seance.points.count() == 1


def test_les_actions_se_font_en_post_seulement(client, c):
    client.force_login(c.president)
    for nom, pk in (("convoquer", c.seance.pk), ("lever", c.seance.pk), ("voter", c.point.pk), ("clore_vote", c.point.pk)):
        assert client.get(url(nom, pk)).status_code == 405


# ---------------------------------------------------------------------------------------------
# The séance in session


def test_une_seance_du_debut_a_la_fin_par_les_pages(client):
    c = seance_prete(presents=False)
    president, secretaire, *votants = c.membres
    # Members check in from their own session; the secretary marks one present, the chair confirms.
    for user in (president, secretaire, votants[0]):
        client.force_login(user)
        assert "Je suis présent·e" in texte(client.get(url("en_cours", c.seance.pk)))
        client.post(url("pointer", c.seance.pk))
    client.force_login(secretaire)
    client.post(url("marquer_presence", c.seance.pk), {"personne": votants[1].personne.pk})
    presence = Presence.objects.get(reunion=c.seance, personne=votants[1].personne)
    assert not presence.valide
    client.force_login(president)
    page = texte(client.get(url("en_cours", c.seance.pk)))
    assert url("confirmer_presence", presence.pk) in page
    client.post(url("confirmer_presence", presence.pk))
    assert Presence.objects.get(pk=presence.pk).valide
    # The chair opens the vote; a member declares a conflict, the others vote.
    client.post(url("ouvrir_vote", c.point.pk), {"proposition": "adopter"})
    client.force_login(votants[0])
    page = texte(client.get(url("en_cours", c.seance.pk)))
    assert url("voter", c.point.pk) in page and reverse("rapports:dossier_projet", args=[c.projet.pk]) in page
    client.post(url("declarer_conflit", c.point.pk), {f"c{c.point.pk}-note": "Mon employeur est partenaire du projet."})
    assert ConflitInteret.objects.get(point=c.point, personne=votants[0].personne).note
    page = texte(client.get(url("en_cours", c.seance.pk)))
    assert "vous ne votez pas" in page and url("voter", c.point.pk) not in page
    for user in (president, secretaire, votants[1]):
        client.force_login(user)
        client.post(url("voter", c.point.pk), {"choix": "pour"})
    assert Vote.objects.filter(point=c.point).count() == 3
    assert "Vous avez voté : Pour" in texte(client.get(url("en_cours", c.seance.pk)))
    # The chair closes: the project moves on to the comité régional.
    client.force_login(president)
    reponse = client.post(url("clore_vote", c.point.pk), follow=True)
    assert "proposition adoptée" in " ".join(messages_de(reponse))
    c.relire()
    assert c.point.etat == Point.Etat.DECIDE and c.projet.statut == Statut.COMITE_REGIONAL
    reponse = client.post(url("lever", c.seance.pk), follow=True)
    assert reponse.redirect_chain[-1][0] == url("detail", c.seance.pk)
    page = texte(reponse)
    assert url("pv_pdf", c.seance.pk) in page and url("approuver_pv", c.seance.pk) in page


def test_les_refus_s_affichent_en_message(client, c):
    membre = c.votants[0]
    client.force_login(membre)
    reponse = client.post(url("voter", c.point.pk), {"choix": "pour"}, follow=True)
    assert reponse.status_code == 200
    assert "Le vote sur ce point n'est pas ouvert." in messages_de(reponse)
    actions.ouvrir_vote(c.point, par=c.president)
    client.post(url("voter", c.point.pk), {"choix": "pour"})
    reponse = client.post(url("voter", c.point.pk), {"choix": "contre"}, follow=True)
    assert "Vous avez déjà voté sur ce point." in messages_de(reponse)
    assert Vote.objects.get(point=c.point, personne=membre.personne).choix == "pour"
    reponse = client.post(url("declarer_conflit", c.point.pk), {f"c{c.point.pk}-note": "Trop tard."}, follow=True)
    assert any("avant le vote" in m for m in messages_de(reponse))
    reponse = client.post(url("voter", c.point.pk), {"choix": "peut-être"}, follow=True)
    assert "Choisissez pour, contre ou abstention." in messages_de(reponse)
    # A member does not close the vote nor adjourn.
    for nom, pk in (("clore_vote", c.point.pk), ("lever", c.seance.pk)):
        reponse = client.post(url(nom, pk), follow=True)
        assert reponse.status_code == 200 and any("présidence" in m for m in messages_de(reponse))
    assert Point.objects.get(pk=c.point.pk).etat == Point.Etat.VOTE_OUVERT


def test_sans_quorum_le_vote_ne_s_ouvre_pas_et_la_page_le_dit(client):
    c = seance_prete(presents=False)
    client.force_login(c.president)
    client.post(url("pointer", c.seance.pk))
    reponse = client.post(url("ouvrir_vote", c.point.pk), {"proposition": "adopter"}, follow=True)
    assert any("Quorum non atteint" in m for m in messages_de(reponse))
    assert "Quorum : 1 / 3" in texte(reponse)
    reponse = client.post(url("ouvrir_vote", c.point.pk), {"proposition": "renvoyer"}, follow=True)
    assert Point.objects.get(pk=c.point.pk).etat == Point.Etat.INSCRIT


def test_le_secretariat_saisit_une_main_levee_que_la_presidence_confirme(client, c):
    actions.ouvrir_vote(c.point, par=c.president)
    client.force_login(c.secretaire)
    assert url("saisir_main_levee", c.point.pk) in texte(client.get(url("en_cours", c.seance.pk)))
    client.post(url("saisir_main_levee", c.point.pk), {"pour": 3, "contre": 1, "abstentions": 1})
    client.force_login(c.president)
    page = texte(client.get(url("en_cours", c.seance.pk)))
    assert "Confirmer le décompte à main levée" in page
    decompte = DecompteMainLevee.objects.get(point=c.point)
    client.post(url("clore_vote", c.point.pk), {"decompte": decompte.pk})
    point = Point.objects.get(pk=c.point.pk)
    assert (point.etat, point.pour, point.contre, point.abstentions) == (Point.Etat.DECIDE, 3, 1, 1)


def test_un_membre_d_un_autre_comite_ne_vote_pas_ni_ne_pointe(client, c, autre):
    actions.ouvrir_vote(c.point, par=c.president)
    client.force_login(autre.votants[0])
    assert client.post(url("voter", c.point.pk), {"choix": "pour"}).status_code == 403
    assert client.post(url("pointer", c.seance.pk)).status_code == 403
    assert client.post(url("declarer_conflit", c.point.pk), {f"c{c.point.pk}-note": "x"}).status_code == 403
    # The chair of another comité neither.
    client.force_login(autre.president)
    assert client.post(url("clore_vote", c.point.pk)).status_code == 403
    assert client.post(url("lever", c.seance.pk)).status_code == 403
    assert not Vote.objects.filter(point=c.point).exists()
    assert Reunion.objects.get(pk=c.seance.pk).statut == S.OUVERTE


def test_le_fragment_en_direct_ne_renvoie_que_ce_qui_a_change(client, c):
    client.force_login(c.votants[0])
    reponse = client.get(url("etat", c.seance.pk))
    assert reponse.status_code == 200 and 'data-hx-trigger="every 3s"' in texte(reponse)
    v = reponse.content.decode().split('data-empreinte="')[1].split('"')[0]
    assert client.get(url("etat", c.seance.pk), {"v": v}).status_code == 204
    actions.ouvrir_vote(c.point, par=c.president)
    reponse = client.get(url("etat", c.seance.pk), {"v": v})
    assert reponse.status_code == 200 and url("voter", c.point.pk) in texte(reponse)


def test_une_consultation_electronique_se_vote_point_par_point_sans_pointer(client):
    c = seance_prete(
        statut=S.CONVOQUEE,
        nb_projets=2,
        presents=False,
        mode=Reunion.Mode.ELECTRONIQUE,
        date=dans(hours=-1),
        echeance=dans(days=2),
    )
    actions.ouvrir(c.seance, par=c.president)
    un, deux = c.points
    membre = c.votants[0]
    client.force_login(membre)
    page = texte(client.get(url("en_cours", c.seance.pk)))
    assert "Je suis présent·e" not in page and "Votes ouverts jusqu" in page
    assert url("voter", un.pk) in page and url("voter", deux.pk) in page
    client.post(url("voter", deux.pk), {"choix": "contre"})
    page = texte(client.get(url("en_cours", c.seance.pk)))
    assert url("voter", un.pk) in page and url("voter", deux.pk) not in page
    assert "Vous avez voté : Contre." in page
    assert Vote.objects.get(point=deux, personne=membre.personne).choix == "contre"
    # The chair neither closes votes nor adjourns by hand: the deadline does.
    client.force_login(c.president)
    page = texte(client.get(url("en_cours", c.seance.pk)))
    assert url("clore_vote", un.pk) not in page and url("lever", c.seance.pk) not in page


# ---------------------------------------------------------------------------------------------
# Home page


def _convoquee(c, nb_projets):
    """Another séance of `c`'s comité, convened for tomorrow with `nb_projets` projects."""
    s = ReunionFactory(comite=c.comite, date=dans(days=1), statut=S.CONVOQUEE, convoquee_le=dans(days=-1))
    for i in range(nb_projets):
        PointFactory(seance=s, ordre=i + 1, projet=ProjetFactory(creneau=c.creneau, statut=Statut.COMITE_CRENEAU))
    return s


def test_l_accueil_montre_au_membre_ses_prochaines_seances_et_leurs_dossiers(client, c, autre):
    demain = _convoquee(c, nb_projets=1)
    planifiee = ReunionFactory(comite=c.comite, date=dans(days=2), statut=S.PLANIFIEE)
    client.force_login(c.votants[0])
    page = texte(client.get("/"))
    assert "Mes prochaines séances" in page
    assert url("detail", demain.pk) in page and url("en_cours", c.seance.pk) in page
    assert reverse("rapports:dossier_projet", args=[demain.points.get().projet_id]) in page
    assert url("detail", planifiee.pk) not in page and url("en_cours", autre.seance.pk) not in page
    client.force_login(UserFactory())
    assert "Mes prochaines séances" not in texte(client.get("/"))


# ---------------------------------------------------------------------------------------------
# Query counts


def _grande(c, nb_membres, nb_projets):
    """The séance with a vote open on its first item, members voting and one in conflict."""
    actions.ouvrir_vote(c.point, par=c.president)
    votants = c.membres
    actions.declarer_conflit(c.point, par=votants[-1], note="Partenaire.")
    for user in votants[:-1]:
        actions.voter(c.point, par=user, choix="pour")
    return c


@pytest.fixture(params=[(5, 1), (14, 6)], ids=["petite", "grande"])
def taille(request):
    nb_membres, nb_projets = request.param
    return _grande(seance_prete(nb_membres=nb_membres, nb_projets=nb_projets), nb_membres, nb_projets)


@pytest.mark.parametrize(
    ("nom", "qui", "maximum"),
    [
        ("en_cours", "president", 15),
        ("en_cours", "secretaire", 15),
        ("en_cours", "membre", 15),
        ("etat", "membre", 15),
        ("etat", "president", 15),
        ("detail", "president", 13),
        ("detail", "membre", 13),
    ],
)
def test_les_pages_tiennent_en_un_nombre_fixe_de_requetes(client, taille, django_assert_max_num_queries, nom, qui, maximum):
    c = taille
    user = {"president": c.president, "secretaire": c.secretaire, "membre": c.votants[0]}[qui]
    client.force_login(user)
    with django_assert_max_num_queries(maximum):
        assert client.get(url(nom, c.seance.pk)).status_code == 200


@pytest.mark.parametrize("nb_projets", [1, 8])
def test_l_ordre_du_jour_en_preparation_tient_en_un_nombre_fixe_de_requetes(client, django_assert_max_num_queries, nb_projets):
    """The chair's agenda page, with its forms and the projects waiting for the comité."""
    p = seance_prete(statut=S.PLANIFIEE, nb_projets=nb_projets, nb_membres=4 + nb_projets)
    for _ in range(nb_projets):
        ProjetFactory(creneau=p.creneau, statut=Statut.COMITE_CRENEAU)
    client.force_login(p.president)
    with django_assert_max_num_queries(MAX_PREPARATION):
        assert client.get(url("detail", p.seance.pk)).status_code == 200


def test_la_liste_et_l_accueil_tiennent_en_un_nombre_fixe_de_requetes(client, django_assert_max_num_queries):
    c = seance_prete()
    for _ in range(12):
        _convoquee(c, nb_projets=2)
    user = membre_avec_compte(c.comite)
    client.force_login(user)
    with django_assert_max_num_queries(8):
        assert client.get(url("liste")).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get("/").status_code == 200
