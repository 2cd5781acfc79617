"""The Django admin cannot change what a verb owns. On the demo data, a superuser reads every
verb-owned row (projects and their money, decisions, mandates, coordinations, séances, plans,
bilans…) but its change, add, delete and « revert » pages refuse (403) and the database is
unchanged; reference data (programmes, envelopes, indicators, regions' strategies and
priorities, organisations' contact data) stays editable, and a créneau's stage is read-only."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from bilans.models import BilanAnnuel, Indicateur, RappelBilan
from comptes.models import AffectationMinistere
from creneaux.models import (
    Collaboration,
    Comite,
    Coordination,
    Creneau,
    DemandeCollaboration,
    DossierExcellence,
    Entente,
    Mandat,
    MembreCreneau,
    PartenariatInternational,
    Presence,
    Reglement,
    Reunion,
)
from noyau.admin import ChampsDesVerbesAdmin, LectureSeuleAdmin
from plans.models import Objectif, PlanAction, PlanPartenaire
from projets.models import (
    Commentaire,
    CompteurNumero,
    Decision,
    Enveloppe,
    PartRepartition,
    Programme,
    Projet,
    RapportFinal,
    Repartition,
    Versement,
)
from regions.models import PrioriteRegionale, StrategieRegionale
from seances.models import ConflitInteret, Point, Vote
from tests.factories import UserFactory
from tests.portail.test_requetes_forgees import empreinte

pytestmark = pytest.mark.django_db

# What a verb owns: read in the admin, never changed there.
DES_VERBES = [
    Comite,
    Mandat,
    Reunion,
    Presence,
    Coordination,
    Entente,
    Collaboration,
    DemandeCollaboration,
    PartenariatInternational,
    Reglement,
    MembreCreneau,
    DossierExcellence,
    PlanAction,
    Objectif,
    PlanPartenaire,
    Projet,
    Decision,
    Commentaire,
    Versement,
    RapportFinal,
    CompteurNumero,
    Repartition,
    PartRepartition,
    BilanAnnuel,
    RappelBilan,
    Point,
    Vote,
    ConflitInteret,
]
# Reference data: edited in the admin (a few verb-owned fields of a créneau or an organisation
# are shown read-only).
REFERENCE = {Programme, Enveloppe, Indicateur, StrategieRegionale, PrioriteRegionale, AffectationMinistere}
DOMAINE = ("creneaux", "plans", "projets", "bilans", "seances")


@pytest.fixture
def superuser(demo, client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def _url(modele, vue, *args):
    return reverse(f"admin:{modele._meta.app_label}_{modele._meta.model_name}_{vue}", args=args)


def test_chaque_modele_du_domaine_dans_l_admin_est_en_lecture_seule_ou_une_donnee_de_reference():
    for modele, modele_admin in admin.site._registry.items():
        if modele._meta.app_label not in DOMAINE:
            continue
        assert isinstance(modele_admin, LectureSeuleAdmin | ChampsDesVerbesAdmin) or modele in REFERENCE, modele
    for modele in DES_VERBES:
        modele_admin = admin.site._registry[modele]
        assert isinstance(modele_admin, LectureSeuleAdmin), modele
        for inline in modele_admin.inlines:
            assert issubclass(inline, LectureSeuleAdmin), inline


def test_le_superutilisateur_lit_mais_ne_change_ni_n_ajoute_ni_ne_supprime_ce_qu_un_verbe_possede(client, superuser):
    avant = empreinte()
    verifies = []
    for modele in DES_VERBES:
        objet = modele.objects.order_by("pk").first()
        if objet is None:
            continue
        verifies.append(modele.__name__)
        assert client.get(_url(modele, "changelist")).status_code == 200, modele
        fiche = client.get(_url(modele, "change", objet.pk))
        assert fiche.status_code == 200, modele
        assert 'name="_save"' not in fiche.content.decode(), modele  # no save button: a view page
        # A forged change: every concrete field posted with a value.
        donnees = {f.attname: "1" for f in modele._meta.concrete_fields if not f.primary_key}
        assert client.post(_url(modele, "change", objet.pk), donnees).status_code == 403, modele
        assert client.get(_url(modele, "add")).status_code == 403, modele
        assert client.post(_url(modele, "add"), donnees).status_code == 403, modele
        assert client.post(_url(modele, "delete", objet.pk), {"post": "yes"}).status_code == 403, modele
        tout_supprimer = {"action": "delete_selected", "_selected_action": [objet.pk], "post": "yes"}
        liste = client.post(_url(modele, "changelist"), tout_supprimer)
        assert liste.status_code in (200, 302, 403) and modele.objects.filter(pk=objet.pk).exists(), modele
        versions = modele.history.filter(**{modele._meta.pk.attname: objet.pk}) if hasattr(modele, "history") else None
        if isinstance(admin.site._registry[modele], SimpleHistoryAdmin) and (version := versions.first()):
            revenir = _url(modele, "simple_history", objet.pk, version.history_id)
            assert client.get(revenir).status_code == 200, modele
            assert client.post(revenir, donnees).status_code == 403, modele
    assert len(verifies) >= 20, verifies
    assert empreinte() == avant


class _Formulaire(HTMLParser):
    """The fields of the admin's change form, as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.donnees, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        nom = a.get("name")
        if tag == "input" and nom and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.donnees.setdefault(nom, []).append(a.get("value", "on" if a.get("type") == "checkbox" else ""))
        elif tag == "select" and nom:
            self._select = nom
        elif tag == "option" and self._select and "selected" in a:
            self.donnees.setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "textarea" and nom:
            self._textarea = nom
            self.donnees[nom] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.donnees[self._textarea][-1] += data


def _formulaire(client, url):
    lecteur = _Formulaire()
    lecteur.feed(client.get(url).content.decode())
    return lecteur.donnees


def test_le_nom_d_un_creneau_se_corrige_mais_pas_son_etape_ni_ses_dates(client, superuser):
    creneau = Creneau.objects.get(slug="meuble-centre-du-quebec")
    url = _url(Creneau, "change", creneau.pk)
    donnees = _formulaire(client, url)
    assert "statut" not in donnees and "date_reconnu" not in donnees and "nom" in donnees
    donnees |= {"nom": ["Meuble (corrigé)"], "statut": ["retire"], "date_reconnu": ["2001-01-01"], "date_fin": ["2001-01-02"]}
    assert client.post(url, donnees).status_code == 302
    relu = Creneau.objects.get(pk=creneau.pk)
    assert relu.nom == "Meuble (corrigé)"
    assert (relu.statut, relu.date_reconnu, relu.date_fin) == (creneau.statut, creneau.date_reconnu, creneau.date_fin)
    assert client.post(_url(Creneau, "delete", creneau.pk), {"post": "yes"}).status_code == 403
    version = creneau.history.order_by("history_date").first()
    assert client.post(_url(Creneau, "simple_history", creneau.pk, version.history_id), donnees).status_code == 403
    assert Creneau.objects.get(pk=creneau.pk).statut == creneau.statut


def test_les_donnees_de_reference_restent_modifiables(client, superuser):
    for modele in REFERENCE:
        objet = modele.objects.order_by("pk").first()
        assert objet is not None, modele
        page = client.get(_url(modele, "change", objet.pk)).content.decode()
        assert 'name="_save"' in page, modele
    enveloppe = Enveloppe.objects.order_by("pk").first()
    url = _url(Enveloppe, "change", enveloppe.pk)
    donnees = _formulaire(client, url) | {"montant": [str(enveloppe.montant + 1000)]}
    assert client.post(url, donnees).status_code == 302
    enveloppe.refresh_from_db()
    assert client.get(_url(Programme, "add")).status_code == 200
