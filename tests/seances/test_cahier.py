"""The cahier de séance: one PDF with the agenda and every item's dossier, for the people entitled
to the séance, built by the task worker at the convocation and again when the agenda changes;
tagged like every document, a bookmark per item, numbered pages; linked from the convocation and
from the member's home page."""

import pytest
from django.urls import reverse

from creneaux.models import Reunion
from projets.models import Statut
from rapports.models import DocumentGenere
from seances import actions
from seances.models import Point
from tests.factories import (
    ActionPlanFactory,
    AxeFactory,
    ObjectifFactory,
    PlanActionFactory,
    PointFactory,
    ProjetFactory,
    UserFactory,
    analyse_faite,
    seance_prete,
)
from tests.rapports.conftest import lire_pdf

pytestmark = pytest.mark.django_db

S = Reunion.Statut


def signets(lecteur):
    """The titles of the PDF's bookmarks, depth first."""
    titres = []

    def parcourir(noeuds):
        for n in noeuds:
            if isinstance(n, list):
                parcourir(n)
            else:
                titres.append(n.title)

    parcourir(lecteur.outline)
    return titres


@pytest.fixture
def seance(django_capture_on_commit_callbacks):
    """A comité's séance convened with three items: a project (analysed once by the direction
    régionale), the créneau's plan d'action, a free item."""
    c = seance_prete(statut=S.PLANIFIEE, nb_projets=0, lieu="Salle du conseil, Drummondville")
    projet = ProjetFactory(creneau=c.creneau, statut=Statut.COMITE_CRENEAU, titre="Vitrine numérique des fabricants")
    analyse_faite(projet, recommandation="accepter")
    plan = PlanActionFactory(creneau=c.creneau)
    axe = AxeFactory(plan=plan, titre="Marchés d'exportation")
    ActionPlanFactory(objectif=ObjectifFactory(axe=axe), titre="Mission à Chicago")
    texte = "Que le comité appuie le projet."
    actions.ajouter_point(c.seance, par=c.secretaire, type=Point.Type.PROJET, projet=projet, texte=texte)
    PointFactory(seance=c.seance, ordre=2, type=Point.Type.PLAN, projet=None, plan=plan, titre="Adoption du plan d'action")
    actions.ajouter_point(c.seance, par=c.secretaire, type=Point.Type.LIBRE, titre="Varia")
    with django_capture_on_commit_callbacks(execute=True):
        actions.convoquer(c.seance, par=c.secretaire)
    c.projets = [projet]
    return c


def test_le_cahier_se_prepare_a_la_convocation_et_se_lit_par_les_membres(client, seance, django_assert_max_num_queries):
    c = seance
    document = DocumentGenere.objects.get(sorte=DocumentGenere.Sorte.CAHIER_SEANCE, reunion=c.seance)
    assert document.statut == DocumentGenere.Statut.PRET
    client.force_login(c.votants[0])
    with django_assert_max_num_queries(15):
        reponse = client.get(reverse("seances:cahier", args=[c.seance.pk]))
    texte, pages, lecteur = lire_pdf(reponse)  # tagged (PDF/UA), with bookmarks
    for attendu in (
        "Cahier de séance",
        "Salle du conseil, Drummondville",
        "Vitrine numérique des fabricants",
        "Que le comité appuie le projet.",
        "Analyse de la direction régionale",
        "Projet conforme au guide de gestion.",
        "Dépenses",
        "Marchés d'exportation",
        "Mission à Chicago",
        "Varia",
    ):
        assert attendu in texte, attendu
    titres = signets(lecteur)
    assert [t for t in titres if t.startswith("Point ")] == [
        "Point 1 — " + c.seance.points.get(ordre=1).titre,
        "Point 2 — Adoption du plan d'action",
        "Point 3 — Varia",
    ]
    assert "Page 1 de" not in lecteur.pages[0].extract_text()  # the cover
    assert f"Page 2 de {pages}" in lecteur.pages[1].extract_text().replace("\xa0", " ")
    # Linked from the home page and the séance's page.
    lien = reverse("seances:cahier", args=[c.seance.pk])
    assert lien in client.get("/").content.decode()
    assert lien in client.get(reverse("seances:detail", args=[c.seance.pk])).content.decode()


def test_le_cahier_est_refuse_hors_du_comite(client, seance):
    url = reverse("seances:cahier", args=[seance.seance.pk])
    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    client.force_login(UserFactory())
    reponse = client.get(url)
    assert reponse.status_code == 403 and "réservées à ses membres" in reponse.content.decode()
    autre = seance_prete(statut=S.CONVOQUEE)
    client.force_login(autre.president)
    assert client.get(url).status_code == 403
    client.force_login(seance.coordination)  # the créneau's coordination prepares the files
    lire_pdf(client.get(url))


def test_le_cahier_se_refait_quand_l_ordre_du_jour_change(client, seance, django_capture_on_commit_callbacks):
    c = seance
    varia = c.seance.points.get(titre="Varia")
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        actions.retirer_point(varia, par=c.president)
    client.force_login(c.votants[0])
    # The worker has not built it yet: the page waits for it (never the former agenda's cahier).
    reponse = client.get(reverse("seances:cahier", args=[c.seance.pk]))
    assert reponse.status_code == 202 and "en préparation" in reponse.content.decode()
    for rappel in rappels:
        rappel()
    texte, _pages, lecteur = lire_pdf(client.get(reverse("seances:cahier", args=[c.seance.pk])))
    assert "Varia" not in texte and "Point 3 — Varia" not in signets(lecteur)
    assert DocumentGenere.objects.filter(reunion=c.seance, statut=DocumentGenere.Statut.PRET).count() == 2


def test_pas_de_cahier_pour_un_ordre_du_jour_vide_ou_une_seance_annulee(client):
    c = seance_prete(statut=S.PLANIFIEE, nb_projets=0, date=None)
    client.force_login(c.president)
    assert client.get(reverse("seances:cahier", args=[c.seance.pk])).status_code == 404
    c2 = seance_prete(statut=S.CONVOQUEE, date=None)
    actions.annuler(c2.seance, par=c2.president, motif="Doublon.")
    client.force_login(c2.president)
    assert client.get(reverse("seances:cahier", args=[c2.seance.pk])).status_code == 404
