"""A séance from its planning to its decisions (docs/seances.md), told as its members live it: each
rule is allowed for the right person and refused, with a clear message and nothing changed, for
the wrong one."""

import contextlib
import datetime
import re
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from comptes.models import Preferences
from comptes.systeme import est_systeme
from creneaux import actions as creneaux_actions
from creneaux.models import Comite, Mandat, Presence, ReglesConsultation, Reunion
from creneaux.resolutions import Resolution
from creneaux.roles import roles_de
from noyau.actions import ActionRefusee
from noyau.horloge import figee
from noyau.permissions import verifier
from plans.models import PlanAction
from projets import actions as projets
from projets.models import Decision, Enveloppe, Projet, Repartition, Statut
from projets.views import detail, enveloppes
from seances import actions
from seances.models import ConflitInteret, DecompteMainLevee, Point, Vote
from tests.factories import (
    ComiteFactory,
    CreneauFactory,
    MandatFactory,
    PlanActionFactory,
    PointFactory,
    ProjetFactory,
    UserFactory,
    fsdce,
    membre_avec_compte,
    reglement_de,
    seance_prete,
)

pytestmark = pytest.mark.django_db

Etat = Point.Etat
S = Reunion.Statut


def photo(c):
    """Everything a séance verb may change, to compare before and after a refusal."""
    s = Reunion.objects.get(pk=c.seance.pk)
    return (
        Reunion.objects.count(),
        (s.statut, s.date, s.mode, s.convoquee_le, s.ouverte_le, s.levee_le, s.pv_president_par_id, s.pv_secretaire_par_id),
        list(
            Point.objects.order_by("pk").values_list(
                "pk", "etat", "ordre", "proposition", "issue", "numero_resolution", "decompte_confirme", "confirme_par"
            )
        ),
        list(DecompteMainLevee.objects.order_by("pk").values_list("pk", "pour", "contre", "abstentions")),
        list(Vote.objects.order_by("pk").values_list("pk", "choix")),
        list(ConflitInteret.objects.order_by("pk").values_list("pk", "source")),
        list(Presence.objects.order_by("pk").values_list("pk", "valide", "confirmee_par")),
        list(Decision.objects.order_by("pk").values_list("pk", flat=True)),
        list(Repartition.objects.order_by("pk").values_list("pk", flat=True)),
        list(Projet.objects.order_by("pk").values_list("pk", "statut", "version")),
        list(Mandat.objects.order_by("pk").values_list("pk", "confirme_le")),
        len(mail.outbox),
    )


@contextmanager
def refuse(c, *textes):
    """The block is refused with an ActionRefusee whose message holds `textes`, and nothing changed."""
    avant = photo(c)
    with pytest.raises(ActionRefusee) as e:
        yield e
    for texte in textes:
        assert texte in e.value.message, e.value.message
    assert photo(c) == avant


def relu(obj):
    return type(obj).objects.get(pk=obj.pk)


def dans(heures=0, jours=0):
    return timezone.now() + datetime.timedelta(hours=heures, days=jours)


def tous_votent(c, point, *choix):
    """The members vote in order (chair, secretary, then the others); None: that one does not vote."""
    for user, ch in zip(c.membres, choix, strict=False):
        if ch is not None:
            actions.voter(point, par=user, choix=ch)


# ---------------------------------------------------------------------------------------------
# Planning


def test_la_presidence_planifie_une_seance_a_venir():
    c = seance_prete(statut=S.PLANIFIEE, nb_projets=0)
    s = actions.planifier(c.comite, par=c.president, date=dans(jours=10), lieu="Drummondville")
    assert s.statut == S.PLANIFIEE and s.comite == c.comite
    s = actions.planifier(
        c.comite,
        par=c.secretaire,
        date=dans(jours=11),
        mode=Reunion.Mode.HYBRIDE,
        lieu="Québec",
        lien="https://visio.exemple.qc.ca/a",
    )
    assert s.mode == Reunion.Mode.HYBRIDE


def test_une_seance_ne_se_planifie_pas_dans_le_passe():
    c = seance_prete(statut=S.PLANIFIEE, nb_projets=0)
    with refuse(c, "date est passée") as e:
        actions.planifier(c.comite, par=c.president, date=dans(jours=-1), lieu="Drummondville")
    assert e.value.champ == "date"


@pytest.mark.parametrize("annee", [1989, 2101])
def test_une_seance_se_planifie_entre_1990_et_2100(annee):
    c = seance_prete(statut=S.PLANIFIEE, nb_projets=0)
    with refuse(c, "La date doit être comprise entre"):
        actions.planifier(c.comite, par=c.president, date=dans().replace(year=annee), lieu="Drummondville")


def test_une_consultation_electronique_a_une_echeance_et_un_reglement_qui_la_permet():
    c = seance_prete(statut=S.PLANIFIEE, nb_projets=0)
    electronique = Reunion.Mode.ELECTRONIQUE
    with refuse(c, "échéance") as e:
        actions.planifier(c.comite, par=c.president, date=dans(jours=1), mode=electronique)
    assert e.value.champ == "echeance"
    with refuse(c, "L'échéance doit suivre"):
        actions.planifier(c.comite, par=c.president, date=dans(jours=2), mode=electronique, echeance=dans(jours=1))
    reglement_de(c.comite, consultation_electronique=ReglesConsultation.INTERDITE)
    with refuse(c, "ne permet pas de consultation électronique"):
        actions.planifier(c.comite, par=c.president, date=dans(jours=1), mode=electronique, echeance=dans(jours=8))
    reglement_de(c.comite, consultation_electronique=ReglesConsultation.UNANIMITE)
    s = actions.planifier(c.comite, par=c.president, date=dans(jours=1), mode=electronique, echeance=dans(jours=8))
    assert s.electronique and s.echeance


def test_un_comite_de_travail_ne_planifie_pas_de_seance():
    creneau = CreneauFactory()
    travail = ComiteFactory(creneau=creneau, type=Comite.Type.TRAVAIL, nom="Comité de travail")
    president = membre_avec_compte(travail, Mandat.Role.PRESIDENT)
    avant = Reunion.objects.count()
    with pytest.raises(ActionRefusee, match="comité de travail"):
        actions.planifier(travail, par=president, date=dans(jours=3), lieu="Drummondville")
    assert Reunion.objects.count() == avant


def test_un_membre_ne_planifie_pas():
    c = seance_prete(statut=S.PLANIFIEE, nb_projets=0)
    with refuse(c, "Seules la présidence et le secrétariat"):
        actions.planifier(c.comite, par=c.votants[0], date=dans(jours=3), lieu="Drummondville")


# ---------------------------------------------------------------------------------------------
# The agenda


def test_le_secretariat_inscrit_un_projet_devant_le_comite():
    c = seance_prete(statut=S.PLANIFIEE, nb_projets=0)
    projet = ProjetFactory(creneau=c.creneau, statut=Statut.COMITE_CRENEAU)
    point = actions.ajouter_point(c.seance, par=c.secretaire, type=Point.Type.PROJET, projet=projet)
    assert point.projet == projet and point.ordre == 1 and projet.titre in point.titre
    with refuse(c, "déjà à l'ordre du jour"):
        actions.ajouter_point(c.seance, par=c.secretaire, type=Point.Type.PROJET, projet=projet)


def test_un_projet_qui_n_est_pas_a_l_etape_du_comite_est_refuse():
    c = seance_prete(statut=S.PLANIFIEE, nb_projets=0)
    for statut in (Statut.BROUILLON, Statut.COMITE_REGIONAL, Statut.A_COMPLETER):
        projet = ProjetFactory(creneau=c.creneau, statut=statut)
        with refuse(c, "n'est pas devant ce comité") as e:
            actions.ajouter_point(c.seance, par=c.secretaire, type=Point.Type.PROJET, projet=projet)
        assert e.value.champ == "projet"


def test_un_projet_d_un_autre_creneau_ou_d_une_autre_region_est_refuse():
    c = seance_prete(statut=S.PLANIFIEE, nb_projets=0)
    ailleurs = ProjetFactory(statut=Statut.COMITE_CRENEAU)  # another créneau
    with refuse(c, "n'est pas devant ce comité"):
        actions.ajouter_point(c.seance, par=c.secretaire, type=Point.Type.PROJET, projet=ailleurs)

    r = seance_prete(regional=True, code_region="17", statut=S.PLANIFIEE, nb_projets=0)
    autre_region = ProjetFactory(creneau=CreneauFactory(region_porteuse__code="04"), statut=Statut.COMITE_REGIONAL)
    with refuse(r, "n'est pas devant ce comité"):
        actions.ajouter_point(r.seance, par=r.secretaire, type=Point.Type.PROJET, projet=autre_region)
    chez_soi = ProjetFactory(creneau=CreneauFactory(region_porteuse__code="17"), statut=Statut.COMITE_REGIONAL)
    assert actions.ajouter_point(r.seance, par=r.secretaire, type=Point.Type.PROJET, projet=chez_soi).projet == chez_soi


def test_un_projet_arrive_apres_la_convocation_attend_la_seance_suivante():
    """The issue's résolution adopted at a meeting before the project was even submitted."""
    c = seance_prete(statut=S.CONVOQUEE, nb_projets=0, convoquee_le=dans(jours=-3))
    avant = ProjetFactory(creneau=c.creneau)
    with figee(dans(jours=-5)):
        projets.soumettre(avant, par=c.coordination)
    apres = ProjetFactory(creneau=c.creneau)
    projets.soumettre(apres, par=c.coordination)

    with refuse(c, "après la convocation", "inscrivez-le à une prochaine séance") as e:
        actions.ajouter_point(c.seance, par=c.secretaire, type=Point.Type.PROJET, projet=relu(apres))
    assert e.value.champ == "projet"
    point = actions.ajouter_point(c.seance, par=c.secretaire, type=Point.Type.PROJET, projet=relu(avant))
    assert point.projet_id == avant.pk


def test_un_membre_ne_change_pas_l_ordre_du_jour():
    c = seance_prete(statut=S.PLANIFIEE, nb_projets=0)
    projet = ProjetFactory(creneau=c.creneau, statut=Statut.COMITE_CRENEAU)
    with refuse(c, "Seules la présidence et le secrétariat"):
        actions.ajouter_point(c.seance, par=c.votants[0], type=Point.Type.PROJET, projet=projet)
    with refuse(c, "Seules la présidence et le secrétariat"):
        actions.ajouter_point(c.seance, par=c.coordination, type=Point.Type.PROJET, projet=projet)


def test_l_ordre_du_jour_d_une_seance_ouverte_ne_change_plus():
    c = seance_prete()
    projet = ProjetFactory(creneau=c.creneau, statut=Statut.COMITE_CRENEAU)
    with refuse(c, "son ordre du jour ne change plus"):
        actions.ajouter_point(c.seance, par=c.secretaire, type=Point.Type.PROJET, projet=projet)
    with refuse(c, "son ordre du jour ne change plus"):
        actions.retirer_point(c.point, par=c.secretaire)


# ---------------------------------------------------------------------------------------------
# Convocation, opening, adjournment


def test_la_convocation_part_a_chaque_membre_avec_l_ordre_du_jour(django_capture_on_commit_callbacks):
    c = seance_prete(statut=S.PLANIFIEE, nb_projets=0)
    with refuse(c, "L'ordre du jour est vide"):
        actions.convoquer(c.seance, par=c.secretaire)
    projet = ProjetFactory(creneau=c.creneau, statut=Statut.COMITE_CRENEAU)
    actions.ajouter_point(c.seance, par=c.secretaire, type=Point.Type.PROJET, projet=projet)
    anglophone, francophone = [u for u in c.membres if u != c.secretaire][:2]
    Preferences.objects.create(user=anglophone, langue="en")
    with django_capture_on_commit_callbacks(execute=True):
        s = actions.convoquer(c.seance, par=c.secretaire)
    assert s.statut == S.CONVOQUEE and s.convoquee_par == c.secretaire and s.convoquee_le
    par_adresse = {a: m for m in mail.outbox for a in m.to}
    assert {u.email for u in c.membres if u != c.secretaire} <= set(par_adresse)
    assert c.secretaire.email not in par_adresse
    assert projet.titre in mail.outbox[0].body
    assert par_adresse[anglophone.email].subject.startswith("[ACCORD] Notice of meeting: ")
    assert par_adresse[francophone.email].subject.startswith("[ACCORD] Convocation : ")
    with refuse(c, "déjà convoquée"):
        actions.convoquer(c.seance, par=c.president)


def test_la_presidence_ouvre_la_seance_a_son_heure():
    c = seance_prete(statut=S.CONVOQUEE)
    with refuse(c, "elle s'ouvre à cette heure"):
        actions.ouvrir(c.seance, par=c.president)
    Reunion.objects.filter(pk=c.seance.pk).update(date=dans(heures=-0.1))
    with refuse(c, "Seule la présidence"):
        actions.ouvrir(relu(c.seance), par=c.secretaire)
    with refuse(c, "Seule la présidence"):
        actions.ouvrir(relu(c.seance), par=c.votants[0])
    s = actions.ouvrir(relu(c.seance), par=c.president)
    assert s.statut == S.OUVERTE and s.ouverte_le
    with refuse(c, "Seule une séance convoquée s'ouvre"):
        actions.ouvrir(s, par=c.president)


def test_lever_la_seance_laisse_sans_decision_les_points_non_votes():
    c = seance_prete(nb_projets=3)
    premier, deuxieme, troisieme = c.points
    actions.ouvrir_vote(premier, par=c.president)
    tous_votent(c, premier, "pour", "pour", "pour")
    actions.clore_vote(premier, par=c.president)
    actions.ouvrir_vote(deuxieme, par=c.president)
    with refuse(c, "Un vote est encore ouvert"):
        actions.lever(c.seance, par=c.president)
    with refuse(c, "Seule la présidence"):
        actions.lever(c.seance, par=c.secretaire)
    actions.voter(deuxieme, par=c.membres[0], choix="pour")
    actions.clore_vote(deuxieme, par=c.president)
    s = actions.lever(c.seance, par=c.president)
    assert s.statut == S.LEVEE and s.levee_le
    assert relu(premier).etat == Etat.DECIDE and relu(deuxieme).etat == Etat.DECIDE
    assert relu(troisieme).etat == Etat.SANS_DECISION
    assert relu(troisieme.projet).statut == Statut.COMITE_CRENEAU
    with refuse(c, "n'est pas ouverte"):
        actions.lever(s, par=c.president)


# ---------------------------------------------------------------------------------------------
# Presences


def test_un_membre_qui_pointe_compte_tout_de_suite():
    c = seance_prete(presents=False)
    assert len(c.seance.quorum().votants_presents) == 0
    presence = actions.pointer(c.seance, par=c.votants[0])
    assert presence.valide and presence.inscrite_par == c.votants[0]
    assert c.votants[0].personne.pk in c.seance.quorum().votants_presents
    with refuse(c, "déjà inscrite"):
        actions.pointer(c.seance, par=c.votants[0])


def test_qui_ne_siege_pas_ne_pointe_pas():
    c = seance_prete(presents=False)
    ailleurs = membre_avec_compte(ComiteFactory())
    with refuse(c, "Vous ne siégez pas à ce comité"):
        actions.pointer(c.seance, par=ailleurs)
    with refuse(c, "Vous ne siégez pas à ce comité"):
        actions.pointer(c.seance, par=c.coordination)
    with refuse(c, "ne siège pas à ce comité"):
        actions.marquer_presence(c.seance, par=c.secretaire, personne=ailleurs.personne)


def test_une_presence_marquee_par_le_secretariat_compte_une_fois_confirmee_par_la_presidence():
    c = seance_prete(presents=False)
    membre = c.votants[0].personne
    presence = actions.marquer_presence(c.seance, par=c.secretaire, personne=membre)
    assert not presence.valide
    assert membre.pk not in c.seance.quorum().votants_presents
    with refuse(c, "déjà inscrite"):
        actions.marquer_presence(c.seance, par=c.secretaire, personne=membre)
    with refuse(c, "Seul le secrétariat"):
        actions.marquer_presence(c.seance, par=c.votants[1], personne=c.votants[2].personne)
    with refuse(c, "Seule la présidence"):
        actions.confirmer_presence(presence, par=c.secretaire)
    with refuse(c, "Seule la présidence"):
        actions.confirmer_presence(presence, par=membre.user)
    presence = actions.confirmer_presence(presence, par=c.president)
    assert presence.valide and presence.confirmee_par == c.president
    assert membre.pk in c.seance.quorum().votants_presents
    with refuse(c, "déjà comptée"):
        actions.confirmer_presence(presence, par=c.president)


# ---------------------------------------------------------------------------------------------
# Votes


def test_les_votes_pour_contre_et_abstention_sont_comptes():
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    tous_votent(c, c.point, "pour", "pour", "contre", "abstention", "pour")
    assert dict(Vote.objects.filter(point=c.point).values_list("personne__user", "choix")) == {
        u.pk: ch for u, ch in zip(c.membres, ["pour", "pour", "contre", "abstention", "pour"], strict=True)
    }
    point = actions.clore_vote(c.point, par=c.president)
    assert (point.issue, point.pour, point.contre, point.abstentions) == (Point.Issue.ADOPTEE, 3, 1, 1)


def test_un_membre_ne_vote_qu_une_fois():
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    actions.voter(c.point, par=c.votants[0], choix="pour")
    with refuse(c, "déjà voté"):
        actions.voter(c.point, par=c.votants[0], choix="contre")
    assert Vote.objects.get(point=c.point).choix == "pour"


def test_un_choix_inconnu_est_refuse():
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    with refuse(c, "pour, contre ou abstention"):
        actions.voter(c.point, par=c.votants[0], choix="peut-être")


def test_un_membre_absent_ne_vote_pas():
    c = seance_prete(presents=False)
    for user in c.membres[:3]:
        actions.pointer(c.seance, par=user)
    actions.ouvrir_vote(c.point, par=c.president)
    with refuse(c, "Inscrivez votre présence avant de voter"):
        actions.voter(c.point, par=c.votants[2], choix="pour")
    # marked by the secretary, not yet confirmed: still absent for the vote
    actions.marquer_presence(c.seance, par=c.secretaire, personne=c.votants[2].personne)
    with refuse(c, "Inscrivez votre présence"):
        actions.voter(c.point, par=c.votants[2], choix="pour")


def test_un_membre_qui_declare_un_conflit_ne_vote_pas():
    c = seance_prete()
    conflit = actions.declarer_conflit(c.point, par=c.votants[0], note="Mon frère dirige l'organisme porteur.")
    assert conflit.source == ConflitInteret.Source.DECLARE
    with refuse(c, "déjà inscrit"):
        actions.declarer_conflit(c.point, par=c.votants[0], note="Encore.")
    with refuse(c, "Vous ne siégez pas"):
        actions.declarer_conflit(c.point, par=c.coordination, note="Je coordonne.")
    actions.ouvrir_vote(c.point, par=c.president)
    with refuse(c, "conflit d'intérêts"):
        actions.voter(c.point, par=c.votants[0], choix="pour")


def test_une_note_est_exigee_pour_declarer_un_conflit():
    c = seance_prete()
    with refuse(c):
        actions.declarer_conflit(c.point, par=c.votants[0], note="  ")


@pytest.mark.parametrize("lien", ["porteur", "partenaire"])
def test_le_membre_d_une_organisation_porteuse_ou_partenaire_est_en_conflit(lien):
    c = seance_prete()
    organisation = c.projet.porteur if lien == "porteur" else c.projet.partenaires.first()
    membre = c.votants[0].personne
    membre.organisation = organisation
    membre.save()
    actions.ouvrir_vote(c.point, par=c.president)
    assert ConflitInteret.objects.get(point=c.point, personne=membre).source == ConflitInteret.Source.ORGANISATION
    with refuse(c, "conflit d'intérêts"):
        actions.voter(c.point, par=membre.user, choix="pour")


def test_pas_de_vote_apres_la_cloture():
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    tous_votent(c, c.point, "pour", "pour", "pour")
    actions.clore_vote(c.point, par=c.president)
    with refuse(c, "n'est pas ouvert"):
        actions.voter(c.point, par=c.votants[1], choix="contre")


def test_pas_de_vote_avant_l_ouverture_du_vote():
    c = seance_prete()
    with refuse(c, "n'est pas ouvert"):
        actions.voter(c.point, par=c.votants[0], choix="pour")


def test_pas_de_vote_sans_quorum():
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    # three of the five leave the room
    Presence.objects.filter(reunion=c.seance, personne__user__in=c.membres[2:]).delete()
    with refuse(c, "Quorum non atteint"):
        actions.voter(c.point, par=c.president, choix="pour")


def test_qui_ne_siege_pas_ne_vote_pas():
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    ailleurs = membre_avec_compte(ComiteFactory())
    for intrus in (ailleurs, c.coordination, UserFactory()):
        with refuse(c, "Vous ne siégez pas à ce comité"):
            actions.voter(c.point, par=intrus, choix="pour")


def test_un_observateur_ne_vote_pas():
    c = seance_prete()
    observateur = membre_avec_compte(c.comite, Mandat.Role.OBSERVATEUR, college=Mandat.College.INTERVENANT, confirme_le=None)
    actions.pointer(c.seance, par=observateur)  # an observer attends
    actions.ouvrir_vote(c.point, par=c.president)
    with refuse(c, "pas droit de vote"):
        actions.voter(c.point, par=observateur, choix="pour")


def test_un_mandat_non_confirme_ne_vote_pas():
    c = seance_prete()
    propose = membre_avec_compte(c.comite, confirme_le=None)
    Presence.objects.create(reunion=c.seance, personne=propose.personne, valide=True)
    actions.ouvrir_vote(c.point, par=c.president)
    with refuse(c, "Vous ne siégez pas à ce comité"):
        actions.voter(c.point, par=propose, choix="pour")
    with refuse(c, "Vous ne siégez pas à ce comité"):
        actions.pointer(c.seance, par=propose)


def test_un_conflit_se_declare_avant_le_vote():
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    actions.voter(c.point, par=c.votants[0], choix="pour")
    with refuse(c, "avant le vote"):
        actions.declarer_conflit(c.point, par=c.votants[0], note="Je me souviens d'un lien.")


def test_un_conflit_ne_se_declare_plus_sur_un_point_clos():
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    tous_votent(c, c.point, "pour", "pour", "pour")
    actions.clore_vote(c.point, par=c.president)
    with refuse(c, "clos"):
        actions.declarer_conflit(c.point, par=c.votants[2], note="Trop tard.")


# ---------------------------------------------------------------------------------------------
# The chair


def test_un_seul_vote_ouvert_a_la_fois():
    c = seance_prete(nb_projets=2)
    actions.ouvrir_vote(c.points[0], par=c.president)
    with refuse(c, "Un autre vote est ouvert"):
        actions.ouvrir_vote(c.points[1], par=c.president)
    with refuse(c, "déjà ouvert ou clos"):
        actions.ouvrir_vote(c.points[0], par=c.president)


def test_seule_la_presidence_ouvre_et_clot_un_vote():
    c = seance_prete()
    for intrus in (c.secretaire, c.votants[0], c.coordination):
        with refuse(c, "Seule la présidence"):
            actions.ouvrir_vote(c.point, par=intrus)
    actions.ouvrir_vote(c.point, par=c.president)
    tous_votent(c, c.point, "pour", "pour", "pour")
    for intrus in (c.secretaire, c.votants[0], c.coordination):
        with refuse(c, "Seule la présidence"):
            actions.clore_vote(c.point, par=intrus)


def test_pas_de_vote_ouvert_sans_quorum():
    c = seance_prete(presents=False)
    actions.pointer(c.seance, par=c.president)
    actions.pointer(c.seance, par=c.votants[0])
    with refuse(c, "Quorum non atteint : 2 membre(s) votant(s) présent(s) pour un quorum de 3"):
        actions.ouvrir_vote(c.point, par=c.president)


def test_la_presidence_ne_clot_pas_sans_quorum():
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    tous_votent(c, c.point, "pour", "pour", "pour")
    Presence.objects.filter(reunion=c.seance, personne__user__in=c.membres[1:4]).delete()
    with refuse(c, "Quorum non atteint"):
        actions.clore_vote(c.point, par=c.president)


def test_la_presidence_ne_clot_pas_un_vote_sans_aucun_vote():
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    with refuse(c, "Aucun vote exprimé"):
        actions.clore_vote(c.point, par=c.president)
    with refuse(c, "n'a saisi aucun décompte"):
        actions.clore_vote(c.point, par=c.president, decompte=1)


def test_un_vote_a_main_levee_compte_une_fois_confirme_par_la_presidence():
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    with refuse(c, "Seul le secrétariat"):
        actions.saisir_main_levee(c.point, par=c.votants[0], pour=4, contre=1)
    with refuse(c, "6 votes pour 5 membre(s)"):
        actions.saisir_main_levee(c.point, par=c.secretaire, pour=5, contre=1)
    decompte = actions.saisir_main_levee(c.point, par=c.secretaire, pour=3, contre=1, abstentions=1)
    point = relu(c.point)
    assert point.etat == Etat.VOTE_OUVERT and point.decision is None  # typed, not yet counted
    assert relu(c.projet).statut == Statut.COMITE_CRENEAU
    with refuse(c, "Seule la présidence"):
        actions.clore_vote(point, par=c.secretaire, decompte=decompte.pk)
    point = actions.clore_vote(point, par=c.president, decompte=decompte.pk)
    assert (point.pour, point.contre, point.abstentions) == (3, 1, 1)
    assert point.decompte_confirme.saisi_par == c.secretaire and point.confirme_par == c.president
    assert relu(c.projet).statut == Statut.COMITE_REGIONAL


@pytest.mark.parametrize("lien", ["depose", "soumis"])
def test_la_presidence_liee_au_projet_ne_dirige_pas_son_vote(lien):
    """Who filed or submitted a project never runs its vote; another member of the bureau does."""
    c = seance_prete()
    if lien == "depose":
        Projet.objects.filter(pk=c.projet.pk).update(cree_par=c.president)
    else:
        Decision.objects.create(
            projet=c.projet, etape=Decision.Etape.SOUMISSION, de_statut=Statut.BROUILLON,
            vers_statut=Statut.COMITE_CRENEAU, auteur=c.president, horodatage=dans(jours=-20),
        )  # fmt: skip
    vice = membre_avec_compte(c.comite, Mandat.Role.VICE_PRESIDENT)
    actions.pointer(c.seance, par=vice)
    with refuse(c, "déposé, soumis ou coordonnez"):
        actions.ouvrir_vote(c.point, par=c.president)
    actions.ouvrir_vote(c.point, par=vice)
    assert ConflitInteret.objects.get(point=c.point, personne=c.president.personne).source == ConflitInteret.Source.ROLE
    with refuse(c, "conflit d'intérêts"):
        actions.voter(c.point, par=c.president, choix="pour")
    tous_votent(c, c.point, None, "pour", "pour", "pour")  # the chair's own vote skipped below
    with refuse(c, "déposé, soumis ou coordonnez"):
        actions.clore_vote(c.point, par=c.president)
    point = actions.clore_vote(c.point, par=vice)
    assert point.decision.auteur == vice
    assert c.president.personne in point.decision.en_conflit.all()


def test_la_coordination_qui_siege_est_en_conflit_sur_les_projets_de_son_creneau():
    c = seance_prete()
    MandatFactory(comite=c.comite, personne=c.coordination.personne, college=Mandat.College.INTERVENANT)
    actions.pointer(c.seance, par=c.coordination)
    actions.ouvrir_vote(c.point, par=c.president)
    conflit = ConflitInteret.objects.get(point=c.point, personne=c.coordination.personne)
    assert conflit.source == ConflitInteret.Source.ROLE
    with refuse(c, "conflit d'intérêts"):
        actions.voter(c.point, par=c.coordination, choix="pour")


# ---------------------------------------------------------------------------------------------
# Outcomes: each closed item runs its own verb


def _adopter(c, point, *choix):
    actions.ouvrir_vote(point, par=c.president)
    tous_votent(c, point, *choix)
    return actions.clore_vote(point, par=c.president)


def test_une_resolution_adoptee_fait_passer_le_projet_au_comite_regional():
    c = seance_prete(nb_projets=2)
    membre = c.votants[2].personne
    actions.declarer_conflit(c.point, par=membre.user, note="Administratrice de l'organisme porteur.")
    point = _adopter(c, c.point, "pour", "pour", "contre", "abstention")

    annee = timezone.localdate(c.seance.date).year
    assert re.fullmatch(rf"CC-[A-Z0-9]+-{annee}-01", point.numero_resolution)
    decision = point.decision
    assert decision.etape == Decision.Etape.RESOLUTION
    assert (decision.votes_pour, decision.votes_contre, decision.abstentions) == (2, 1, 1)
    assert decision.numero_resolution == point.numero_resolution
    assert decision.reunion == c.seance and decision.comite == c.comite
    assert list(decision.en_conflit.all()) == [membre]
    assert decision.point == point
    assert relu(c.projet).statut == Statut.COMITE_REGIONAL

    second = _adopter(c, c.points[1], "pour", "pour", "pour")
    assert second.numero_resolution == point.numero_resolution[:-2] + "02"

    autre = seance_prete()
    assert _adopter(autre, autre.point, "pour", "pour", "pour").numero_resolution.endswith(f"-{annee}-01")


def test_une_resolution_rejetee_refuse_le_projet():
    c = seance_prete()
    point = _adopter(c, c.point, "pour", "contre", "contre")
    assert point.issue == Point.Issue.REJETEE
    assert point.decision.vers_statut == Statut.REFUSE_CRENEAU
    assert (point.decision.votes_pour, point.decision.votes_contre) == (1, 2)
    assert relu(c.projet).statut == Statut.REFUSE_CRENEAU


def test_egalite_rejette_la_proposition():
    c = seance_prete()
    point = _adopter(c, c.point, "pour", "contre", "abstention")
    assert point.issue == Point.Issue.REJETEE and relu(c.projet).statut == Statut.REFUSE_CRENEAU


def test_un_renvoi_adopte_renvoie_le_projet_a_completer():
    c = seance_prete()
    with refuse(c):
        actions.ouvrir_vote(c.point, par=c.president, proposition=Point.Proposition.RENVOYER)
    actions.ouvrir_vote(c.point, par=c.president, proposition=Point.Proposition.RENVOYER, motif_renvoi="Budget à préciser.")
    tous_votent(c, c.point, "pour", "pour", "pour")
    point = actions.clore_vote(c.point, par=c.president)
    assert point.decision.vers_statut == Statut.A_COMPLETER and point.decision.motif == "Budget à préciser."
    assert relu(c.projet).statut == Statut.A_COMPLETER


def test_un_renvoi_rejete_ne_change_pas_le_projet():
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president, proposition=Point.Proposition.RENVOYER, motif_renvoi="Budget à préciser.")
    tous_votent(c, c.point, "contre", "contre", "pour")
    point = actions.clore_vote(c.point, par=c.president)
    assert point.etat == Etat.DECIDE and point.issue == Point.Issue.REJETEE and point.decision is None
    assert relu(c.projet).statut == Statut.COMITE_CRENEAU


def _enveloppe_garnie(code="17", montant="1000000"):
    env = Enveloppe.objects.get(programme=fsdce(), region__code=code)
    env.montant = Decimal(montant)
    env.save()
    return env


def test_le_comite_regional_approuve_refuse_ou_renvoie():
    _enveloppe_garnie()
    c = seance_prete(regional=True, nb_projets=3)
    approuve = _adopter(c, c.points[0], "pour", "pour", "pour")
    assert approuve.decision.etape == Decision.Etape.COMITE_REGIONAL
    assert relu(c.projets[0]).statut == Statut.MINISTERE
    assert re.fullmatch(r"CR17-\d{4}-01", approuve.numero_resolution)

    refuse_ = _adopter(c, c.points[1], "contre", "contre", "pour")
    assert relu(c.projets[1]).statut == Statut.REFUSE_REGIONAL and refuse_.numero_resolution.endswith("-02")

    actions.ouvrir_vote(
        c.points[2], par=c.president, proposition=Point.Proposition.RENVOYER, motif_renvoi="Partenaires à confirmer."
    )
    tous_votent(c, c.points[2], "pour", "pour", "pour")
    actions.clore_vote(c.points[2], par=c.president)
    assert relu(c.projets[2]).statut == Statut.A_COMPLETER


def test_la_repartition_adoptee_devient_la_repartition_de_l_enveloppe():
    env = _enveloppe_garnie()
    c = seance_prete(regional=True, nb_projets=0)
    autre = CreneauFactory(region_porteuse=c.comite.region)
    point = PointFactory(
        seance=c.seance, type=Point.Type.REPARTITION, projet=None, enveloppe=env,
        parts={str(c.creneau.pk): "600000", str(autre.pk): "400000"}, titre="Répartition",
    )  # fmt: skip
    point = _adopter(c, point, "pour", "pour", "pour")
    rep = point.repartition
    assert rep.enveloppe == env and rep.reunion == c.seance and rep.numero_resolution == point.numero_resolution
    assert {pr.creneau_id: pr.montant for pr in rep.parts.all()} == {c.creneau.pk: Decimal("600000"), autre.pk: Decimal("400000")}


def test_le_plan_adopte_est_approuve():
    c = seance_prete(nb_projets=0)
    plan = PlanActionFactory(creneau=c.creneau)
    point = PointFactory(seance=c.seance, type=Point.Type.PLAN, projet=None, plan=plan, titre="Plan")
    _adopter(c, point, "pour", "pour", "pour")
    plan = relu(plan)
    assert plan.statut == PlanAction.Statut.APPROUVE and plan.adopte_par == c.comite


# ---------------------------------------------------------------------------------------------
# Separation of duties, end to end (the issue's story)


def test_la_coordination_qui_se_nomme_presidente_n_adopte_pas_sa_propre_resolution():
    c = seance_prete()
    coordination = c.coordination
    personne = coordination.personne
    with contextlib.suppress(ActionRefusee):  # refused outright: fine as well
        creneaux_actions.nommer_membre(
            c.comite, par=coordination, personne=personne, role=Mandat.Role.PRESIDENT,
            college=Mandat.College.INTERVENANT, debut=timezone.localdate(),
        )  # fmt: skip
    mandat = Mandat.objects.filter(comite=c.comite, personne=personne).first()
    assert mandat is None or mandat.confirme_le is None
    coordination = relu(coordination)
    assert c.comite.pk not in roles_de(coordination).presidences
    assert not verifier("seances.presider", coordination, c.seance).ok
    assert not verifier("seances.planifier", coordination, c.comite).ok

    # nor plan a séance, not even to record one held « yesterday »
    with pytest.raises(ActionRefusee, match="Seules la présidence et le secrétariat du comité"):
        actions.planifier(c.comite, par=coordination, date=dans(jours=-1), lieu="Ici")
    with refuse(c, "Seule la présidence"):
        actions.ouvrir_vote(c.point, par=coordination)
    actions.ouvrir_vote(c.point, par=c.president)
    tous_votent(c, c.point, "pour", "pour", "pour")
    with refuse(c, "Seule la présidence"):
        actions.clore_vote(c.point, par=coordination)
    with refuse(c, "Cette décision appartient au comité"):
        projets.adopter_resolution(c.projet, resolution={"seance": c.seance, "numero": "X-1", "pour": 3})

    # even once the direction régionale confirms the mandate, not on its own project
    if mandat is not None:
        Mandat.objects.filter(pk=mandat.pk).update(confirme_le=timezone.now())
    else:
        MandatFactory(comite=c.comite, personne=personne, role=Mandat.Role.PRESIDENT, college=Mandat.College.INTERVENANT)
    coordination = relu(coordination)
    assert verifier("seances.presider", coordination, c.seance).ok
    with refuse(c, "déposé, soumis ou coordonnez"):
        actions.clore_vote(c.point, par=coordination)
    assert relu(c.projet).statut == Statut.COMITE_CRENEAU


def test_les_verbes_des_objets_n_acceptent_qu_une_resolution_de_seance():
    """A project's, plan's, bilan's or envelope's verb decides only with the Resolution the closing
    of a séance's vote hands it: called directly with anything else, it refuses; nobody outside
    `seances` can build one."""
    c = seance_prete()
    faux = {"seance": c.seance, "numero": "CC-X-2026-01", "pour": 3, "par": c.president}
    for verbe in (projets.adopter_resolution, projets.rejeter_resolution, projets.renvoyer, projets.approuver_regional):
        with refuse(c, "Cette décision appartient au comité : elle s'enregistre en fermant le vote de son point en séance."):
            verbe(c.projet, resolution=faux)
    with pytest.raises(TypeError, match="établie par la séance"):
        Resolution(
            seance=c.seance, comite=c.comite, point_id=c.point.pk, numero="X", proposition="adopter", adoptee=True,
            pour=3, contre=0, abstentions=0, date=timezone.now(), par=c.president,
        )  # fmt: skip
    assert not Decision.objects.filter(projet=c.projet, etape=Decision.Etape.RESOLUTION).exists()


def test_les_points_en_attente_sont_nommes_par_leur_valeur():
    assert set(detail.POINT_EN_ATTENTE) == set(enveloppes.POINT_EN_ATTENTE) == {Etat.INSCRIT, Etat.VOTE_OUVERT}


# ---------------------------------------------------------------------------------------------
# An item whose own verb refuses at closing never blocks the séance


def test_un_projet_retire_pendant_le_vote_est_clos_sans_decision():
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    tous_votent(c, c.point, "pour", "pour", "pour")
    projets.retirer(relu(c.projet), par=c.coordination, motif="Le porteur abandonne.")
    point = actions.clore_vote(c.point, par=c.president)
    assert point.etat == Etat.SANS_DECISION and point.decision is None and point.numero_resolution == ""
    assert (point.pour, point.contre, point.abstentions) == (3, 0, 0)
    assert "n'est pas devant ce comité" in point.motif_renvoi
    assert relu(c.projet).statut == Statut.RETIRE
    assert actions.lever(c.seance, par=c.president).statut == S.LEVEE


def test_une_approbation_qui_depasse_la_part_du_creneau_est_close_sans_decision():
    """The comité régional first gives the créneau a share smaller than the project asks."""
    env = _enveloppe_garnie()
    c = seance_prete(regional=True)
    repartition = PointFactory(
        seance=c.seance, type=Point.Type.REPARTITION, projet=None, enveloppe=env,
        parts={str(c.creneau.pk): "10000"}, titre="Répartition",
    )  # fmt: skip
    assert _adopter(c, repartition, "pour", "pour", "pour").repartition is not None
    point = _adopter(c, c.point, "pour", "pour", "pour")
    assert point.etat == Etat.SANS_DECISION and point.decision is None and point.numero_resolution == ""
    assert "dépasserait la part du créneau" in point.motif_renvoi
    assert (point.pour, point.contre, point.abstentions) == (3, 0, 0)
    assert relu(c.projet).statut == Statut.COMITE_REGIONAL
    assert actions.lever(c.seance, par=c.president).statut == S.LEVEE


# ---------------------------------------------------------------------------------------------
# Consultation électronique


def _consultation(c, convoquee_par):
    """Plan, convene and open a consultation électronique on the projects of `c`, a week long."""
    debut = dans(jours=-8)
    with figee(debut):
        s = actions.planifier(
            c.comite, par=convoquee_par, date=debut + datetime.timedelta(hours=1),
            mode=Reunion.Mode.ELECTRONIQUE, echeance=debut + datetime.timedelta(days=7),
        )  # fmt: skip
        for projet in c.projets:
            actions.ajouter_point(s, par=convoquee_par, type=Point.Type.PROJET, projet=projet)
        actions.convoquer(s, par=convoquee_par)
    with figee(debut + datetime.timedelta(hours=2)):
        return actions.ouvrir(relu(s), par=c.president)


def test_une_consultation_electronique_adopte_a_la_majorite_a_l_echeance():
    c = seance_prete(statut=S.PLANIFIEE)
    Decision.objects.create(
        projet=c.projet, etape=Decision.Etape.SOUMISSION, de_statut=Statut.BROUILLON,
        vers_statut=Statut.COMITE_CRENEAU, auteur=c.coordination, horodatage=dans(jours=-30),
    )  # fmt: skip
    s = _consultation(c, c.secretaire)
    point = s.points.get()
    assert point.etat == Etat.VOTE_OUVERT
    with figee(dans(jours=-6)):
        for user in c.membres[:3]:
            actions.voter(point, par=user, choix="pour")
    assert actions.clore_consultation(relu(s)).statut == S.LEVEE  # deadline passed
    point = relu(point)
    assert point.etat == Etat.DECIDE and point.decision.vers_statut == Statut.COMITE_REGIONAL
    assert relu(c.projet).statut == Statut.COMITE_REGIONAL


def test_une_consultation_convoquee_par_la_coordination_secretaire_est_enregistree_par_le_portail():
    """The coordination is often the comité's secretary (confirmed by the direction régionale): it
    convenes the consultation, but the outcome is recorded by the portal's system actor (it closes
    the consultation by itself), never in the name of a person who did not act."""
    c = seance_prete(statut=S.PLANIFIEE)
    MandatFactory(
        comite=c.comite, personne=c.coordination.personne, role=Mandat.Role.SECRETAIRE, college=Mandat.College.INTERVENANT
    )
    s = _consultation(c, c.coordination)
    point = s.points.get()
    assert ConflitInteret.objects.get(point=point, personne=c.coordination.personne).source == ConflitInteret.Source.ROLE
    with figee(dans(jours=-6)):
        for user in c.membres[:4]:
            actions.voter(point, par=user, choix="pour")
    actions.clore_consultation(relu(s))
    point = relu(point)
    assert point.etat == Etat.DECIDE, point.motif_renvoi
    assert est_systeme(point.decision.auteur) and point.clos_par_systeme and point.confirme_par is None
    assert relu(c.projet).statut == Statut.COMITE_REGIONAL


def test_une_consultation_sans_majorite_reste_sans_decision():
    c = seance_prete(statut=S.PLANIFIEE)
    s = _consultation(c, c.secretaire)
    point = s.points.get()
    with figee(dans(jours=-6)):
        actions.voter(point, par=c.membres[0], choix="pour")
        actions.voter(point, par=c.membres[1], choix="contre")
    actions.clore_consultation(relu(s))
    point = relu(point)
    assert point.etat == Etat.SANS_DECISION and (point.pour, point.contre) == (1, 1)
    assert relu(c.projet).statut == Statut.COMITE_CRENEAU


def test_pas_de_vote_electronique_apres_l_echeance():
    c = seance_prete(statut=S.PLANIFIEE)
    s = _consultation(c, c.secretaire)
    with refuse(c, "L'échéance de la consultation est passée"):
        actions.voter(s.points.get(), par=c.membres[0], choix="pour")


def test_la_coordination_secretaire_ne_saisit_pas_le_decompte_de_ses_projets():
    c = seance_prete()
    Mandat.objects.filter(comite=c.comite, personne=c.secretaire.personne).update(role=Mandat.Role.MEMBRE)
    MandatFactory(
        comite=c.comite, personne=c.coordination.personne, role=Mandat.Role.SECRETAIRE, college=Mandat.College.INTERVENANT
    )
    actions.pointer(c.seance, par=c.coordination)
    actions.ouvrir_vote(c.point, par=c.president)
    with refuse(c, "déposé, soumis ou coordonnez"):
        actions.saisir_main_levee(c.point, par=c.coordination, pour=3, contre=0)


def test_la_presidence_ordonne_l_ordre_du_jour():
    c = seance_prete(statut=S.CONVOQUEE, nb_projets=3)
    premier, deuxieme, troisieme = c.points
    actions.ordonner(c.seance, par=c.president, ordre=[troisieme.pk, premier.pk, deuxieme.pk])
    assert [p.pk for p in c.seance.points.order_by("ordre")] == [troisieme.pk, premier.pk, deuxieme.pk]
    with refuse(c, "a changé entre-temps"):
        actions.ordonner(c.seance, par=c.president, ordre=[premier.pk, deuxieme.pk])
    with refuse(c, "Seules la présidence et le secrétariat"):
        actions.ordonner(c.seance, par=c.votants[0], ordre=[premier.pk, deuxieme.pk, troisieme.pk])
