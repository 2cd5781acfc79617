"""The regional envelope: granted, pending and available, split by créneau; the Ministère cannot
grant more than what is available."""

from decimal import Decimal

import pytest

from noyau.actions import ActionRefusee
from projets import actions, enveloppes
from projets.models import Enveloppe, Statut
from tests.factories import CreneauFactory, ProjetFactory, circuit, fsdce, region

pytestmark = pytest.mark.django_db
D = Decimal


def test_accorde_en_attente_et_disponible_par_creneau():
    c = circuit("17")
    voisin = circuit("17", voisin=c)
    for statut, montant in [(Statut.ACCEPTE, "100000"), (Statut.EN_REALISATION, "50000"), (Statut.TERMINE, "25000")]:
        c.projet(statut=statut, montant_accorde=D(montant))
    voisin.projet(statut=Statut.ACCEPTE, montant_accorde=D("200000"))
    c.projet(statut=Statut.MINISTERE)  # 50 000 $ requested, waiting for the Ministère
    voisin.projet(statut=Statut.MINISTERE)
    # Not counted: drafts, at the comités, refused, withdrawn, other region.
    for statut in (Statut.BROUILLON, Statut.COMITE_CRENEAU, Statut.COMITE_REGIONAL, Statut.REFUSE_MINISTERE, Statut.RETIRE):
        c.projet(statut=statut)
    ProjetFactory(creneau=CreneauFactory(region_porteuse=region("01")), statut=Statut.ACCEPTE)
    sans_projet = CreneauFactory(region_porteuse=region("17"), nom="Aaa sans projet")

    e = enveloppes.etat(fsdce(), region("17"))
    assert (e.montant, e.accorde, e.en_attente, e.disponible) == (D(4000000), D(375000), D(100000), D(3625000))
    parts = {p.creneau: (p.accorde, p.en_attente) for p in e.par_creneau}
    assert parts == {c.creneau: (D(175000), D(50000)), voisin.creneau: (D(200000), D(50000)), sans_projet: (0, 0)}
    assert e.par_creneau[0].creneau == sans_projet  # alphabetical
    assert parts[c.creneau][0] / e.montant == next(p for p in e.par_creneau if p.creneau == c.creneau).part_de(e.montant)


def test_etat_en_un_nombre_fixe_de_requetes(django_assert_num_queries):
    c = circuit("17")
    programme, centre = fsdce(), region("17")
    for n in (5, 50):
        while c.creneau.projets.count() < n:
            c.projet(statut=Statut.ACCEPTE, budget=False, partenaires=[])
            CreneauFactory(region_porteuse=c.creneau.region_porteuse)
        with django_assert_num_queries(5):
            e = enveloppes.etat(programme, centre)
        assert e.accorde == D(50000) * n


def test_le_ministere_ne_peut_accorder_plus_que_le_disponible():
    c = circuit("17")
    Enveloppe.objects.filter(programme=fsdce(), region=region("17")).update(montant=D("120000"))
    c.projet(statut=Statut.EN_REALISATION, montant_accorde=D("80000"))
    projet = c.projet(statut=Statut.MINISTERE)  # asks 50 000 $; 40 000 $ available
    with pytest.raises(ActionRefusee) as refus:
        actions.accepter(projet, par=c.central, montant=D("40000.01"))
    assert refus.value.champ == "montant"
    assert refus.value.message.replace("\xa0", " ") == (
        "Le montant accordé (40 000,01 $) dépasse le disponible de l'enveloppe Centre-du-Québec (40 000,00 $)."
    )
    d = actions.accepter(projet, par=c.central, montant=D("40000"))
    assert enveloppes.etat(fsdce(), region("17")).disponible == 0
    assert d.montant == D("40000")


def test_le_montant_accorde_respecte_les_regles_du_programme():
    c = circuit("17")
    # 100 000 $ of eligible costs, 50 000 $ asked, and 30 000 $ of other Québec aid: the cumulated
    # aid caps the grant at 70 000 − 30 000 = 40 000 $.
    projet = c.projet(statut=Statut.MINISTERE)
    projet.financements.filter(source="porteur").update(source="quebec")
    with pytest.raises(ActionRefusee, match="cumul des aides gouvernementales"):
        actions.accepter(projet, par=c.central, montant=D("40000.01"))
    assert actions.accepter(projet, par=c.central, montant=D("40000")).projet.statut == Statut.ACCEPTE


def test_un_interregional_compte_dans_sa_region_porteuse():
    c = circuit("01")
    c.creneau.autres_regions.set([region("09")])
    c.projet(statut=Statut.ACCEPTE, montant_accorde=D("10000"))
    assert enveloppes.etat(fsdce(), region("01")).accorde == D(10000)
    assert enveloppes.etat(fsdce(), region("09")).accorde == 0
    assert enveloppes.etat(fsdce(), region("01")).montant == D(4800000)


def test_sans_enveloppe_pour_la_region_le_ministere_ne_peut_rien_accorder():
    c = circuit("17")
    Enveloppe.objects.filter(programme=fsdce(), region=region("17")).delete()
    with pytest.raises(ActionRefusee, match="n'a pas d'enveloppe pour la région Centre-du-Québec"):
        actions.accepter(c.projet(statut=Statut.MINISTERE), par=c.central, montant=D("1000"))
    assert enveloppes.etat(fsdce(), region("17")).montant == 0
