"""Money that an auditor finds consistent (docs/circuit.md): payments after the convention and within
the grant, closing only when fully paid or the balance released, the final report after the start,
the porteur's type as at submission, the envelope's répartition among créneaux, the direction
régionale's analysis grid. Each rule allowed and refused, a refusal changing nothing."""

import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from creneaux.models import Reunion
from noyau.actions import ActionRefusee
from projets import actions, enveloppes
from projets.models import Decision, Enveloppe, Projet, Repartition, Statut, Versement
from seances import actions as seances
from seances.models import Point
from tests.factories import CreneauFactory, analyse_faite, circuit, fsdce, point_ouvert, region
from tests.factories.seances import en_seance

pytestmark = pytest.mark.django_db
D = datetime.date


def etat():
    """Every row of the projects' tables (history and many-to-many tables included)."""
    return {
        m._meta.db_table: sorted(map(repr, m.objects.values_list()))
        for m in apps.get_app_config("projets").get_models(include_auto_created=True)
    }


def enveloppe_17():
    return Enveloppe.objects.get(programme=fsdce(), region=region("17"))


# --- Payments -------------------------------------------------------------------------------------


def test_un_versement_suit_la_convention_et_reste_dans_l_accorde(c):
    projet = c.projet(statut=Statut.EN_REALISATION)  # convention signed on its start, 1 June 2026
    avant = etat()
    for date, montant, message, champ in [
        (D(2026, 5, 31), "1000", "précéder la signature de la convention", "date"),
        (D(1989, 12, 31), "1000", "comprise entre", "date"),
        (D(2026, 7, 1), "50000.01", "dépasserait le montant accordé", "montant"),
        (None, "1000", "date du versement", "date"),
    ]:
        with pytest.raises(ActionRefusee, match=message) as refus:
            actions.enregistrer_versement(projet, par=c.central, date=date, montant=Decimal(montant))
        assert refus.value.champ == champ
    assert etat() == avant
    actions.enregistrer_versement(projet, par=c.central, date=D(2026, 6, 1), montant=Decimal("1000"))
    assert Versement.objects.get(projet=projet).date == D(2026, 6, 1)


@pytest.mark.parametrize("statut", [Statut.ACCEPTE, Statut.REFUSE_MINISTERE, Statut.TERMINE, Statut.RETIRE])
def test_pas_de_versement_avant_la_convention_ni_sur_un_projet_refuse_ou_clos(c, statut):
    projet = c.projet(statut=statut)
    avant = etat()
    with pytest.raises(ActionRefusee, match="état actuel"):
        actions.enregistrer_versement(projet, par=c.central, date=D(2026, 7, 1), montant=Decimal("1000"))
    assert etat() == avant


def test_un_projet_se_clot_entierement_verse_ou_son_solde_desengage(c):
    projet = c.projet(statut=Statut.EN_REALISATION)
    projet = actions.enregistrer_versement(projet, par=c.central, date=D(2026, 7, 1), montant=Decimal("45000")).projet
    actions.deposer_rapport_final(projet, par=c.coordination, resume="Bilan.")
    avant = etat()
    with pytest.raises(ActionRefusee, match=r"Il reste 5\s000,00\s\$ à verser"):
        actions.accepter_rapport_final(projet, par=c.central)
    with pytest.raises(ActionRefusee, match="Réservé"):  # the coordination does not release money
        actions.desengager(projet, par=c.coordination, motif="Solde")
    with pytest.raises(ActionRefusee, match="motif"):
        actions.desengager(projet, par=c.central, motif="  ")
    assert etat() == avant
    before = enveloppes.etat(fsdce(), region("17"))
    decision = actions.desengager(projet, par=c.central, motif="Dépenses moindres.")
    assert (decision.etape, decision.montant) == (Decision.Etape.DESENGAGEMENT, Decimal("5000"))
    apres = enveloppes.etat(fsdce(), region("17"))
    assert apres.accorde == before.accorde - Decimal("5000") and apres.desengage == Decimal("5000")
    assert apres.disponible == before.disponible + Decimal("5000")  # back on the envelope
    with pytest.raises(ActionRefusee, match="pas de solde"):
        actions.desengager(decision.projet, par=c.central, motif="Encore")
    with pytest.raises(ActionRefusee, match="dépasserait"):  # nothing more to pay once released
        actions.enregistrer_versement(decision.projet, par=c.central, date=D(2026, 8, 1), montant=Decimal("1"))
    p = actions.accepter_rapport_final(decision.projet, par=c.central).projet
    assert p.statut == Statut.TERMINE


def test_le_rapport_final_ne_precede_pas_le_debut_du_projet(c):
    projet = c.projet(statut=Statut.EN_REALISATION, date_debut=D(2027, 1, 15), date_fin=D(2027, 12, 31))
    Versement.objects.create(projet=projet, date=D(2027, 1, 15), montant=projet.montant_accorde)
    avant = etat()
    with pytest.raises(ActionRefusee, match="avant le début du projet"):
        actions.deposer_rapport_final(projet, par=c.coordination, resume="Trop tôt.")
    with pytest.raises(ActionRefusee, match="avant le début du projet"):
        actions.accepter_rapport_final(projet, par=c.central, resume="Trop tôt.")
    assert etat() == avant


# --- The porteur's type, as at submission ----------------------------------------------------------


def test_le_taux_suit_le_type_du_porteur_au_depot(c):
    projet = c.projet()
    p = actions.soumettre(projet, par=c.coordination).projet
    assert p.type_porteur == "association"
    # The porteur later becomes a business (not eligible as such in this programme's test rules,
    # or at a lower rate): the Ministère's acceptance still follows the type at submission.
    porteur = p.porteur
    porteur.type = "entreprise"  # 40 % for a business: the 50 % requested would be refused
    porteur.save()
    Projet.objects.filter(pk=p.pk).update(statut=Statut.MINISTERE)
    p = Projet.objects.get(pk=p.pk)
    analyse_faite(p, par=c.dr)
    decision = actions.accepter(p, par=c.central, montant=Decimal("50000"))
    assert decision.projet.statut == Statut.ACCEPTE


# --- Répartition of the envelope -----------------------------------------------------------------


def _repartir(c, parts, numero="CR-17-REP-1"):
    """The comité régional's vote on the répartition, open at its séance, adopts `parts`."""
    point_ouvert(c.reunion_regionale, enveloppe=enveloppe_17())
    return en_seance.adopter_repartition(
        enveloppe_17(), par=c.president_regional, reunion=c.reunion_regionale, numero=numero, parts=parts
    )


def _approuver(c, projet, numero):
    """The comité régional's vote on `projet`, open at its séance, approves it."""
    point_ouvert(c.reunion_regionale, projet)
    return en_seance.approuver_regional(projet, par=c.president_regional, reunion=c.reunion_regionale, numero=numero, pour=5)


def test_la_repartition_est_adoptee_par_le_comite_regional_en_seance(c):
    env = enveloppe_17()
    point_ouvert(c.reunion_regionale, enveloppe=env)
    avant = etat()
    for par, parts, message in [
        (c.president_regional, {c.creneau: env.montant + 1}, "dépasse l'enveloppe"),
        (c.president_regional, {CreneauFactory(region_porteuse=region("01")): Decimal("1")}, "n'est pas porté"),
    ]:
        with pytest.raises(ActionRefusee, match=message):
            en_seance.adopter_repartition(env, par=par, reunion=c.reunion_regionale, numero="R-1", parts=parts)
    assert etat() == avant
    _repartir(c, {c.creneau: Decimal("80000")})
    etat_env = enveloppes.etat(fsdce(), region("17"))
    part = next(p for p in etat_env.par_creneau if p.creneau == c.creneau)
    assert (part.part, part.accorde, part.en_attente, part.disponible_apres_attente) == (Decimal("80000"), 0, 0, Decimal("80000"))
    assert etat_env.repartition.numero_resolution == "CR-17-REP-1"


def test_une_approbation_ou_une_acceptation_au_dela_de_la_part_est_refusee_avec_les_chiffres(c):
    _repartir(c, {c.creneau: Decimal("60000")})
    deja = c.projet(statut=Statut.MINISTERE)  # 50 000 $ pending
    projet = c.projet(statut=Statut.COMITE_REGIONAL)  # asks 50 000 $
    avant = etat()
    with pytest.raises(ActionRefusee) as refus:
        _approuver(c, projet, "CR-9")
    message = refus.value.message
    for chiffre in ("part 60", "engagé 0,00", "en attente 50", "disponible 10", "ce projet 50"):
        assert chiffre.replace(" ", "") in message.replace("\xa0", "").replace(" ", ""), chiffre
    assert etat() == avant
    actions.accepter(deja, par=c.central, montant=Decimal("50000"))
    autre = c.projet(statut=Statut.MINISTERE)
    avant = etat()
    with pytest.raises(ActionRefusee, match="part du créneau"):  # the Ministère too: 50 000 + 50 000 > 60 000
        actions.accepter(autre, par=c.central, montant=Decimal("50000"))
    assert etat() == avant
    # The comité régional revises its répartition: the approval passes.
    _repartir(c, {c.creneau: Decimal("150000")}, numero="CR-17-REP-2")
    assert Repartition.objects.count() == 2
    p = _approuver(c, projet, "CR-10").projet
    assert p.statut == Statut.MINISTERE


def test_la_page_de_l_enveloppe_montre_les_parts_et_le_formulaire_au_comite_regional(client, c, django_assert_max_num_queries):
    _repartir(c, {c.creneau: Decimal("80000")})
    url = reverse("projets:enveloppe", args=[enveloppe_17().pk])
    client.force_login(c.president_regional)
    with django_assert_max_num_queries(25):
        page = client.get(url).content.decode()
    assert "CR-17-REP-1" in page and 'id="repartir"' in page and "80" in page
    # No upcoming séance of the comité régional: the bureau is told so and may plan one.
    assert 'id="aucune-seance"' in page and reverse("seances:planifier", args=[c.comite_regional.pk]) in page
    client.force_login(c.dr)
    page = client.get(url).content.decode()
    assert 'id="repartir"' not in page
    client.force_login(circuit("01").coordination)
    assert client.get(url).status_code == 403


def test_le_bureau_du_comite_regional_inscrit_la_repartition_a_une_seance_et_les_membres_l_adoptent(client, c):
    env = enveloppe_17()
    url = reverse("projets:enveloppe", args=[env.pk])
    date = timezone.now() + datetime.timedelta(days=5)
    seance = seances.planifier(c.comite_regional, par=c.president_regional, date=date, lieu="Drummondville")
    client.force_login(c.president_regional)
    page = client.get(url).content.decode()
    action = reverse("seances:ajouter_point", args=[seance.pk])
    assert f'action="{action}"' in page and f"repartition-part_{c.creneau.pk}" in page
    # The form as the browser sends it: the hidden fields, then each créneau's part.
    formulaire = page[page.index(f'action="{action}"') : page.index("</form>", page.index(f'action="{action}"'))]
    champs = dict(re.findall(r'<input type="hidden" name="([\w-]+)" value="([^"]*)"', formulaire))
    champs[f"repartition-part_{c.creneau.pk}"] = "60000"
    assert client.post(action, champs).status_code == 302
    point = Point.objects.get(seance=seance, type="repartition")
    assert point.parts[str(c.creneau.pk)] == "60000.00" or Decimal(point.parts[str(c.creneau.pk)]) == Decimal("60000")
    page = client.get(url).content.decode()
    assert 'id="proposees"' in page and reverse("seances:detail", args=[seance.pk]) in page
    assert not Repartition.objects.exists()  # proposed, not adopted: the comité votes in séance
    # The séance sits, the members vote: the répartition is adopted with the séance's number.
    Reunion.objects.filter(pk=seance.pk).update(
        statut=Reunion.Statut.OUVERTE, date=timezone.now() - datetime.timedelta(minutes=5), ouverte_le=timezone.now()
    )
    for m in c.membres_regional:
        seances.pointer(seance, par=m.user)
    seances.ouvrir_vote(point, par=c.president_regional)
    for m in c.membres_regional:
        seances.voter(point, par=m.user, choix="pour")
    point = seances.clore_vote(point, par=c.president_regional)
    repartition = Repartition.objects.get()
    assert point.repartition == repartition and repartition.numero_resolution == point.numero_resolution
    assert repartition.parts.get(creneau=c.creneau).montant == Decimal("60000")
    page = client.get(url).content.decode()
    assert point.numero_resolution in page and 'id="proposees"' not in page


# --- The direction régionale's analysis ----------------------------------------------------------


def test_l_analyse_est_une_grille_et_l_ecart_a_la_recommandation_se_motive(c):
    projet = c.projet(statut=Statut.MINISTERE)
    avant = etat()
    for kwargs, champ in [
        ({"recommandation": "accepter"}, "montant_recommande"),
        ({"recommandation": "accepter", "montant_recommande": "60000"}, "montant_recommande"),
        ({"recommandation": "peut-etre"}, "recommandation"),
    ]:
        with pytest.raises(ActionRefusee) as refus:
            actions.analyser(projet, par=c.dr, texte="Analyse.", **kwargs)
        assert refus.value.champ == champ
    assert etat() == avant
    analyse = actions.analyser(projet, par=c.dr, texte="Solide.", recommandation="accepter", montant_recommande=Decimal("40000"))
    criteres = {ligne["critere"]: ligne["ok"] for ligne in analyse.grille}
    assert criteres["Type de porteur admissible"] and criteres["Au moins 3 entités partenaires"]
    assert "Lien avec une priorité régionale" in criteres
    assert "Part du créneau : disponible après les projets en attente" in criteres
    projet = analyse.projet
    avant = etat()
    with pytest.raises(ActionRefusee, match="recommandation de la direction régionale") as refus:
        actions.accepter(projet, par=c.central, montant=Decimal("50000"))
    assert refus.value.champ == "motif"
    assert etat() == avant
    actions.accepter(projet, par=c.central, montant=Decimal("50000"), motif="Retombées plus larges que prévu.")


def test_le_bureau_central_voit_l_analyse_a_cote_de_sa_decision(client, c):
    projet = c.projet(statut=Statut.MINISTERE)
    client.force_login(c.dr)
    page = client.get(projet.get_absolute_url()).content.decode()
    assert "Grille d'admissibilité" in page
    actions.analyser(projet, par=c.dr, texte="Solide.", recommandation="refuser")
    client.force_login(c.central)
    page = client.get(projet.get_absolute_url()).content.decode()
    assert 'id="analyse-dr"' in page and "Recommandation" in page and "Refuser" in page


def test_la_page_du_projet_donne_un_seul_disponible_du_creneau_sous_un_libelle_clair(client, c):
    """The analyst's grid and the envelope panel beside it give the créneau the same figure, under
    the same label: its share less what is engaged and what waits at the Ministère, this project
    included. The envelope's own « Disponible » (amount − engaged) keeps its label."""
    _repartir(c, {c.creneau: Decimal("1000000")})
    c.projet(statut=Statut.ACCEPTE)  # 50 000 $ engaged
    projet = c.projet(statut=Statut.MINISTERE)  # asks 50 000 $, pending
    client.force_login(c.dr)
    page = " ".join(client.get(projet.get_absolute_url()).content.decode().replace("\xa0", " ").split())
    assert "Part du créneau : disponible après les projets en attente" in page
    assert "900 000,00 $ : part 1 000 000,00 $ − engagé 50 000,00 $ − en attente 50 000,00 $ (ce projet compris)" in page
    assert "restants" not in page
    panneau = client.get(reverse("projets:enveloppe_fiche", args=[projet.pk])).content.decode()
    panneau = " ".join(re.sub(r"<[^>]+>", " ", panneau).replace("\xa0", " ").split())
    # The side panel stacks each créneau's figures (the column is too narrow for a row of four).
    assert (
        f"{c.creneau.nom} Part 1 000 000 $ Engagé 50 000 $ En attente 50 000 $ Disponible après les projets en attente 900 000 $"
    ) in panneau
    assert "Disponible 3 950 000 $" in panneau  # the envelope: 4 000 000 − 50 000 engaged
