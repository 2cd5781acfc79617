"""Two people acting at once, on PostgreSQL with real threads and their own connections: exactly
one decision is recorded, the other gets a clear conflict; two grants cannot overspend an envelope."""

import time
from decimal import Decimal

import pytest

from noyau.actions import ActionRefusee, Conflit
from noyau.exercices import exercice_de
from projets import actions, numeros
from projets.actions import socle
from projets.models import Decision, Enveloppe, Projet, Statut
from tests.concurrence import en_meme_temps
from tests.factories import circuit, fsdce, point_ouvert, region
from tests.factories.seances import en_seance

# Every transactional test of the app lives here: pytest-django runs them after the others, as each
# one ends by emptying the tables (tests/conftest.py then reloads the data migrations' rows).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def verrou_tenu(monkeypatch):
    """Hold each action's locks a little longer, so the concurrent one surely waits on them."""
    notifier = socle._notifier

    def lent(*args):
        time.sleep(0.3)
        notifier(*args)

    monkeypatch.setattr(socle, "_notifier", lent)


def test_deux_decisions_simultanees_sur_le_meme_projet(verrou_tenu):
    c = circuit()
    projet = c.projet(statut=Statut.MINISTERE)
    version = projet.version  # both read the page at the same version

    a, b = en_meme_temps(
        lambda: actions.accepter(Projet.objects.get(pk=projet.pk), par=c.central, montant=Decimal("50000"), version=version),
        lambda: actions.refuser(Projet.objects.get(pk=projet.pk), par=c.central, motif="Hors cible.", version=version),
    )

    decisions = Decision.objects.filter(projet=projet, etape=Decision.Etape.DECISION_MINISTERE)
    assert decisions.count() == 1
    gagnant, perdant = (a, b) if isinstance(a, Decision) else (b, a)
    assert isinstance(gagnant, Decision)
    assert isinstance(perdant, Conflit)
    assert "modifié entre-temps par" in perdant.message
    p = Projet.objects.get(pk=projet.pk)
    assert p.statut == gagnant.vers_statut and p.version == version + 1


def test_la_meme_action_envoyee_deux_fois(verrou_tenu):
    c = circuit()
    projet = c.projet()
    resultats = en_meme_temps(*[lambda: actions.soumettre(Projet.objects.get(pk=projet.pk), par=c.coordination, version=1)] * 2)
    assert sum(isinstance(r, Decision) for r in resultats) == 1
    assert sum(isinstance(r, Conflit) for r in resultats) == 1
    assert Decision.objects.filter(projet=projet, etape="soumission").count() == 1


def test_deux_acceptations_simultanees_ne_depassent_pas_l_enveloppe(verrou_tenu):
    c = circuit()
    Enveloppe.objects.filter(programme=fsdce(), region=region("17")).update(montant=Decimal("80000"))
    p1, p2 = c.projet(statut=Statut.MINISTERE), c.projet(statut=Statut.MINISTERE)  # 50 000 $ each

    resultats = en_meme_temps(
        lambda: actions.accepter(Projet.objects.get(pk=p1.pk), par=c.central, montant=Decimal("50000")),
        lambda: actions.accepter(Projet.objects.get(pk=p2.pk), par=c.central, montant=Decimal("50000")),
    )

    assert sum(isinstance(r, Decision) for r in resultats) == 1
    refus = next(r for r in resultats if not isinstance(r, Decision))
    assert isinstance(refus, ActionRefusee) and not isinstance(refus, Conflit)
    assert "dépasse le disponible de l'enveloppe" in refus.message
    assert Projet.objects.filter(statut=Statut.ACCEPTE).count() == 1


def test_deux_requetes_simultanees_sur_la_page_du_projet(verrou_tenu):
    """The same through HTTP: two browsers post « Soumettre » from the same page at once."""
    from django.test import Client

    from projets.forms import SoumettreForm

    c = circuit()
    projet = c.projet()
    url = f"/projets/{projet.pk}/action/soumettre/"
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(c.coordination)
    donnees = {f"{SoumettreForm.prefixe}-version": projet.version}

    reponses = en_meme_temps(*[lambda client=client: client.post(url, donnees, follow=True) for client in clients])

    assert [r.status_code for r in reponses] == [200, 200]
    assert Decision.objects.filter(projet=projet).count() == 1
    pages = [r.content.decode() for r in reponses]
    assert sum("a été modifié entre-temps par" in p for p in pages) == 1
    assert Projet.objects.get(pk=projet.pk).statut == Statut.COMITE_CRENEAU


def test_numeros_uniques_meme_soumis_tous_en_meme_temps():
    c = circuit()
    projets = [c.projet() for _i in range(6)]
    resultats = en_meme_temps(*[lambda p=p: actions.soumettre(p, par=c.coordination) for p in projets])
    assert all(isinstance(r, Decision) for r in resultats), resultats
    obtenus = sorted(Projet.objects.values_list("numero", flat=True))
    assert obtenus == [numeros.formater("FSDCE", exercice_de(), "17", n) for n in range(1, 7)]


def test_un_numero_ne_se_prend_que_dans_une_transaction():
    with pytest.raises(RuntimeError):
        numeros.prochain_numero(fsdce(), 2026, region("17"))


def test_deux_approbations_simultanees_ne_depassent_pas_la_part_du_creneau(verrou_tenu):
    """Each asks 50 000 $; the créneau's share is 80 000 $: one approval passes, the other is refused
    with the figures (the envelope's row is locked while the share is judged)."""
    c = circuit()
    enveloppe = Enveloppe.objects.get(programme=fsdce(), region=region("17"))
    point_ouvert(c.reunion_regionale, enveloppe=enveloppe)
    en_seance.adopter_repartition(
        enveloppe,
        par=c.president_regional,
        reunion=c.reunion_regionale,
        numero="CR-17-REP-1",
        parts={c.creneau: Decimal("80000")},
    )
    p1, p2 = c.projet(statut=Statut.COMITE_REGIONAL), c.projet(statut=Statut.COMITE_REGIONAL)
    point_ouvert(c.reunion_regionale, p1)
    point_ouvert(c.reunion_regionale, p2)

    def approuver(p, numero):
        return lambda: en_seance.approuver_regional(
            Projet.objects.get(pk=p.pk), par=c.president_regional, reunion=c.reunion_regionale, numero=numero, pour=5
        )

    a, b = en_meme_temps(approuver(p1, "CR-A"), approuver(p2, "CR-B"))
    gagnant, perdant = (a, b) if isinstance(a, Decision) else (b, a)
    assert isinstance(gagnant, Decision)
    assert isinstance(perdant, ActionRefusee) and "part du créneau" in perdant.message
    assert Projet.objects.filter(statut=Statut.MINISTERE).count() == 1
