"""The register of a comité's résolutions: every item it decided (number, date, séance, object,
outcome, tally) in one list, searched by porteur, project or number and filtered by year and
outcome, exported as CSV, each linked to its procès-verbal; read by whoever may read the comité's
séances, in a fixed number of queries whatever its length. The comité régional has its own."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from creneaux.models import Reunion
from projets.models import Statut
from seances.models import Point
from tests.factories import PointFactory, ProjetFactory, ReunionFactory, UserFactory, seance_prete
from tests.seances.test_pv import Seance

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenue():
    s = Seance()
    s.convoquer()
    s.tenir()
    s.projet.porteur.nom = "Ébénisterie Laurentide"
    s.projet.porteur.save()
    return s


def _decides(comite, n, annee):
    """`n` decided items of `comite` in a séance of `annee`."""
    date = datetime.datetime(annee, 5, 10, 14, tzinfo=datetime.UTC)
    seance = ReunionFactory(comite=comite, date=date, statut=Reunion.Statut.LEVEE)
    return [
        PointFactory(
            seance=seance, type=Point.Type.LIBRE, projet=None, titre=f"Point {annee}-{i}", etat=Point.Etat.DECIDE,
            issue=Point.Issue.ADOPTEE, pour=4, contre=1, abstentions=0, clos_le=timezone.now(),
            numero_resolution=f"CC-TEST-{annee}-{i:02d}",
        )
        for i in range(1, n + 1)
    ]  # fmt: skip


def test_le_registre_retrouve_une_resolution_par_son_porteur(client, tenue, django_assert_max_num_queries):
    s = tenue
    client.force_login(s.m2)
    url = reverse("seances:registre", args=[s.comite.pk])
    with django_assert_max_num_queries(15):
        page = client.get(url, {"q": "laurentide"}).content.decode()
    assert s.p1.numero_resolution in page and s.projet.titre in page and "Ébénisterie Laurentide" in page
    assert s.p2.numero_resolution not in page
    assert reverse("seances:pv_pdf", args=[s.seance.pk]) in page
    assert "4 / 0 / 1" in client.get(url, {"q": s.p2.numero_resolution}).content.decode()
    # By outcome and by year.
    assert s.p1.numero_resolution not in client.get(url, {"issue": "rejetee"}).content.decode()
    annee = timezone.localtime(s.seance.date).year
    _decides(s.comite, 1, annee - 1)
    assert s.p1.numero_resolution in client.get(url, {"annee": annee}).content.decode()
    page = client.get(url, {"annee": annee - 1}).content.decode()
    assert s.p1.numero_resolution not in page and f"CC-TEST-{annee - 1}-01" in page
    # A forged filter is refused next to its field, the others still apply; never a 500.
    reponse = client.get(url, {"annee": "abc", "issue": "<script>", "q": "laurentide"})
    assert reponse.status_code == 200 and "Sélectionnez un choix valide" in reponse.content.decode()
    assert s.p1.numero_resolution in reponse.content.decode() and s.p2.numero_resolution not in reponse.content.decode()


def test_le_registre_s_exporte_en_csv(client, tenue):
    s = tenue
    client.force_login(s.president)
    reponse = client.get(reverse("seances:registre_csv", args=[s.comite.pk]), {"q": "Laurentide"})
    assert reponse["Content-Type"].startswith("text/csv")
    lignes = reponse.content.decode("utf-8-sig").splitlines()
    assert lignes[0].startswith("Numéro;Date;Séance;Objet;Porteur;Issue;Pour;Contre;Abstentions")
    assert len(lignes) == 2 and s.p1.numero_resolution in lignes[1] and "Ébénisterie Laurentide" in lignes[1]


def test_le_registre_est_pagine_en_un_nombre_fixe_de_requetes(client, tenue, django_assert_max_num_queries):
    s = tenue
    _decides(s.comite, 60, 2025)
    client.force_login(s.m2)
    url = reverse("seances:registre", args=[s.comite.pk])
    with django_assert_max_num_queries(15):
        page = client.get(url).content.decode()
    assert "62 décisions" in page and "Page 1 de 2" in page
    with django_assert_max_num_queries(15):
        page2 = client.get(url, {"page": 2}).content.decode()
    assert "Page 2 de 2" in page2


def test_le_registre_est_reserve_a_qui_lit_les_seances_du_comite(client, tenue):
    s = tenue
    url = reverse("seances:registre", args=[s.comite.pk])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    reponse = client.get(url)
    assert reponse.status_code == 403 and "réservées à ses membres" in reponse.content.decode()
    assert client.get(reverse("seances:registre_csv", args=[s.comite.pk])).status_code == 403
    for qui in (s.c.coordination, s.c.dr, s.c.central):  # the coordination and the Ministère read it
        client.force_login(qui)
        assert client.get(url).status_code == 200
    client.force_login(s.c.president_regional)  # another comité's members do not
    assert client.get(url).status_code == 403


def test_le_comite_regional_a_son_registre(client):
    c = seance_prete(regional=True, nb_projets=1)
    projet = ProjetFactory(creneau=c.creneau, statut=Statut.COMITE_REGIONAL, titre="Sonar côtier partagé")
    PointFactory(
        seance=c.seance, ordre=2, projet=projet, titre=projet.titre, etat=Point.Etat.DECIDE, issue=Point.Issue.ADOPTEE,
        pour=5, contre=0, abstentions=0, clos_le=timezone.now(), numero_resolution="CR17-2026-03",
    )  # fmt: skip
    client.force_login(c.votants[0])
    page = client.get(reverse("seances:registre", args=[c.comite.pk]), {"q": "CR17-2026-03"}).content.decode()
    assert "Sonar côtier partagé" in page and "CR17-2026-03" in page
    assert reverse("seances:registre", args=[c.comite.pk]) in client.get(c.comite.get_absolute_url()).content.decode()
