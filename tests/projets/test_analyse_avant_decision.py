"""The bureau central accepts or refuses a project only once the direction régionale has analysed
its current passage at the Ministère; asking for a complement needs no analysis."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from noyau.actions import ActionRefusee
from noyau.horloge import maintenant
from noyau.permissions import verifier
from projets import actions, selectors
from projets.models import Decision, Projet, Statut
from tests.factories import circuit

pytestmark = pytest.mark.django_db

ATTENTE = "En attente de l'analyse de la direction régionale."
DECIDER = {
    "accepter": lambda p, c: actions.accepter(p, par=c.central, montant=Decimal("50000")),
    "refuser": lambda p, c: actions.refuser(p, par=c.central, motif="Hors cible."),
}


@pytest.mark.parametrize("verbe", DECIDER)
def test_sans_analyse_le_bureau_central_ne_decide_pas(verbe):
    c = circuit()
    projet = c.projet(statut=Statut.MINISTERE, analyse=False)
    assert verifier(f"projets.{verbe}", c.central, projet).raison == ATTENTE
    assert verifier(f"projets.{verbe}", c.dr, projet).raison == "Réservé au Ministère (bureau central)."
    with pytest.raises(ActionRefusee) as refus:
        DECIDER[verbe](projet, c)
    assert refus.value.message == ATTENTE
    p = Projet.objects.get(pk=projet.pk)
    assert (p.statut, p.version, p.montant_accorde, p.decisions.count()) == (Statut.MINISTERE, projet.version, None, 0)


@pytest.mark.parametrize("verbe", DECIDER)
def test_apres_l_analyse_de_la_direction_regionale_le_bureau_central_decide(verbe):
    c = circuit()
    projet = c.projet(statut=Statut.MINISTERE, analyse=False)
    projet = actions.analyser(projet, par=c.dr, texte="Conforme.").projet
    assert verifier(f"projets.{verbe}", c.central, projet).ok
    assert DECIDER[verbe](projet, c).etape == Decision.Etape.DECISION_MINISTERE


@pytest.mark.parametrize("qui", ["dr", "central"])
def test_le_complement_se_demande_sans_analyse(qui):
    c = circuit()
    projet = c.projet(statut=Statut.MINISTERE, analyse=False)
    d = actions.demander_complement(projet, par=getattr(c, qui), motif="Ajoutez le plan de financement signé.")
    assert d.projet.statut == Statut.A_COMPLETER


def test_une_analyse_d_avant_un_aller_retour_a_completer_ne_compte_pas():
    c = circuit()
    projet = c.projet(statut=Statut.MINISTERE, analyse=False)
    projet = actions.analyser(projet, par=c.dr, texte="Favorable.", recommandation="accepter", montant_recommande="50000").projet
    actions.demander_complement(projet, par=c.central, motif="Précisez les partenaires.")
    # Completed, resubmitted and approved again by the comité régional (its séances elsewhere).
    Projet.objects.filter(pk=projet.pk).update(statut=Statut.MINISTERE, statut_depuis=maintenant())
    projet = Projet.objects.get(pk=projet.pk)
    assert selectors.derniere_analyse(projet) is None
    assert verifier("projets.accepter", c.central, projet).raison == ATTENTE
    with pytest.raises(ActionRefusee, match=ATTENTE):
        actions.refuser(projet, par=c.central, motif="Hors cible.")
    nouvelle = actions.analyser(projet, par=c.dr, texte="Toujours favorable.")
    assert selectors.derniere_analyse(Projet.objects.get(pk=projet.pk)) == nouvelle
    # The new analysis has no recommendation: the old one's amount binds nothing.
    assert actions.accepter(nouvelle.projet, par=c.central, montant=Decimal("40000")).projet.statut == Statut.ACCEPTE


def test_la_fiche_dit_au_bureau_central_qu_il_attend_l_analyse(client):
    c = circuit()
    projet = c.projet(statut=Statut.MINISTERE, analyse=False)
    client.force_login(c.central)
    url = reverse("projets:detail", args=[projet.pk])
    reponse = client.get(url)
    form = next(a["form"] for a in reponse.context["actions"] if a["cle"] == "ministere")
    assert [v for v, _l in form.fields["issue"].choices] == ["demander_complement"]
    assert "montant" not in form.fields
    page = reponse.content.decode()
    assert f'<p id="attente-analyse" class="small text-body-secondary">{escape(ATTENTE)}</p>' in page
    assert 'value="accepter"' not in page and 'value="refuser"' not in page
    # Forged: an acceptance posted anyway is refused and nothing changes.
    data = {"ministere-version": projet.version, "ministere-issue": "accepter", "ministere-montant": "45000"}
    assert client.post(reverse("projets:agir", args=[projet.pk, "ministere"]), data).status_code == 200
    assert Projet.objects.get(pk=projet.pk).statut == Statut.MINISTERE

    actions.analyser(projet, par=c.dr, texte="Conforme.")
    reponse = client.get(url)
    form = next(a["form"] for a in reponse.context["actions"] if a["cle"] == "ministere")
    assert [v for v, _l in form.fields["issue"].choices] == ["accepter", "refuser", "demander_complement"]
    assert "attente-analyse" not in reponse.content.decode()


def test_enregistrer_deux_fois_la_meme_analyse_n_ajoute_pas_d_entree():
    c = circuit()
    projet = c.projet(statut=Statut.MINISTERE, analyse=False)
    avis = {"texte": "Favorable.", "recommandation": "accepter", "montant_recommande": "45000"}
    premiere = actions.analyser(projet, par=c.dr, **avis)
    # The analyst saves the same form again (the page shows it filled in): nothing new is recorded.
    encore = actions.analyser(premiere.projet, par=c.dr, **{**avis, "montant_recommande": "45000.00"})
    assert encore == premiere
    assert (Projet.objects.get(pk=projet.pk).version, projet.decisions.count()) == (premiere.projet.version, 1)
    # An analysis that says something else is a new entry, the latest one.
    revue = actions.analyser(premiere.projet, par=c.dr, **{**avis, "montant_recommande": "40000"})
    assert projet.decisions.count() == 2 and selectors.derniere_analyse(revue.projet) == revue
    assert actions.analyser(revue.projet, par=c.dr, **{**avis, "texte": "Favorable, sous condition."}) != revue
    assert projet.decisions.count() == 3
