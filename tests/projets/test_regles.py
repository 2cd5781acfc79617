"""Who may read, edit and comment a project (docs/permissions.md), and the list querysets that match."""

import pytest
from django.contrib.auth.models import AnonymousUser

from noyau.actions import ActionRefusee
from noyau.permissions import verifier
from projets import actions
from projets.models import Statut
from projets.selectors import visibles
from tests.factories import UserFactory, circuit, point_ouvert
from tests.factories.seances import en_seance

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde():
    c = circuit("17")
    voisin = circuit("17", voisin=c)
    loin = circuit("01", voisin=c)
    return c, voisin, loin


def _personnes(c, voisin, loin):
    return {
        "coordination": c.coordination,
        "membre du comité de créneau": c.membre,
        "membre du comité régional": c.membres_regional[-1].user,
        "direction régionale": c.dr,
        "central": c.central,
        "coordination d'un autre créneau": voisin.coordination,
        "membre d'un autre comité de créneau": voisin.membre,
        "membre du comité régional d'une autre région": loin.membres_regional[-1].user,
        "direction régionale d'une autre région": loin.dr,
        "compte sans rôle": UserFactory(),
        "anonyme": AnonymousUser(),
    }


# Who reads a project of créneau C (region 17) in each state.
LECTEURS = {
    Statut.BROUILLON: {"coordination", "direction régionale", "central"},
    Statut.COMITE_CRENEAU: {"coordination", "direction régionale", "central", "membre du comité de créneau"},
    Statut.COMITE_REGIONAL: {
        "coordination",
        "direction régionale",
        "central",
        "membre du comité de créneau",
        "membre du comité régional",
    },
    Statut.TERMINE: {
        "coordination",
        "direction régionale",
        "central",
        "membre du comité de créneau",
        "membre du comité régional",
    },
}


@pytest.mark.parametrize("statut", list(LECTEURS))
def test_qui_voit_un_projet(statut, monde):
    c, voisin, loin = monde
    projet = c.projet(statut=statut)
    for nom, user in _personnes(*monde).items():
        attendu = nom in LECTEURS[statut]
        assert verifier("projets.voir", user, projet).ok is attendu, nom
        assert verifier("projets.telecharger_piece", user, projet).ok is attendu, nom
        assert visibles(user).filter(pk=projet.pk).exists() is attendu, nom
    refus = verifier("projets.voir", voisin.coordination, projet)
    assert refus.raison == "Ce projet n'est pas devant un comité dont vous êtes membre."
    assert "Connectez-vous" in verifier("projets.voir", AnonymousUser(), projet).raison


def test_renvoye_par_le_comite_regional_ses_membres_le_voient_encore(monde):
    c, _voisin, _loin = monde
    membre_regional = c.membres_regional[-1].user
    renvoye_par_regional = c.projet(statut=Statut.COMITE_CRENEAU)
    vote = {"pour": 5, "contre": 0, "abstentions": 0}
    point_ouvert(c.reunion_creneau, renvoye_par_regional)
    p = en_seance.adopter_resolution(
        renvoye_par_regional, par=c.secretaire, reunion=c.reunion_creneau, numero="CC-1", **vote
    ).projet
    point_ouvert(c.reunion_regionale, p, proposition="renvoyer")
    p = en_seance.renvoyer(
        p, par=c.president_regional, reunion=c.reunion_regionale, numero="CR-1", motif="Compléter.", **vote
    ).projet
    renvoye_par_creneau = c.projet(statut=Statut.COMITE_CRENEAU)
    point_ouvert(c.reunion_creneau, renvoye_par_creneau, proposition="renvoyer")
    en_seance.renvoyer(
        renvoye_par_creneau, par=c.secretaire, reunion=c.reunion_creneau, numero="CC-2", motif="Compléter.", **vote
    )

    assert p.statut == Statut.A_COMPLETER
    assert verifier("projets.voir", membre_regional, p).ok
    assert not verifier("projets.voir", membre_regional, renvoye_par_creneau).ok
    assert list(visibles(membre_regional)) == [p]


def test_un_brouillon_retire_sans_avoir_ete_soumis_reste_hors_des_comites(monde):
    c, _voisin, _loin = monde
    projet = c.projet()
    actions.retirer(projet, par=c.coordination, motif="Abandon.")
    assert not verifier("projets.voir", c.membre, projet).ok
    assert not visibles(c.membre).exists()
    assert visibles(c.coordination).get() == projet


def test_la_liste_est_exactement_ce_que_chacun_peut_voir(monde):
    c, voisin, loin = monde
    projets = [x.projet(statut=s) for x in (c, voisin, loin) for s in Statut.values]
    for nom, user in _personnes(*monde).items():
        attendus = {p.pk for p in projets if verifier("projets.voir", user, p).ok}
        assert set(visibles(user).values_list("pk", flat=True)) == attendus, nom


def test_seule_la_coordination_modifie_et_seulement_en_preparation(monde):
    c, voisin, _loin = monde
    for statut in (Statut.BROUILLON, Statut.A_COMPLETER):
        projet = c.projet(statut=statut)
        assert verifier("projets.modifier", c.coordination, projet).ok
        for autre in (voisin.coordination, c.dr, c.central, c.secretaire, AnonymousUser()):
            assert not verifier("projets.modifier", autre, projet).ok
    fige = verifier("projets.modifier", c.coordination, c.projet(statut=Statut.COMITE_CRENEAU))
    assert fige.raison == "Un projet ne se modifie qu'en brouillon ou à compléter."


def test_la_direction_regionale_commente_les_projets_en_preparation(monde):
    c, _voisin, loin = monde
    brouillon, au_ministere = c.projet(), c.projet(statut=Statut.MINISTERE)
    assert verifier("projets.commenter", c.dr, brouillon).ok
    assert not verifier("projets.commenter", c.dr, au_ministere).ok
    assert not verifier("projets.commenter", loin.dr, brouillon).ok
    for user in (c.coordination, c.central):
        assert verifier("projets.commenter", user, brouillon).ok and verifier("projets.commenter", user, au_ministere).ok
    for user in (c.membre, c.secretaire, AnonymousUser()):
        assert not verifier("projets.commenter", user, brouillon).ok

    commentaire = actions.commenter(brouillon, par=c.dr, texte="Ajoutez une lettre d'appui du cégep.")
    assert commentaire.auteur == c.dr
    with pytest.raises(ActionRefusee, match="Réservé à la coordination du créneau, à la direction régionale et au Ministère"):
        actions.commenter(brouillon, par=c.membre, texte="Hors rôle.")
    with pytest.raises(ActionRefusee) as vide:
        actions.commenter(brouillon, par=c.coordination, texte="   ")
    assert vide.value.champ == "texte"


def test_seule_une_coordination_cree_un_projet(monde):
    c, voisin, _loin = monde
    assert verifier("projets.creer", c.coordination, c.creneau).ok
    assert verifier("projets.creer", c.coordination).ok
    assert not verifier("projets.creer", voisin.coordination, c.creneau).ok
    for user in (c.dr, c.central, c.secretaire, UserFactory(), AnonymousUser()):
        assert not verifier("projets.creer", user).ok


def test_la_raison_d_un_refus_dit_le_role_attendu_puis_l_etat(monde):
    c, _voisin, _loin = monde
    projet = c.projet(statut=Statut.COMITE_REGIONAL)
    assert verifier("projets.accepter", c.dr, projet).raison == "Réservé au Ministère (bureau central)."
    assert verifier("projets.accepter", c.central, projet).raison == (
        "Action impossible dans l'état actuel du projet (Au comité régional)."
    )
    assert verifier("projets.approuver_regional", c.president_regional, projet).ok


def test_l_administration_liste_tout_mais_ne_touche_pas_aux_decisions(client, monde):
    c, _voisin, _loin = monde
    decision = actions.soumettre(c.projet(), par=c.coordination)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for modele in ("programme", "enveloppe", "projet", "decision", "commentaire", "versement", "rapportfinal", "compteurnumero"):
        assert client.get(f"/admin/projets/{modele}/").status_code == 200, modele
    assert client.get(f"/admin/projets/projet/{decision.projet.pk}/change/").status_code == 200
    assert client.get(f"/admin/projets/programme/{decision.projet.programme.pk}/change/").status_code == 200
    page = client.get(f"/admin/projets/decision/{decision.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.get(f"/admin/projets/decision/{decision.pk}/delete/").status_code == 403
    assert client.get("/admin/projets/decision/add/").status_code == 403
