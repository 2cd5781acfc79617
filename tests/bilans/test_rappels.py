"""Daily reminders: every late créneau is reminded, whatever its bilans of other years, and the
command counts only the reminders actually e-mailed."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command

from bilans import actions
from bilans.models import RappelBilan
from bilans.rappels import en_retard, envoyer_rappels
from tests.bilans.conftest import EXERCICE, pret_a_soumettre
from tests.factories import CoordinationFactory, CreneauFactory

APRES_ECHEANCE = datetime.date(EXERCICE + 1, 7, 15)


def _depose(creneau, coordination, exercice, *, accepte_par=None):
    b = actions.ouvrir(creneau, par=coordination, exercice=exercice)
    b = actions.soumettre(pret_a_soumettre(b, coordination), par=coordination)
    return actions.accepter(b, par=accepte_par) if accepte_par else b


def test_un_bilan_accepte_d_une_autre_annee_ne_cache_pas_un_retard(monde, django_capture_on_commit_callbacks):
    # Meuble: last year's bilan accepted, this year's only a draft: it is late.
    _depose(monde.creneau, monde.coordination, EXERCICE - 1, accepte_par=monde.dr)
    actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    # Three more créneaux: one accepted this year, one submitted this year, one never opened any.
    accepte = CreneauFactory(nom="Accepté", region_porteuse=monde.creneau.region_porteuse)
    _depose(accepte, CoordinationFactory(creneau=accepte).personne.user, EXERCICE, accepte_par=monde.dr)
    soumis = CreneauFactory(nom="Soumis", region_porteuse=monde.creneau.region_porteuse)
    coord_soumis = CoordinationFactory(creneau=soumis).personne.user
    _depose(soumis, coord_soumis, EXERCICE)
    # …submitted this year but late for the year before: reminded only about that one.
    assert set(en_retard(EXERCICE, APRES_ECHEANCE)) == {monde.creneau, monde.autre}
    assert soumis in set(en_retard(EXERCICE - 1, APRES_ECHEANCE))
    assert monde.creneau not in set(en_retard(EXERCICE - 1, APRES_ECHEANCE))

    with django_capture_on_commit_callbacks(execute=True):
        rappeles = envoyer_rappels(jour=APRES_ECHEANCE)
    assert [c.nom for c in rappeles] == ["Aliments santé", "Meuble"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([monde.coordination.email, monde.coordination_autre.email])


def test_la_commande_ne_compte_que_les_rappels_envoyes(monde, django_capture_on_commit_callbacks):
    sans_coordination = CreneauFactory(nom="Orphelin", region_porteuse=monde.creneau.region_porteuse)
    sortie = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rappels_bilans", jour=APRES_ECHEANCE, stdout=sortie)
    texte = sortie.getvalue()
    assert "2 rappel(s) envoyé(s)." in texte
    assert "1 créneau(x) en retard sans coordination à joindre : Orphelin" in texte
    assert len(mail.outbox) == 2
    assert RappelBilan.objects.count() == 2
    assert not RappelBilan.objects.filter(creneau=sans_coordination).exists()


def test_rappel_par_exercice_et_par_jour(monde, django_capture_on_commit_callbacks):
    """A reminder for last year the same day does not stop the one for this year (and vice versa)."""
    with django_capture_on_commit_callbacks(execute=True):
        envoyer_rappels(jour=APRES_ECHEANCE, exercice=EXERCICE - 1)
        assert {c.nom for c in envoyer_rappels(jour=APRES_ECHEANCE, exercice=EXERCICE)} == {"Meuble", "Aliments santé"}
        assert envoyer_rappels(jour=APRES_ECHEANCE, exercice=EXERCICE) == []
    assert len(mail.outbox) == 4
