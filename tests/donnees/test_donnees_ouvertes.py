"""Open data: anyone downloads the accepted projects and the créneaux directory (CSV, JSON),
described by a Frictionless Data Package that validates; nothing else leaves the portal."""

import csv
import io
import json
from decimal import Decimal

import frictionless
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from noyau.formats import format_argent
from projets.models import Statut
from tests.donnees.conftest import accepte

pytestmark = pytest.mark.django_db


def contenu(reponse):
    assert reponse.status_code == 200, reponse
    return b"".join(reponse.streaming_content).decode() if reponse.streaming else reponse.content.decode()


def lignes_csv(client, nom):
    texte = contenu(client.get(reverse("donnees:csv", args=[nom])))
    return texte, list(csv.DictReader(io.StringIO(texte)))


def test_un_visiteur_anonyme_trouve_la_page_des_donnees_ouvertes_et_sa_licence(client, portail):
    reponse = client.get(reverse("donnees:accueil"))
    html = contenu(reponse)
    assert "CC-BY 4.0" in html and "https://creativecommons.org/licenses/by/4.0/" in html
    for lien in (
        "/donnees-ouvertes/projets.csv",
        "/donnees-ouvertes/projets.json",
        "/donnees-ouvertes/creneaux.csv",
        "/donnees-ouvertes/datapackage.json",
    ):
        assert lien in html


def test_le_csv_des_projets_ne_donne_que_les_projets_acceptes_avec_leurs_vrais_montants(client, portail):
    texte, lignes = lignes_csv(client, "projets")
    par_numero = {ligne["numero"]: ligne for ligne in lignes}
    assert set(par_numero) == {portail.accepte.numero, portail.en_realisation.numero, portail.termine.numero}
    real = par_numero[portail.en_realisation.numero]
    # Granted less the released balance; paid = sum of the payments; machine conventions.
    assert real["montant_accorde"] == "75000.00"
    assert real["montant_verse"] == "12500.50"
    assert real["date_decision"] == "2026-03-31"  # the Québec date of the decision, ISO
    assert real["region_code"] == "17" and real["programme"] == "FSDCE" and real["exercice"] == "2026"
    assert real["creneau_slug"] == portail.c.creneau.slug
    assert real["porteur"] == portail.en_realisation.porteur.nom
    assert par_numero[portail.accepte.numero]["montant_verse"] == "0.00"
    # No porteur: an empty cell; a title a spreadsheet would run as a formula is neutralised.
    assert par_numero[portail.termine.numero]["porteur"] == ""
    assert par_numero[portail.termine.numero]["titre"] == "'=Mission commerciale"
    assert texte.splitlines()[0].startswith("numero,titre,creneau,creneau_slug,region_code")
    for secret in portail.secrets:
        assert secret not in texte


def test_le_json_donne_les_memes_projets_que_le_csv(client, portail):
    donnees = json.loads(contenu(client.get(reverse("donnees:json", args=["projets"]))))
    _texte, lignes = lignes_csv(client, "projets")
    assert [d["numero"] for d in donnees] == [ligne["numero"] for ligne in lignes]
    real = next(d for d in donnees if d["numero"] == portail.en_realisation.numero)
    assert real["montant_accorde"] == 75000.0 and real["montant_verse"] == 12500.5 and real["date_decision"] == "2026-03-31"
    texte = json.dumps(donnees, ensure_ascii=False)
    for secret in portail.secrets:
        assert secret not in texte


def test_le_repertoire_des_creneaux_ne_montre_pas_les_creneaux_potentiels(client, portail):
    texte, lignes = lignes_csv(client, "creneaux")
    assert [ligne["slug"] for ligne in lignes] == [portail.c.creneau.slug]
    assert lignes[0]["date_reconnu"] == "2008-06-01" and lignes[0]["statut"] == "reconnu"
    assert portail.potentiel.slug not in texte
    assert json.loads(contenu(client.get(reverse("donnees:json", args=["creneaux"]))))[0]["slug"] == portail.c.creneau.slug


def test_un_jeu_inconnu_est_une_page_introuvable(client, portail):
    assert client.get("/donnees-ouvertes/personnes.csv").status_code == 404
    assert client.get("/donnees-ouvertes/personnes.json").status_code == 404


def test_le_data_package_decrit_les_fichiers_et_frictionless_le_valide(client, portail, tmp_path):
    """`frictionless validate` on the package and the files exactly as the portal serves them:
    any error (type, primary key, foreign key, schema, licence) fails the test."""
    paquet = json.loads(contenu(client.get(reverse("donnees:datapackage"))))
    assert paquet["licenses"][0]["name"] == "CC-BY-4.0"
    assert paquet["sources"] and paquet["created"]
    schemas = {r["name"]: r["schema"] for r in paquet["resources"]}
    assert schemas["projets"]["primaryKey"] == ["numero"] and schemas["creneaux"]["primaryKey"] == ["slug"]
    types = {f["name"]: f["type"] for f in schemas["projets"]["fields"]}
    assert types["montant_accorde"] == "number" and types["date_decision"] == "date" and types["exercice"] == "integer"
    (tmp_path / "datapackage.json").write_text(json.dumps(paquet), encoding="utf-8")
    for ressource in paquet["resources"]:
        (tmp_path / ressource["path"]).write_bytes(contenu(client.get(f"/donnees-ouvertes/{ressource['path']}")).encode())
    rapport = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert rapport.valid, rapport.flatten(["type", "title", "message"])
    assert {t.name: t.stats["rows"] for t in rapport.tasks} == {"projets": 3, "creneaux": 1}


def test_frictionless_refuserait_des_donnees_fautives(client, portail, tmp_path):
    """The check has teeth: a duplicated key and an unknown créneau make the package invalid."""
    paquet = json.loads(contenu(client.get(reverse("donnees:datapackage"))))
    (tmp_path / "datapackage.json").write_text(json.dumps(paquet), encoding="utf-8")
    texte, _lignes = lignes_csv(client, "projets")
    derniere = texte.strip().splitlines()[-1]
    (tmp_path / "projets.csv").write_text(
        texte + derniere + "\r\n" + derniere.replace(portail.c.creneau.slug, "inconnu") + "\r\n"
    )
    (tmp_path / "creneaux.csv").write_text(lignes_csv(client, "creneaux")[0])
    rapport = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not rapport.valid
    erreurs = {e[0] for e in rapport.flatten(["type"])}
    assert {"primary-key", "foreign-key"} <= erreurs


def test_les_telechargements_font_le_meme_nombre_de_requetes_quel_que_soit_le_volume(client, portail):
    def requetes(url):
        with CaptureQueriesContext(connection) as ctx:
            contenu(client.get(url))
        return len(ctx.captured_queries)

    urls = [
        "/donnees-ouvertes/projets.csv",
        "/donnees-ouvertes/projets.json",
        "/donnees-ouvertes/creneaux.csv",
        "/donnees-ouvertes/datapackage.json",
    ]
    avant = [requetes(u) for u in urls]
    for _ in range(15):
        p = portail.c.projet(statut=Statut.EN_REALISATION, montant_accorde=Decimal("1000.00"))
        accepte(p, portail.c.central)
    assert [requetes(u) for u in urls] == avant
    assert max(avant) <= 4


def test_la_fiche_publique_du_creneau_liste_ses_projets_acceptes(client, portail, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        html = client.get(portail.c.creneau.get_absolute_url()).content.decode()
    assert 'id="projets-acceptes"' in html
    for projet in (portail.accepte, portail.en_realisation, portail.termine):
        assert projet.numero in html
    assert format_argent(Decimal("75000")) in html  # the same figure as the open data, shown the fr-CA way
    for projet in (portail.brouillon, portail.au_comite, portail.au_ministere, portail.refuse, portail.retire):
        assert projet.titre not in html
