"""The cast of the créneaux tests: one créneau in Centre-du-Québec and the people around it."""

import pytest

from creneaux.models import Comite, Mandat
from tests.factories import (
    AffectationMinistereFactory,
    ComiteFactory,
    ComiteRegionalFactory,
    CoordinationFactory,
    CreneauFactory,
    MandatFactory,
    PersonneFactory,
    UserFactory,
    region,
)


@pytest.fixture
def creneau(db):
    return CreneauFactory(nom="Meuble", slug="meuble-centre-du-quebec", region_porteuse=region("17"))


@pytest.fixture
def autre_creneau(db):
    """A créneau of another region (Bas-Saint-Laurent)."""
    return CreneauFactory(nom="Écoconstruction", slug="ecoconstruction", region_porteuse=region("01"))


@pytest.fixture
def comite(creneau):
    return ComiteFactory(creneau=creneau)


@pytest.fixture
def coordination(creneau):
    return CoordinationFactory(creneau=creneau).personne.user


@pytest.fixture
def coordination_autre(autre_creneau):
    return CoordinationFactory(creneau=autre_creneau).personne.user


def _membre(comite, role, college=Mandat.College.AFFAIRES):
    return MandatFactory(comite=comite, role=role, college=college, personne=PersonneFactory(avec_compte=True)).personne.user


@pytest.fixture
def secretaire(comite):
    return _membre(comite, Mandat.Role.SECRETAIRE, Mandat.College.INTERVENANT)


@pytest.fixture
def membre(comite):
    return _membre(comite, Mandat.Role.MEMBRE)


@pytest.fixture
def comite_regional(db):
    return ComiteRegionalFactory(region=region("17"))


@pytest.fixture
def president_regional(comite_regional):
    return _membre(comite_regional, Mandat.Role.PRESIDENT)


@pytest.fixture
def dr_centre(db):
    return AffectationMinistereFactory(region=region("17")).user


@pytest.fixture
def dr_autre(db):
    return AffectationMinistereFactory(region=region("01")).user


@pytest.fixture
def central(db):
    return AffectationMinistereFactory(niveau="central", region=None).user


@pytest.fixture
def sans_role(db):
    return UserFactory()


@pytest.fixture
def executif(comite):
    return ComiteFactory(creneau=comite.creneau, type=Comite.Type.EXECUTIF, parent=comite, nom="Exécutif")
