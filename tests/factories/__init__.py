"""All test data factories, one module per app; import them from here."""

from tests.factories.activites import *  # noqa: F403
from tests.factories.bilans import *  # noqa: F403
from tests.factories.comptes import *  # noqa: F403
from tests.factories.creneaux import *  # noqa: F403
from tests.factories.plans import *  # noqa: F403
from tests.factories.projets import *  # noqa: F403
from tests.factories.rapports import *  # noqa: F403
from tests.factories.regions import *  # noqa: F403
from tests.factories.seances import *  # noqa: F403
