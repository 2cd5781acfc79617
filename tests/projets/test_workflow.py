"""The project's journey (docs/circuit.md): each verb of projets.actions, for the right person, and
refused — changing nothing — for anyone else, in the wrong state, or when its guard fails."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from comptes.models import Preferences
from creneaux.models import Comite, Mandat, Organisation
from noyau.actions import ActionRefusee, Conflit
from portail.a_traiter import taches_de
from projets import actions
from projets.models import Decision, Projet, RapportFinal, Statut, Versement
from projets.selectors import a_traiter
from tests.factories import (
    ComiteFactory,
    CreneauFactory,
    MandatFactory,
    OrganisationFactory,
    PersonneFactory,
    ReunionFactory,
    circuit,
    point_ouvert,
    region,
)
from tests.factories.seances import en_seance

pytestmark = pytest.mark.django_db

_numeros = itertools.count(1)


def _vote(reunion, projet, pour=5, contre=0, abstentions=0, numero=None, proposition="adopter"):
    """The arguments of a comité's verb on `projet` at `reunion`, the vote on its item open on
    `proposition` (as seances.actions.clore_vote runs the verb)."""
    point_ouvert(reunion, projet, proposition=proposition)
    return {
        "reunion": reunion,
        "numero": numero or f"RES-2026-{next(_numeros):03d}",
        "pour": pour,
        "contre": contre,
        "abstentions": abstentions,
    }


VERBES_DU_COMITE = {"adopter_resolution", "rejeter_resolution", "renvoyer", "approuver_regional", "refuser_regional"}


def _verbe(nom):
    """The verb `nom` of projets.actions; a comité's as a séance's closing calls it."""
    comite = {"adopter_resolution", "rejeter_resolution", "renvoyer", "approuver_regional", "refuser_regional"}
    return getattr(en_seance, nom) if nom in comite else getattr(actions, nom)


def _etat(projet):
    """What a refused action must leave untouched."""
    p = Projet.objects.get(pk=projet.pk)
    return (p.statut, p.version, p.statut_depuis, p.montant_accorde, p.numero, p.decisions.count())


# ---------------------------------------------------------------------------------------------
# The whole journey


def test_chacun_lit_le_sujet_du_courriel_dans_sa_langue(mailoutbox, django_capture_on_commit_callbacks):
    c = circuit()
    president = c.comite_creneau.mandats.get(role="president").personne.user
    Preferences.objects.create(user=c.secretaire, langue="en")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        p = actions.soumettre(c.projet(), par=c.coordination).projet
    sujets = {m.to[0]: m.subject for m in mailoutbox}
    assert sujets[c.secretaire.email].startswith(f"[ACCORD] {p.numero} – To do: ")
    assert sujets[president.email].startswith(f"[ACCORD] {p.numero} – À traiter : ")


def test_un_projet_va_du_brouillon_a_termine_et_chaque_etape_est_une_decision(mailoutbox, django_capture_on_commit_callbacks):
    c = circuit()
    projet = c.projet()

    with django_capture_on_commit_callbacks(execute=True):
        p = actions.soumettre(projet, par=c.coordination).projet
    assert p.statut == Statut.COMITE_CRENEAU
    assert p.numero == f"FSDCE-{p.exercice}-{(p.exercice + 1) % 100:02d}-17-001"
    assert {m.to[0] for m in mailoutbox} == {
        c.secretaire.email,
        c.comite_creneau.mandats.get(role="president").personne.user.email,
    }

    p = en_seance.adopter_resolution(p, par=c.secretaire, **_vote(c.reunion_creneau, p, numero="CC-MEUBLE-2026-07")).projet
    assert p.statut == Statut.COMITE_REGIONAL
    p = en_seance.approuver_regional(p, par=c.president_regional, **_vote(c.reunion_regionale, p)).projet
    assert p.statut == Statut.MINISTERE
    p = actions.analyser(p, par=c.dr, texte="Projet conforme au guide de gestion.").projet
    assert p.statut == Statut.MINISTERE
    p = actions.accepter(p, par=c.central, montant=Decimal("45000")).projet
    assert (p.statut, p.montant_accorde) == (Statut.ACCEPTE, Decimal("45000"))
    p = actions.signer_convention(p, par=c.dr).projet
    assert p.statut == Statut.EN_REALISATION
    p = actions.enregistrer_versement(p, par=c.central, date=timezone.localdate(), montant=Decimal("20000")).projet
    p = actions.desengager(p, par=c.central, motif="Dépenses moindres que prévu.").projet
    assert p.montant_desengage == Decimal("25000")
    p = actions.accepter_rapport_final(p, par=c.central, resume="Objectifs atteints.").projet
    assert p.statut == Statut.TERMINE

    etapes = list(p.decisions.values_list("etape", "de_statut", "vers_statut", "auteur"))
    assert etapes == [
        ("soumission", "brouillon", "comite_creneau", c.coordination.pk),
        ("resolution", "comite_creneau", "comite_regional", c.secretaire.pk),
        ("comite_regional", "comite_regional", "ministere", c.president_regional.pk),
        ("analyse", "ministere", "ministere", c.dr.pk),
        ("decision_ministere", "ministere", "accepte", c.central.pk),
        ("convention", "accepte", "en_realisation", c.dr.pk),
        ("versement", "en_realisation", "en_realisation", c.central.pk),
        ("desengagement", "en_realisation", "en_realisation", c.central.pk),
        ("rapport_final", "en_realisation", "termine", c.central.pk),
    ]
    resolution = p.decisions.get(etape="resolution")
    assert (resolution.numero_resolution, resolution.comite, resolution.reunion) == (
        "CC-MEUBLE-2026-07",
        c.comite_creneau,
        c.reunion_creneau,
    )
    assert (resolution.votes_pour, resolution.votes_contre, resolution.abstentions) == (5, 0, 0)
    assert p.version == 10
    assert p.history.first().history_user == c.central


def test_renvoye_puis_resoumis_le_projet_garde_son_numero():
    c = circuit()
    p = actions.soumettre(c.projet(), par=c.coordination).projet
    numero = p.numero
    vote = _vote(c.reunion_creneau, p, pour=0, proposition="renvoyer")
    p = en_seance.renvoyer(p, par=c.secretaire, motif="Précisez les partenaires.", **vote).projet
    assert p.statut == Statut.A_COMPLETER
    p = actions.soumettre(p, par=c.coordination).projet
    assert (p.statut, p.numero) == (Statut.COMITE_CRENEAU, numero)
    assert p.decisions.filter(etape="soumission").count() == 2


@pytest.mark.parametrize(
    ("verbe", "statut", "vers"),
    [
        ("rejeter_resolution", Statut.COMITE_CRENEAU, Statut.REFUSE_CRENEAU),
        ("refuser_regional", Statut.COMITE_REGIONAL, Statut.REFUSE_REGIONAL),
        ("renvoyer", Statut.COMITE_REGIONAL, Statut.A_COMPLETER),
        ("refuser", Statut.MINISTERE, Statut.REFUSE_MINISTERE),
        ("demander_complement", Statut.MINISTERE, Statut.A_COMPLETER),
        ("retirer", Statut.EN_REALISATION, Statut.RETIRE),
    ],
)
def test_les_autres_issues(verbe, statut, vers):
    c = circuit()
    projet = c.projet(statut=statut)
    acteur, kwargs = CAS[verbe](c, projet)
    d = _verbe(verbe)(projet, par=getattr(c, acteur[0]), **kwargs)
    assert (d.de_statut, d.vers_statut, d.projet.statut) == (statut, vers, vers)
    assert d.motif


# ---------------------------------------------------------------------------------------------
# Who may act: allowed for the right role, refused for every other one (nothing changes)

ACTEURS = {
    "coordination": lambda m: m["c"].coordination,
    "secretaire": lambda m: m["c"].secretaire,
    "membre": lambda m: m["c"].membre,
    "president_regional": lambda m: m["c"].president_regional,
    "dr": lambda m: m["c"].dr,
    "central": lambda m: m["c"].central,
    "coordination d'un autre créneau": lambda m: m["voisin"].coordination,
    "secrétaire d'un autre créneau": lambda m: m["voisin"].secretaire,
    "comité régional d'une autre région": lambda m: m["loin"].president_regional,
    "direction régionale d'une autre région": lambda m: m["loin"].dr,
    "anonyme": lambda m: AnonymousUser(),
}

# verb → (who may, kwargs(circuit)); the state it starts from is in ETATS.
CAS = {
    "soumettre": lambda c, p: (["coordination"], {}),
    "retirer": lambda c, p: (["coordination"], {"motif": "Le partenaire principal se retire."}),
    "adopter_resolution": lambda c, p: (["secretaire"], _vote(c.reunion_creneau, p)),
    "rejeter_resolution": lambda c, p: (["secretaire"], {"motif": "Hors stratégie.", **_vote(c.reunion_creneau, p, 1, 4)}),
    "renvoyer": lambda c, p: (
        ["president_regional"],
        {"motif": "Budget à préciser.", **_vote(c.reunion_regionale, p, proposition="renvoyer")},
    ),
    "approuver_regional": lambda c, p: (["president_regional"], _vote(c.reunion_regionale, p)),
    "refuser_regional": lambda c, p: (
        ["president_regional"],
        {"motif": "Hors priorités.", **_vote(c.reunion_regionale, p, 0, 5)},
    ),
    "analyser": lambda c, p: (["dr"], {"texte": "Admissible ; recommandé."}),
    "demander_complement": lambda c, p: (["dr", "central"], {"motif": "Lettres d'appui manquantes."}),
    "accepter": lambda c, p: (["central"], {"montant": Decimal("50000")}),
    "refuser": lambda c, p: (["central"], {"motif": "Enveloppe réservée à d'autres priorités."}),
    "signer_convention": lambda c, p: (["dr", "central"], {}),
    "enregistrer_versement": lambda c, p: (["dr", "central"], {"date": datetime.date(2026, 10, 1), "montant": Decimal("1000")}),
    "accepter_rapport_final": lambda c, p: (["dr", "central"], {"resume": "Résultats atteints."}),
    "desengager": lambda c, p: (["dr", "central"], {"motif": "Solde non réclamé."}),
    "transferer": lambda c, p: (["dr", "central"], {"motif": "Fusion des créneaux.", "creneau": CreneauFactory()}),
    "retirer_avec_creneau": lambda c, p: (["dr", "central"], {"motif": "Créneau retiré."}),
}
ETATS = {
    "soumettre": Statut.BROUILLON,
    "retirer": Statut.COMITE_REGIONAL,
    "adopter_resolution": Statut.COMITE_CRENEAU,
    "rejeter_resolution": Statut.COMITE_CRENEAU,
    "renvoyer": Statut.COMITE_REGIONAL,
    "approuver_regional": Statut.COMITE_REGIONAL,
    "refuser_regional": Statut.COMITE_REGIONAL,
    "analyser": Statut.MINISTERE,
    "demander_complement": Statut.MINISTERE,
    "accepter": Statut.MINISTERE,
    "refuser": Statut.MINISTERE,
    "signer_convention": Statut.ACCEPTE,
    "enregistrer_versement": Statut.EN_REALISATION,
    "accepter_rapport_final": Statut.EN_REALISATION,
    "desengager": Statut.EN_REALISATION,
    "transferer": Statut.COMITE_REGIONAL,
    "retirer_avec_creneau": Statut.EN_REALISATION,
}
# A state from which the verb is impossible, even for the right person.
MAUVAIS_ETAT = {
    "soumettre": Statut.MINISTERE,
    "retirer": Statut.TERMINE,
    "adopter_resolution": Statut.BROUILLON,
    "rejeter_resolution": Statut.COMITE_REGIONAL,
    "renvoyer": Statut.MINISTERE,
    "approuver_regional": Statut.COMITE_CRENEAU,
    "refuser_regional": Statut.MINISTERE,
    "analyser": Statut.COMITE_REGIONAL,
    "demander_complement": Statut.ACCEPTE,
    "accepter": Statut.COMITE_REGIONAL,
    "refuser": Statut.ACCEPTE,
    "signer_convention": Statut.MINISTERE,
    "enregistrer_versement": Statut.ACCEPTE,
    "accepter_rapport_final": Statut.TERMINE,
    "desengager": Statut.ACCEPTE,
    "transferer": Statut.TERMINE,
    "retirer_avec_creneau": Statut.REFUSE_MINISTERE,
}


def test_chaque_transition_du_graphe_a_son_verbe_et_ses_cas():
    transitions = {nom[1:] for nom in dir(Projet) if hasattr(getattr(Projet, nom), "_django_fsm")}
    assert set(CAS) == set(ETATS) == set(MAUVAIS_ETAT) == transitions
    assert all(callable(getattr(actions, verbe)) for verbe in transitions)


@pytest.fixture
def monde():
    c = circuit("17")
    return {"c": c, "voisin": circuit("17", voisin=c), "loin": circuit("01", voisin=c)}


@pytest.mark.parametrize("verbe", list(CAS))
def test_seul_le_bon_role_peut_agir(verbe, monde):
    if verbe in VERBES_DU_COMITE:
        pytest.skip("Qui décide, quand et avec quel motif : vérifié par la séance (tests/seances), plus par ce verbe.")
    c = monde["c"]
    projet = c.projet(statut=ETATS[verbe])
    autorises, kwargs = CAS[verbe](c, projet)
    avant = _etat(projet)
    for nom, acteur in ACTEURS.items():
        if nom in autorises:
            continue
        with pytest.raises(ActionRefusee) as refus:
            _verbe(verbe)(projet, par=acteur(monde), **kwargs)
        assert refus.value.message, nom
        assert not isinstance(refus.value, Conflit), nom
        assert _etat(projet) == avant, f"{verbe} refusé à {nom} a changé le projet"

    for nom in autorises:
        projet = c.projet(statut=ETATS[verbe])
        if verbe == "accepter_rapport_final":  # closing needs the grant fully paid
            Versement.objects.create(projet=projet, date=projet.date_debut, montant=projet.montant_accorde)
        kwargs = CAS[verbe](c, projet)[1]  # fresh résolution number, the vote on this project open
        avant = Decision.objects.filter(projet=projet).count()
        decision = _verbe(verbe)(projet, par=ACTEURS[nom](monde), **kwargs)
        assert decision.pk and decision.auteur == ACTEURS[nom](monde)
        assert Decision.objects.filter(projet=projet).count() == avant + 1
        assert Projet.objects.get(pk=projet.pk).version == projet.version + 1


@pytest.mark.parametrize("verbe", list(CAS))
def test_refuse_dans_le_mauvais_etat(verbe):
    c = circuit()
    projet = c.projet(statut=MAUVAIS_ETAT[verbe])
    autorises, kwargs = CAS[verbe](c, projet)
    avant = _etat(projet)
    with pytest.raises(ActionRefusee, match="état actuel|n'est pas devant ce comité"):
        _verbe(verbe)(projet, par=getattr(c, autorises[0]), **kwargs)
    assert _etat(projet) == avant


def test_un_projet_refuse_ou_termine_ne_se_retire_plus():
    c = circuit()
    for statut in (Statut.REFUSE_CRENEAU, Statut.REFUSE_MINISTERE, Statut.TERMINE, Statut.RETIRE):
        with pytest.raises(ActionRefusee, match="Action impossible dans l'état actuel du projet"):
            actions.retirer(c.projet(statut=statut), par=c.coordination, motif="Trop tard.")


def test_le_comite_interregional_decide_pour_un_creneau_interregional_et_sa_region_porteuse_approuve():
    c = circuit("01")
    c.creneau.autres_regions.set([region("09"), region("11")])
    inter = ComiteFactory(creneau=c.creneau, type=Comite.Type.INTERREGIONAL, nom="Comité interrégional")
    secretaire = MandatFactory(comite=inter, role=Mandat.Role.SECRETAIRE, personne=PersonneFactory(avec_compte=True))
    reunion = ReunionFactory(comite=inter)
    reunion.presents.set([secretaire.personne])
    p = c.projet(statut=Statut.COMITE_CRENEAU)
    p = en_seance.adopter_resolution(p, par=secretaire.personne.user, **_vote(reunion, p, 1)).projet
    assert p.statut == Statut.COMITE_REGIONAL
    autre = circuit("09", voisin=c)
    with pytest.raises(ActionRefusee, match="n'est pas celle d'un comité qui décide de ce projet"):
        en_seance.approuver_regional(p, par=autre.president_regional, **_vote(autre.reunion_regionale, p))
    p = en_seance.approuver_regional(p, par=c.president_regional, **_vote(c.reunion_regionale, p)).projet
    assert p.statut == Statut.MINISTERE


# ---------------------------------------------------------------------------------------------
# Résolutions are made in meetings (docs/circuit.md)


def _refus_resolution(c, projet, secretaire=None, reunion=None, **vote):
    avant = _etat(projet)
    with pytest.raises(ActionRefusee) as refus:
        en_seance.adopter_resolution(
            projet, par=secretaire or c.secretaire, **{**_vote(reunion or c.reunion_creneau, projet), **vote}
        )
    assert _etat(projet) == avant
    return refus.value


def test_un_conflit_declare_par_le_secretariat_est_aussi_note():
    c = circuit()
    declare = c.membres_creneau[1]
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    d = en_seance.adopter_resolution(projet, par=c.secretaire, en_conflit=[declare], **_vote(c.reunion_creneau, projet, pour=4))
    assert list(d.en_conflit.all()) == [declare]


def _executif_delegue(c):
    """A comité exécutif to which the règlement delegates résolutions; its président·e sits on the
    comité de créneau as a plain member."""
    executif = ComiteFactory(creneau=c.creneau, type=Comite.Type.EXECUTIF, parent=c.comite_creneau, delegation_resolutions=True)
    plume = MandatFactory(comite=executif, role=Mandat.Role.PRESIDENT, personne=c.membres_creneau[-1]).personne
    reunion = ReunionFactory(comite=executif)
    reunion.presents.set([plume])
    return executif, plume.user, reunion


def test_un_comite_executif_delegue_adopte_les_resolutions():
    c = circuit()
    executif, president, reunion = _executif_delegue(c)
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    d = en_seance.adopter_resolution(projet, par=president, **_vote(reunion, projet, 1))
    assert d.comite == executif


COMITE = ["adopter_resolution", "rejeter_resolution", "renvoyer", "approuver_regional", "refuser_regional"]


# ---------------------------------------------------------------------------------------------
# Guards of the other verbs


def test_soumettre_exige_un_budget_conforme_et_dit_ou():
    c = circuit()
    projet = c.projet(partenaires=[])
    avant = _etat(projet)
    with pytest.raises(ActionRefusee) as refus:
        actions.soumettre(projet, par=c.coordination)
    assert set(refus.value.erreurs) == {"partenaires"}
    assert "au moins 3 entités partenaires" in refus.value.message
    assert _etat(projet) == avant


def test_le_montant_accorde_respecte_la_demande_et_les_regles():
    c = circuit()
    projet = c.projet(statut=Statut.MINISTERE)
    for montant, message in [
        (Decimal("0"), "supérieur à zéro"),
        (Decimal("50000.01"), "dépasse l'aide demandée"),
    ]:
        with pytest.raises(ActionRefusee, match=message) as refus:
            actions.accepter(projet, par=c.central, montant=montant)
        assert refus.value.champ == "montant"
    assert _etat(projet)[0] == Statut.MINISTERE


def test_les_versements_ne_depassent_pas_le_montant_accorde():
    c = circuit()
    projet = c.projet(statut=Statut.EN_REALISATION)  # 50 000 $ accordés
    p = actions.enregistrer_versement(projet, par=c.central, date=datetime.date(2026, 9, 1), montant=Decimal("30000")).projet
    p = actions.enregistrer_versement(p, par=c.dr, date=datetime.date(2026, 11, 1), montant=Decimal("20000")).projet
    with pytest.raises(ActionRefusee, match="dépasserait le montant accordé") as refus:
        actions.enregistrer_versement(p, par=c.central, date=datetime.date(2026, 11, 2), montant=Decimal("0.01"))
    assert refus.value.champ == "montant"
    assert Versement.objects.filter(projet=p).count() == 2


def test_le_rapport_final_depose_par_la_coordination_est_accepte_par_le_ministere():
    c = circuit()
    projet = c.projet(statut=Statut.EN_REALISATION)
    projet = actions.enregistrer_versement(projet, par=c.central, date=datetime.date(2026, 9, 1), montant=Decimal("50000")).projet
    with pytest.raises(ActionRefusee, match="Aucun rapport final"):
        actions.accepter_rapport_final(projet, par=c.central)
    with pytest.raises(ActionRefusee, match="Réservé à la coordination du créneau de ce projet"):
        actions.deposer_rapport_final(projet, par=c.dr, resume="Bilan.")
    actions.deposer_rapport_final(projet, par=c.coordination, resume="Bilan des retombées.")
    actions.accepter_rapport_final(projet, par=c.dr)
    rapport = RapportFinal.objects.get(projet=projet)
    assert rapport.resume == "Bilan des retombées." and rapport.accepte_le


@pytest.mark.parametrize(
    "verbe", ["retirer", "refuser", "demander_complement", "refuser_regional", "rejeter_resolution", "renvoyer"]
)
def test_un_motif_est_exige(verbe):
    if verbe in VERBES_DU_COMITE:
        pytest.skip("Qui décide, quand et avec quel motif : vérifié par la séance (tests/seances), plus par ce verbe.")
    c = circuit()
    projet = c.projet(statut=ETATS[verbe])
    autorises, kwargs = CAS[verbe](c, projet)
    with pytest.raises(ActionRefusee) as refus:
        _verbe(verbe)(projet, par=getattr(c, autorises[0]), **{**kwargs, "motif": "  "})
    assert refus.value.champ == "motif"


def test_une_version_perimee_est_un_conflit_qui_nomme_l_auteur():
    c = circuit()
    projet = c.projet()
    lu = Projet.objects.get(pk=projet.pk)
    actions.soumettre(projet, par=c.coordination)
    with pytest.raises(Conflit, match="modifié entre-temps par"):
        actions.retirer(lu, par=c.coordination, motif="Doublon.")
    with pytest.raises(Conflit):
        actions.retirer(Projet.objects.get(pk=projet.pk), par=c.coordination, motif="Doublon.", version=1)


def test_modifier_brouillon_verrouille_et_monte_la_version():
    c = circuit()
    projet = c.projet()
    p = actions.modifier_brouillon(projet, par=c.coordination, version=1, donnees={"titre": "Nouveau titre", "version_lue": 1})
    p = Projet.objects.get(pk=projet.pk)
    assert (p.titre, p.version) == ("Nouveau titre", 2)
    assert p.history.first().history_user == c.coordination
    assert p.history.first().history_change_reason == "Brouillon modifié"
    with pytest.raises(Conflit):
        actions.modifier_brouillon(projet, par=c.coordination, version=1, donnees={"titre": "Perdu"})
    with pytest.raises(ActionRefusee, match="Réservé à la coordination du créneau de ce projet"):
        actions.modifier_brouillon(projet, par=c.dr, version=2, donnees={"titre": "Perdu"})
    assert Projet.objects.get(pk=projet.pk).titre == "Nouveau titre"


def test_modifier_brouillon_remplace_les_lignes_du_budget_et_peut_soumettre():
    c = circuit()
    projet = c.projet()
    garde = projet.depenses.first()
    depenses = [{"id": garde, "categorie": "honoraires", "montant": Decimal("60000"), "admissible": True}]
    financements = [
        {"source": "fsdce", "montant": Decimal("30000")},
        {"source": "porteur", "montant": Decimal("30000")},
        {"source": "prive", "montant": Decimal("5"), "DELETE": True},
    ]
    d = actions.modifier_brouillon(projet, par=c.coordination, depenses=depenses, financements=financements, puis_soumettre=True)
    assert (d.statut, d.numero is not None) == (Statut.COMITE_CRENEAU, True)
    assert list(d.depenses.values_list("pk", "montant")) == [(garde.pk, Decimal("60000"))]
    assert sorted(d.financements.values_list("source", flat=True)) == ["fsdce", "porteur"]
    assert d.montant_demande == Decimal("30000") and d.decisions.get().montant == Decimal("30000")


def test_modifier_brouillon_refuse_sur_les_champs_saisis_seulement():
    c = circuit()
    projet = c.projet(porteur=OrganisationFactory(type=Organisation.Type.PUBLIC))  # not eligible: told, not refused
    inverses = {"date_debut": datetime.date(2026, 9, 1), "date_fin": datetime.date(2026, 8, 31)}
    with pytest.raises(ActionRefusee) as refus:
        actions.modifier_brouillon(projet, par=c.coordination, donnees=inverses)
    assert set(refus.value.erreurs) == {"date_fin", "porteur"}  # every error listed…
    assert Projet.objects.get(pk=projet.pk).version == projet.version  # …nothing saved
    p = actions.modifier_brouillon(projet, par=c.coordination, donnees={"description": "Précisée."})
    assert (p.description, p.version) == ("Précisée.", projet.version + 1)
    with pytest.raises(ActionRefusee) as refus:
        actions.modifier_brouillon(p, par=c.coordination, puis_soumettre=True)
    assert "porteur" in refus.value.erreurs
    assert Projet.objects.get(pk=projet.pk).statut == Statut.BROUILLON


def test_creer_un_brouillon():
    c = circuit()
    programme = c.projet().programme
    p = actions.creer(c.creneau, par=c.coordination, titre="  Veille partagée ", programme=programme)
    assert (p.titre, p.statut, p.cree_par, p.version) == ("Veille partagée", Statut.BROUILLON, c.coordination, 1)
    assert p.history.get().history_change_reason == "Création du brouillon"
    with pytest.raises(ActionRefusee) as refus:
        actions.creer(circuit("05").creneau, par=c.coordination, titre="Ailleurs", programme=programme)
    assert refus.value.champ == "creneau"
    with pytest.raises(ActionRefusee) as refus:
        actions.creer(c.creneau, par=c.coordination, titre=" ", programme=programme)
    assert refus.value.champ == "titre"


def test_les_decisions_ne_se_modifient_ni_ne_se_suppriment():
    from django.core.exceptions import ValidationError

    c = circuit()
    d = actions.soumettre(c.projet(), par=c.coordination)
    d.motif = "réécrit"
    with pytest.raises(ValidationError):
        d.save()
    with pytest.raises(ValidationError):
        d.delete()


# ---------------------------------------------------------------------------------------------
# People are told, after commit only


def test_les_courriels_partent_apres_le_commit_seulement(mailoutbox, django_capture_on_commit_callbacks):
    c = circuit()
    projet = c.projet(statut=Statut.COMITE_CRENEAU)
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        en_seance.adopter_resolution(projet, par=c.secretaire, **_vote(c.reunion_creneau, projet))
    assert mailoutbox == []
    for rappel in rappels:
        rappel()
    destinataires = {m.to[0]: m for m in mailoutbox}
    assert c.president_regional.email in destinataires  # must act next
    assert c.coordination.email in destinataires  # told of the outcome
    assert c.secretaire.email not in destinataires  # the author
    assert "À traiter" in destinataires[c.president_regional.email].subject
    assert "/projets/" in destinataires[c.president_regional.email].body


def test_au_ministere_la_direction_regionale_et_le_central_sont_avises(mailoutbox, django_capture_on_commit_callbacks):
    c = circuit()
    with django_capture_on_commit_callbacks(execute=True):
        projet = c.projet(statut=Statut.COMITE_REGIONAL)
        en_seance.approuver_regional(projet, par=c.president_regional, **_vote(c.reunion_regionale, projet))
    assert {c.dr.email, c.central.email} <= {m.to[0] for m in mailoutbox}


# ---------------------------------------------------------------------------------------------
# « À traiter »: each one sees what waits for them, oldest first


def _quoi(user):
    return [(t.titre.split(" – ", 1)[1], t.quoi) for t in a_traiter(user)]


def test_a_traiter_pour_chaque_role(django_assert_max_num_queries):
    c = circuit()
    voisin = circuit(voisin=c)
    vieux = timezone.now() - datetime.timedelta(days=30)
    brouillon = c.projet(titre="Brouillon", statut_depuis=vieux)
    c.projet(titre="Au comité de créneau", statut=Statut.COMITE_CRENEAU)
    c.projet(titre="Au comité régional", statut=Statut.COMITE_REGIONAL)
    voisin.projet(titre="Voisin au comité régional", statut=Statut.COMITE_REGIONAL, statut_depuis=vieux)
    c.projet(titre="Au Ministère", statut=Statut.MINISTERE, analyse=False)
    c.projet(titre="Analysé au Ministère", statut=Statut.MINISTERE)
    c.projet(titre="Accepté", statut=Statut.ACCEPTE)
    voisin.projet(titre="Voisin en brouillon")
    c.projet(titre="Terminé", statut=Statut.TERMINE)

    assert _quoi(c.coordination) == [("Brouillon", "Compléter et soumettre le projet")]
    assert _quoi(c.secretaire) == [("Au comité de créneau", "À décider en séance du comité de créneau")]
    assert [t for t, _q in _quoi(c.president_regional)] == ["Voisin au comité régional", "Au comité régional"]
    assert _quoi(c.dr) == [("Au Ministère", "Analyser le projet (direction régionale)")]
    # The bureau central decides only what the direction régionale has analysed.
    assert [t for t, _q in _quoi(c.central)] == ["Analysé au Ministère", "Accepté"]
    assert _quoi(c.membre) == []
    assert a_traiter(AnonymousUser()) == []
    tache = a_traiter(c.coordination)[0]
    assert tache.url == brouillon.get_absolute_url() and tache.attente >= datetime.timedelta(days=29)
    assert tache in taches_de(c.coordination)  # registered on the home page

    c.central._accord_roles = None
    with django_assert_max_num_queries(4):  # roles (3) + one query for the tasks
        a_traiter(c.central)


def test_a_traiter_l_analyse_faite_passe_de_la_direction_regionale_au_bureau_central():
    c = circuit()
    projet = c.projet(statut=Statut.MINISTERE, analyse=False)
    assert [t for t, _q in _quoi(c.dr)] == [projet.titre]
    assert _quoi(c.central) == []
    actions.analyser(projet, par=c.dr, texte="Favorable.")
    assert _quoi(c.dr) == []
    assert [t for t, _q in _quoi(c.central)] == [projet.titre]


def test_a_traiter_reste_borne_quel_que_soit_le_nombre_de_projets(django_assert_max_num_queries):
    c = circuit()
    for n in (5, 50):
        for _i in range(n - Projet.objects.count()):
            c.projet(statut=Statut.MINISTERE, budget=False, partenaires=[OrganisationFactory()])
        c.central._accord_roles = None
        with django_assert_max_num_queries(4):
            assert len(a_traiter(c.central)) == n
