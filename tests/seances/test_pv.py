"""The procès-verbal (docs/seances.md): a séance run through its verbs from the convocation to the
approval, then its PDF read back (pypdf) against what happened — présences and how each was
recorded, conflicts, each item with its résolution, tally and named votes, the approvals. Once
approved it is frozen; the signed scan is checked by its content. The pages: the PDF for the
comité's members only, the approval and the deposit through the verbs, the link from each
decision on the project page."""

import datetime
import io
import logging
import subprocess
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from creneaux.models import Mandat, Personne, Reglement, Reunion
from noyau.actions import ActionRefusee
from noyau.horloge import figee
from projets import actions as projets
from projets.models import Statut
from seances import actions
from seances.models import ConflitInteret, Point, ProcesVerbalFige
from seances.pv import pdf_du_pv, pv_a_la_demande
from tests.factories import MandatFactory, PersonneFactory, UserFactory, circuit

pytestmark = pytest.mark.django_db

# The séance took place three days ago: every step at its own moment (noyau.horloge).
DEBUT = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
SEANCE = DEBUT + datetime.timedelta(hours=2)


def texte_pdf(contenu: bytes) -> str:
    lecteur = PdfReader(io.BytesIO(contenu))
    texte = "\n".join(page.extract_text() for page in lecteur.pages)
    return " ".join(texte.replace("\xa0", " ").replace("\u202f", " ").split())


def _nommer(user, prenom, nom):
    p = user.personne
    p.prenom, p.nom = prenom, nom
    p.save()
    user.first_name, user.last_name = prenom, nom
    user.save()
    return user


class Seance:
    """A comité de créneau of six voting members and an observer; a project submitted before the
    convocation; a séance of three items run to its end."""

    def __init__(self):
        c = circuit()
        self.c = c
        self.comite = c.comite_creneau
        self.president = _nommer(self.comite.mandats.get(role="president").personne.user, "Paule", "Présidente")
        self.secretaire = _nommer(c.secretaire, "Serge", "Secrétaire")
        m1, m2, m3 = (p.user for p in c.membres_creneau[2:])
        self.m1, self.m2, self.m3 = _nommer(m1, "Alice", "Aubin"), _nommer(m2, "Bruno", "Bédard"), _nommer(m3, "Carole", "Cyr")
        self.absent = _nommer(
            MandatFactory(comite=self.comite, personne=PersonneFactory(avec_compte=True)).personne.user, "Denis", "Dufour"
        )
        c.observateur.prenom, c.observateur.nom = "Olga", "Observatrice"
        c.observateur.save()
        with figee(DEBUT - datetime.timedelta(hours=1)):
            self.projet = projets.soumettre(c.projet(), par=c.coordination).projet
        # Carole Cyr works for the porteur: the portal finds her conflict of interest.
        personne = self.m3.personne
        personne.organisation = self.projet.porteur
        personne.save()

    def convoquer(self, mode=Reunion.Mode.PRESENCE):
        with figee(DEBUT):
            s = actions.planifier(
                self.comite, par=self.secretaire, date=SEANCE, mode=mode, lieu="Salle du conseil, Drummondville"
            )
            self.p1 = actions.ajouter_point(
                s, par=self.secretaire, type=Point.Type.PROJET, projet=self.projet,
                texte="Que le comité de créneau recommande le projet au comité régional.",
            )  # fmt: skip
            self.p2 = actions.ajouter_point(
                s, par=self.secretaire, type=Point.Type.LIBRE, titre="Calendrier des rencontres 2027",
                texte="Que le comité adopte le calendrier des rencontres 2027.",
            )  # fmt: skip
            self.p3 = actions.ajouter_point(s, par=self.secretaire, type=Point.Type.LIBRE, titre="Varia")
            self.seance = actions.convoquer(s, par=self.secretaire)
        return self.seance

    def tenir(self):
        """Open, check in, declare, vote, close, adjourn."""
        s = self.seance
        with figee(SEANCE + datetime.timedelta(minutes=2)):
            actions.ouvrir(s, par=self.president)
            for u in (self.president, self.secretaire, self.m1, self.m2):
                actions.pointer(s, par=u)
            marquee = actions.marquer_presence(s, par=self.secretaire, personne=self.m3.personne)
            actions.confirmer_presence(marquee, par=self.president)
            actions.declarer_conflit(self.p1, par=self.m1, note="Mon employeur est fournisseur du porteur.")
        with figee(SEANCE + datetime.timedelta(minutes=20)):
            actions.ouvrir_vote(self.p1, par=self.president)
            actions.voter(self.p1, par=self.president, choix="pour")
            actions.voter(self.p1, par=self.secretaire, choix="pour")
            actions.voter(self.p1, par=self.m2, choix="contre")
            self.p1 = actions.clore_vote(self.p1, par=self.president)
        with figee(SEANCE + datetime.timedelta(minutes=40)):
            actions.ouvrir_vote(self.p2, par=self.president)
            d = actions.saisir_main_levee(self.p2, par=self.secretaire, pour=4, contre=0, abstentions=1)
            self.p2 = actions.clore_vote(self.p2, par=self.president, decompte=d.pk)
        with figee(SEANCE + datetime.timedelta(minutes=55)):
            self.seance = actions.lever(s, par=self.president)
        self.p3.refresh_from_db()
        return self.seance

    def approuver(self):
        with figee(SEANCE + datetime.timedelta(days=1)):
            actions.approuver_pv(self.seance, par=self.president)
        with figee(SEANCE + datetime.timedelta(days=1, hours=2)):
            self.seance = actions.approuver_pv(self.seance, par=self.secretaire)
        return self.seance


@pytest.fixture(autouse=True)
def weasyprint_silencieux(caplog):
    """No missing image, font or CSS warning from WeasyPrint (as for every document)."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING] == []


@pytest.fixture
def seance():
    s = Seance()
    s.convoquer()
    s.tenir()
    return s


# ---------------------------------------------------------------------------------------------
# The document


def test_le_pv_raconte_la_seance_telle_qu_elle_s_est_tenue(seance, captures):
    s = seance
    assert (s.p1.etat, s.p1.issue, (s.p1.pour, s.p1.contre, s.p1.abstentions)) == ("decide", "adoptee", (2, 1, 0))
    assert s.p3.etat == Point.Etat.SANS_DECISION
    s.projet.refresh_from_db()
    assert s.projet.statut == Statut.COMITE_REGIONAL

    projet_de_pv = pdf_du_pv(s.seance)
    brouillon = texte_pdf(projet_de_pv)
    assert "Projet de procès-verbal" in brouillon
    assert "en attente d’approbation" in brouillon

    seance = s.approuver()
    assert seance.statut == Reunion.Statut.PV_APPROUVE
    contenu = seance.pv.read()
    texte = texte_pdf(contenu)

    # The séance: comité, date and time, mode, place.
    assert "Projet de procès-verbal" not in texte and "Procès-verbal" in texte
    assert str(s.comite) in texte
    local = timezone.localtime(SEANCE)
    assert f"{local:%H:%M}" in texte
    assert "En présence" in texte and "Salle du conseil, Drummondville" in texte
    # Présences: who, and how each was recorded.
    for nom in ("Paule Présidente", "Serge Secrétaire", "Alice Aubin", "Bruno Bédard", "Carole Cyr"):
        assert nom in texte
    assert "Présence inscrite par Serge Secrétaire" in texte and "confirmée par Paule Présidente" in texte
    assert "Denis Dufour" in texte and "Absent·e" in texte
    assert "Olga Observatrice" in texte and "(sans droit de vote)" in texte
    assert "5 membres votants présents sur 6 (quorum : 4) — atteint" in texte
    # Conflicts: declared with its note, found from the organisation.
    assert "Mon employeur est fournisseur du porteur." in texte
    assert "Déclaré par le membre" in texte and "Organisation porteuse ou partenaire" in texte
    assert "En conflit d’intérêts, n’ont pas voté : Alice Aubin, Carole Cyr." in texte
    # Each item in order with its text, résolution number, tally, named votes and outcome.
    assert texte.index("1. " + s.p1.titre) < texte.index("2. Calendrier des rencontres 2027") < texte.index("3. Varia")
    assert "Que le comité de créneau recommande le projet au comité régional." in texte
    assert s.p1.numero_resolution and f"Proposition adoptée — résolution {s.p1.numero_resolution}" in texte
    assert "2 pour 1 contre 0 abstention(s)" in texte
    assert "Bruno Bédard Contre" in texte and "Paule Présidente Pour" in texte and "Serge Secrétaire Pour" in texte
    assert "le projet passe à l’état « Au comité régional »" in texte
    assert f"Proposition adoptée — résolution {s.p2.numero_resolution}" in texte
    assert "4 pour 0 contre 1 abstention(s)" in texte
    assert "Vote à main levée : décompte saisi par Serge Secrétaire, confirmé par Paule Présidente." in texte
    assert "Sans décision : reporté à une prochaine séance" in texte
    # The approvals: who and when.
    approuve = timezone.localtime(SEANCE + datetime.timedelta(days=1))
    assert "Paule Présidente" in texte.split("Approbation du procès-verbal")[1]
    assert f"approuvé le {approuve.day} " in texte and "Serge Secrétaire" in texte.split("Approbation du procès-verbal")[1]
    assert "ce document est figé" in texte

    # A page to look at.
    dossier = captures / "seances"
    dossier.mkdir(parents=True, exist_ok=True)
    for nom, pdf in (("pv", contenu), ("pv-projet", projet_de_pv)):
        (dossier / f"{nom}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(dossier / f"{nom}.pdf"), str(dossier / nom)], check=True)
    assert list(Path(dossier).glob("pv-projet-*.png"))


def test_le_pv_se_genere_en_un_nombre_fixe_de_requetes(seance, django_assert_max_num_queries):
    s = seance
    seance = Reunion.objects.select_related("comite__creneau", "comite__region", "convoquee_par").get(pk=s.seance.pk)
    with django_assert_max_num_queries(12) as petit:
        pdf_du_pv(seance)
    # Three more members and a fourth item with its votes: the same number of queries.
    for _ in range(3):
        MandatFactory(comite=s.comite, personne=PersonneFactory(avec_compte=True))
    p4 = Point.objects.create(seance=seance, ordre=4, type=Point.Type.LIBRE, titre="Autre point", etat=Point.Etat.SANS_DECISION)
    ConflitInteret.objects.create(point=p4, personne=s.m2.personne, source="declare", note="Parent", horodatage=timezone.now())
    seance = Reunion.objects.select_related("comite__creneau", "comite__region", "convoquee_par").get(pk=s.seance.pk)
    with django_assert_max_num_queries(len(petit.captured_queries)):
        pdf_du_pv(seance)


# ---------------------------------------------------------------------------------------------
# Approval, then frozen


def test_approuve_par_la_presidence_et_le_secretariat_le_pv_est_fige(seance):
    s = seance
    with figee(SEANCE + datetime.timedelta(days=1)):
        actions.approuver_pv(s.seance, par=s.president)
        with pytest.raises(ActionRefusee, match="La présidence a déjà approuvé"):
            actions.approuver_pv(s.seance, par=s.president)
        with pytest.raises(ActionRefusee, match="Seules la présidence et le secrétariat"):
            actions.approuver_pv(s.seance, par=s.m2)
    s.seance.refresh_from_db()
    assert s.seance.statut == Reunion.Statut.LEVEE and not s.seance.pv
    with figee(SEANCE + datetime.timedelta(days=1, hours=1)):
        seance = actions.approuver_pv(s.seance, par=s.secretaire)
    fige = seance.pv.read()
    for qui in (s.president, s.secretaire):
        with pytest.raises(ActionRefusee, match="approuvé : il ne se modifie plus"):
            actions.approuver_pv(seance, par=qui)
    seance.refresh_from_db()
    assert seance.pv.read() == fige
    assert (seance.pv_president_par, seance.pv_secretaire_par) == (s.president, s.secretaire)


def test_le_pv_s_approuve_une_fois_la_seance_levee():
    s = Seance()
    s.convoquer()
    with figee(SEANCE + datetime.timedelta(minutes=2)):
        actions.ouvrir(s.seance, par=s.president)
        with pytest.raises(ActionRefusee, match="une fois la séance levée"):
            actions.approuver_pv(s.seance, par=s.president)


def test_le_pv_signe_est_verifie_par_son_contenu_et_ne_se_remplace_pas(seance):
    s = seance
    faux = SimpleUploadedFile("pv-signe.pdf", b"Ceci n'est pas un PDF.\n" * 20, content_type="application/pdf")
    with pytest.raises(ActionRefusee, match="une fois le procès-verbal approuvé"):
        actions.deposer_pv_signe(s.seance, par=s.secretaire, fichier=faux)
    seance = s.approuver()
    with pytest.raises(ActionRefusee, match="n'est pas accepté"):
        actions.deposer_pv_signe(seance, par=s.secretaire, fichier=faux)
    scan = SimpleUploadedFile("pv-signe.pdf", pdf_du_pv(seance), content_type="application/pdf")
    with pytest.raises(ActionRefusee, match="Seules la présidence et le secrétariat"):
        actions.deposer_pv_signe(seance, par=s.m2, fichier=scan)
    seance = actions.deposer_pv_signe(seance, par=s.secretaire, fichier=scan)
    assert seance.proces_verbal.name.endswith(".pdf")
    encore = SimpleUploadedFile("pv-signe-2.pdf", pdf_du_pv(seance), content_type="application/pdf")
    with pytest.raises(ActionRefusee, match="déjà déposé"):
        actions.deposer_pv_signe(seance, par=s.president, fichier=encore)
    seance.refresh_from_db()
    assert seance.proces_verbal.name == Reunion.objects.get(pk=seance.pk).proces_verbal.name


# ---------------------------------------------------------------------------------------------
# Pages


def _url(nom, seance):
    return reverse(f"seances:{nom}", args=[seance.pk])


def test_le_projet_de_pv_se_telecharge_par_les_membres_une_fois_la_seance_levee(client, seance):
    s = seance
    client.force_login(s.m2)
    reponse = client.get(_url("pv_pdf", s.seance))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert "Projet de procès-verbal" in texte_pdf(reponse.content)
    client.force_login(s.c.coordination)  # the coordination prepares the comité's files
    assert client.get(_url("pv_pdf", s.seance)).status_code == 200


def test_le_pv_porte_la_date_de_la_seance_au_quebec_meme_tenue_le_soir(client, seance):
    """A séance at 21:30 in Montréal is the next day in UTC: the file is named after the day the
    comité met."""
    s = seance
    soir = datetime.datetime(2026, 3, 12, 21, 30, tzinfo=timezone.get_current_timezone())
    assert soir.astimezone(datetime.UTC).date() == datetime.date(2026, 3, 13)
    Reunion.objects.filter(pk=s.seance.pk).update(date=soir)
    client.force_login(s.m1)
    attendu = f'filename="projet-proces-verbal-{s.seance.pk}-2026-03-12.pdf"'
    assert attendu in client.get(_url("pv_pdf", s.seance))["Content-Disposition"]
    seance = s.approuver()
    attendu = f'filename="proces-verbal-{seance.pk}-2026-03-12.pdf"'
    assert attendu in client.get(_url("pv_pdf", seance))["Content-Disposition"]


def test_le_pv_est_refuse_hors_du_comite(client, seance):
    s = seance
    assert client.get(_url("pv_pdf", s.seance)).status_code == 302  # anonymous: log in first
    autre = circuit(code_region="03")
    for qui in (autre.secretaire, autre.coordination, autre.dr, UserFactory()):
        client.force_login(qui)
        assert client.get(_url("pv_pdf", s.seance)).status_code == 403, qui
    client.force_login(s.c.dr)  # the direction régionale of the comité's region reads it
    assert client.get(_url("pv_pdf", s.seance)).status_code == 200


def test_pas_de_pv_avant_que_la_seance_soit_levee(client):
    s = Seance()
    s.convoquer()
    client.force_login(s.president)
    assert client.get(_url("pv_pdf", s.seance)).status_code == 404


def test_le_pv_approuve_se_telecharge_tel_qu_il_a_ete_fige(client, seance):
    s = seance
    seance = s.approuver()
    fige = seance.pv.read()
    client.force_login(s.m1)
    reponse = client.get(_url("pv_pdf", seance))
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == fige


def test_un_pv_approuve_a_la_demande_se_rend_au_premier_telechargement_puis_reste_fige(client, seance):
    """The demo approves hundreds of past séances: their PDFs are made when first opened."""
    s = seance
    with pv_a_la_demande():
        seance = s.approuver()
    assert seance.statut == Reunion.Statut.PV_APPROUVE and not seance.pv
    client.force_login(s.m1)
    premier = b"".join(client.get(_url("pv_pdf", seance)).streaming_content)
    seance.refresh_from_db()
    assert seance.pv and seance.pv.read() == premier
    assert b"".join(client.get(_url("pv_pdf", seance)).streaming_content) == premier


def test_un_pv_approuve_jamais_telecharge_dit_la_seance_telle_qu_elle_etait_a_l_approbation(client, seance):
    """Approved (rendering deferred, as in the demo), then the comité's quorum and a member's name
    change: the first download still says what the séance's records said at approval."""
    s = seance
    with pv_a_la_demande():
        seance = s.approuver()
    assert ProcesVerbalFige.objects.filter(seance=seance).exists()
    avant = texte_pdf(pdf_du_pv(seance))
    # A version of the règlement written afterwards, in force since before the séance.
    Reglement.objects.create(
        comite_id=seance.comite_id,
        quorum=1,
        quorum_reduit=True,
        motif_quorum_reduit="Après coup",
        motif="Après coup",
        consigne_le=timezone.now(),
        en_vigueur_le=seance.date - datetime.timedelta(days=30),
    )
    assert seance.comite.reglement_en_vigueur(seance.date).quorum == 1
    Personne.objects.filter(user=s.m1).update(nom="Renommé-Après-Coup")
    client.force_login(s.m1)
    texte = texte_pdf(b"".join(client.get(_url("pv_pdf", seance)).streaming_content))
    assert "(quorum : 1)" not in texte and "Renommé-Après-Coup" not in texte

    def sans_pied(t):
        return [ligne for ligne in t.splitlines() if "Généré le" not in ligne]

    assert sans_pied(texte) == sans_pied(avant)


def test_le_pv_approuve_dont_le_fichier_a_disparu_se_regenere_au_lieu_d_une_erreur(client, seance):
    s = seance
    seance = s.approuver()
    seance.pv.storage.delete(seance.pv.name)
    client.force_login(s.m1)
    reponse = client.get(_url("pv_pdf", seance))
    assert reponse.status_code == 200
    contenu = b"".join(reponse.streaming_content)
    texte = "".join(page.extract_text() for page in PdfReader(io.BytesIO(contenu)).pages)
    assert "Procès-verbal" in texte and "Projet de procès-verbal" not in texte


def test_la_presidence_puis_le_secretariat_approuvent_depuis_la_page(client, seance):
    s = seance
    client.force_login(s.m2)
    reponse = client.post(_url("approuver_pv", s.seance))
    assert reponse.status_code == 302 and reponse["Location"] == reverse("seances:detail", args=[s.seance.pk])
    assert "Seules la présidence et le secrétariat" in " ".join(str(m) for m in get_messages(reponse.wsgi_request))
    assert client.get(_url("approuver_pv", s.seance)).status_code == 405
    client.force_login(s.president)
    client.post(_url("approuver_pv", s.seance))
    s.seance.refresh_from_db()
    assert s.seance.pv_president_par == s.president and s.seance.statut == Reunion.Statut.LEVEE
    client.force_login(s.secretaire)
    reponse = client.post(_url("approuver_pv", s.seance))
    assert "il est maintenant figé" in " ".join(str(m) for m in get_messages(reponse.wsgi_request))
    s.seance.refresh_from_db()
    assert s.seance.statut == Reunion.Statut.PV_APPROUVE and s.seance.pv
    client.force_login(UserFactory())
    assert client.post(_url("approuver_pv", s.seance)).status_code == 403


def test_le_pv_signe_se_depose_depuis_la_page(client, seance):
    s = seance
    seance = s.approuver()
    client.force_login(s.secretaire)
    faux = SimpleUploadedFile("pv.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    reponse = client.post(_url("deposer_pv_signe", seance), {"fichier": faux})
    assert "n'est pas accepté" in " ".join(str(m) for m in get_messages(reponse.wsgi_request))
    seance.refresh_from_db()
    assert not seance.proces_verbal
    scan = SimpleUploadedFile("scan.pdf", pdf_du_pv(seance), content_type="application/pdf")
    reponse = client.post(_url("deposer_pv_signe", seance), {"fichier": scan})
    assert reponse["Location"] == reverse("seances:detail", args=[seance.pk])
    seance.refresh_from_db()
    assert seance.proces_verbal
    client.force_login(s.m2)
    encore = SimpleUploadedFile("scan.pdf", pdf_du_pv(seance), content_type="application/pdf")
    reponse = client.post(_url("deposer_pv_signe", seance), {"fichier": encore})
    assert "Seules la présidence et le secrétariat" in " ".join(str(m) for m in get_messages(reponse.wsgi_request))


def test_chaque_decision_prise_en_seance_mene_a_son_pv(client, seance, django_assert_max_num_queries):
    s = seance
    client.force_login(s.c.central)
    page = client.get(s.projet.get_absolute_url()).content.decode()
    assert _url("pv_pdf", s.seance) not in page  # not approved yet
    seance = s.approuver()
    with django_assert_max_num_queries(22):  # the bound of the project page (tests/projets/test_pages.py)
        page = client.get(s.projet.get_absolute_url()).content.decode()
    assert page.count(_url("pv_pdf", seance)) == 1
    assert s.projet.decisions.get(etape="resolution").reunion == seance
    assert Mandat.objects.filter(comite=s.comite).count() == 7


def test_le_pv_est_redige_dans_la_langue_du_portail_quelle_que_soit_celle_du_lecteur(seance):
    with translation.override("en"):
        texte = texte_pdf(pdf_du_pv(seance.seance))
    assert "Projet de procès-verbal" in texte and "Présences" in texte and "Sans décision" in texte
