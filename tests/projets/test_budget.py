"""Budget rules of the FSDCE (PADS): rates per applicant type at their boundaries, cumulated
government aid, partners, dates, programme dates. Rules come from the data migration."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from creneaux.models import Organisation
from projets import budget
from projets.models import Financement, RegleAide
from tests.factories import OrganisationFactory, ProgrammeFactory, ProjetFactory, fsdce

pytestmark = pytest.mark.django_db

D = Decimal
NBSP = "\xa0"


ZERO = D(0)
CENT_MILLE = D("100000")


def _erreurs(porteur_type=Organisation.Type.ASSOCIATION, *, fsdce_demande, gouv=ZERO, couts=CENT_MILLE, **kwargs):
    """A balanced budget: eligible costs `couts`, FSDCE `fsdce_demande`, other government aid
    `gouv`, the porteur paying the rest; porteur + two partners."""
    programme = kwargs.pop("programme", None) or fsdce()
    porteur = OrganisationFactory(type=porteur_type)
    financements = [
        {"source": Financement.Source.FSDCE, "montant": fsdce_demande},
        {"source": Financement.Source.FEDERAL, "montant": gouv},
        {"source": Financement.Source.PORTEUR, "montant": couts - fsdce_demande - gouv},
    ]
    donnees = {
        "porteur": porteur,
        "partenaires": OrganisationFactory.create_batch(2),
        "date_debut": datetime.date(2026, 6, 1),
        "date_fin": datetime.date(2027, 5, 31),
        "depenses": [{"montant": couts, "admissible": True}],
        "financements": financements,
        **kwargs,
    }
    erreurs = budget.controler_budget(programme, **donnees)
    # Amounts are written with non-breaking spaces; compare with plain ones.
    return {cle: [m.replace(NBSP, " ") for m in messages] for cle, messages in erreurs.items()}


def test_le_programme_fsdce_par_defaut_porte_les_regles_du_pads():
    p = fsdce()
    regles = {r.type_porteur: (r.taux_max, r.taux_cumul_max, r.exceptionnel) for r in p.regles.all()}
    assert regles["entreprise"] == (D("0.4"), D("0.5"), True)
    for organisme in ("association", "recherche", "enseignement", "developpement", "obnl", "municipalite", "cooperative"):
        assert regles[organisme] == (D("0.5"), D("0.7"), False)
    assert "public" not in regles
    assert (p.minimum_partenaires, p.fermeture, p.montant_max) == (3, None, None)
    assert p.ouvert_le(datetime.date(2026, 4, 1))
    enveloppes = {e.region.code: e.montant for e in p.enveloppes.select_related("region")}
    assert len(enveloppes) == 17
    assert enveloppes["17"] == D("4000000") and enveloppes["01"] == D("4800000") and enveloppes["06"] == D("4000000")
    assert sum(m == D("4800000") for m in enveloppes.values()) == 7


def test_un_organisme_peut_demander_exactement_50_pourcent():
    assert _erreurs(fsdce_demande=D("50000.00")) == {}


def test_un_cent_de_plus_que_50_pourcent_est_refuse_avec_un_message_precis():
    erreurs = _erreurs(fsdce_demande=D("50000.01"))
    assert erreurs == {"financements": ["L'aide demandée (50 000,01 $) dépasse 50 % des coûts admissibles (50 000,00 $)."]}


def test_une_entreprise_est_limitee_a_40_pourcent():
    assert _erreurs(Organisation.Type.ENTREPRISE, fsdce_demande=D("40000")) == {}
    assert "dépasse 40" in _erreurs(Organisation.Type.ENTREPRISE, fsdce_demande=D("40000.01"))["financements"][0]


def test_le_cumul_des_aides_gouvernementales_d_un_organisme_est_limite_a_70_pourcent():
    assert _erreurs(fsdce_demande=D("50000"), gouv=D("20000")) == {}
    erreurs = _erreurs(fsdce_demande=D("50000"), gouv=D("20000.01"))
    assert erreurs["financements"] == [
        "Le cumul des aides gouvernementales (70 000,01 $) dépasse 70 % des coûts admissibles (70 000,00 $)."
    ]


def test_le_cumul_d_une_entreprise_est_limite_a_50_pourcent():
    assert _erreurs(Organisation.Type.ENTREPRISE, fsdce_demande=D("40000"), gouv=D("10000")) == {}
    assert "dépasse 50" in _erreurs(Organisation.Type.ENTREPRISE, fsdce_demande=D("40000"), gouv=D("10000.01"))["financements"][0]


def test_un_organisme_public_n_est_pas_admissible():
    erreurs = _erreurs(Organisation.Type.PUBLIC, fsdce_demande=D("10000"))
    assert erreurs == {
        "porteur": ["Les organisations de type « Ministère ou organisme public » ne sont pas admissibles au programme FSDCE."]
    }


def test_les_depenses_non_admissibles_ne_comptent_pas_dans_la_base():
    erreurs = _erreurs(
        fsdce_demande=D("50000"),
        couts=D("100000"),
        depenses=[{"montant": D("90000"), "admissible": True}, {"montant": D("10000"), "admissible": False}],
    )
    assert "(45 000,00 $)" in erreurs["financements"][0]


def test_le_financement_doit_egaler_le_cout():
    erreurs = _erreurs(fsdce_demande=D("10000"), depenses=[{"montant": D("100000.01"), "admissible": True}])
    assert erreurs["financements"] == ["Le financement total (100 000,00 $) doit égaler le coût total du projet (100 000,01 $)."]


def test_trois_entites_partenaires_porteur_compris_et_distinctes():
    porteur = OrganisationFactory()
    partenaire = OrganisationFactory()
    erreurs = _erreurs(fsdce_demande=D("1000"), porteur=porteur, partenaires=[partenaire, porteur])
    assert erreurs == {
        "partenaires": ["Le projet doit réunir au moins 3 entités partenaires distinctes, porteur compris ; il en compte 2."]
    }
    assert _erreurs(fsdce_demande=D("1000"), porteur=porteur, partenaires=[partenaire, OrganisationFactory()]) == {}


def test_la_fin_ne_precede_pas_le_debut():
    erreurs = _erreurs(fsdce_demande=D("1000"), date_debut=datetime.date(2027, 1, 1), date_fin=datetime.date(2026, 12, 31))
    assert erreurs == {"date_fin": ["La fin du projet précède son début."]}


def test_un_programme_ferme_au_depot_refuse_la_soumission():
    ferme = ProgrammeFactory(sigle="ANCIEN", ouverture=datetime.date(2015, 4, 1), fermeture=datetime.date(2020, 3, 31))
    RegleAide.objects.create(programme=ferme, type_porteur="association", taux_max=D("0.5"), taux_cumul_max=D("0.7"))
    assert _erreurs(fsdce_demande=D("1000"), programme=ferme) == {
        "programme": [f"Le programme ANCIEN n'accepte pas de dépôt le {date_format(timezone.localdate(), 'j F Y')}."]
    }
    assert _erreurs(fsdce_demande=D("1000"), programme=ferme, jour=datetime.date(2019, 6, 1)) == {}


def test_l_aide_maximale_du_programme():
    p = fsdce()
    p.montant_max = D("25000")
    assert _erreurs(fsdce_demande=D("25000"), programme=p) == {}
    assert "l'aide maximale du programme FSDCE" in _erreurs(fsdce_demande=D("25000.01"), programme=p)["financements"][0]


def test_un_brouillon_s_enregistre_incomplet_mais_pas_au_dela_des_plafonds():
    p = fsdce()
    assert budget.controler_budget(p, complet=False) == {}
    assert (
        budget.controler_budget(
            p, porteur=OrganisationFactory(), depenses=[{"montant": D("100"), "admissible": True}], complet=False
        )
        == {}
    )
    erreurs = budget.controler_budget(
        p,
        porteur=OrganisationFactory(),
        depenses=[{"montant": D("100"), "admissible": True}],
        financements=[{"source": "fsdce", "montant": D("60")}],
        complet=False,
    )
    assert list(erreurs) == ["financements"]
    assert set(budget.controler_budget(p)) == {"porteur", "partenaires", "financements", "date_debut"}


def test_les_lignes_supprimees_ou_vides_d_un_formset_sont_ignorees():
    t = budget.totaux(
        [{"montant": D("100"), "admissible": True}, {"montant": D("900"), "admissible": True, "DELETE": True}, {}],
        [{"source": "fsdce", "montant": D("50")}, {"source": "federal", "montant": None}],
    )
    assert (t.cout_total, t.cout_admissible, t.montant_demande, t.aide_gouvernementale) == (D(100), D(100), D(50), D(50))
    assert t.taux_aide == D("0.5") and t.ecart == D(-50)


def test_un_projet_enregistre_de_la_fabrique_est_conforme():
    projet = ProjetFactory()
    assert budget.controler_projet(projet) == {}
    t = budget.totaux(projet.depenses.all(), projet.financements.all())
    assert (t.cout_total, t.montant_demande, t.taux_aide) == (D(100000), D(50000), D("0.5"))


@pytest.mark.parametrize(("taux", "texte"), [(D("0.5"), "50\xa0%"), (D("0.125"), "12,5\xa0%"), (D("0.4"), "40\xa0%")])
def test_format_taux(taux, texte):
    assert budget.format_taux(taux) == texte
