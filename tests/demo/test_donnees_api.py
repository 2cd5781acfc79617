"""The demo's accepted projects are in the open data, and its central Ministère log-in has an API
token (fixed, like its password) that reads the API."""

import csv
import io

import pytest

from demo import jetons
from demo import projets as demo_projets
from projets.models import STATUTS_ENGAGES, Projet
from tests.factories import CreneauFactory, region

pytestmark = pytest.mark.django_db


def test_les_projets_acceptes_de_la_demo_sont_dans_les_donnees_ouvertes_et_son_jeton_lit_l_api(client):
    CreneauFactory(nom="Meuble", slug="meuble-centre-du-quebec", region_porteuse=region("17"))
    demo_projets.charger()
    jetons.charger()
    jetons.charger()  # idempotent
    texte = b"".join(client.get("/donnees-ouvertes/projets.csv").streaming_content).decode()
    numeros = {ligne["numero"] for ligne in csv.DictReader(io.StringIO(texte))}
    attendus = set(Projet.objects.filter(statut__in=STATUTS_ENGAGES).values_list("numero", flat=True))
    assert attendus and numeros == attendus
    reponse = client.get("/api/v1/projets", HTTP_AUTHORIZATION=f"Bearer {jetons.JETON_DEMO}")
    assert reponse.status_code == 200 and reponse.json()["count"] == Projet.objects.count()
