"""The test databases of a parallel run: migrated once, copied for each process.

Migrating takes about half a minute per process, and three processes migrating at once share two
cores. The first pytest-xdist worker migrates its database as usual; it then copies it, as a
template, under the run's model name (`test_<base>_<run>_modele`); every other worker creates its
own database from that template (PostgreSQL `CREATE DATABASE … TEMPLATE`, about a second). Each
worker still serializes its rows for the transactional tests (serialized_rollback).
"""

import fcntl
import os
import tempfile
from pathlib import Path

# A new process knows the run's databases by this variable, set by the run's main process
# (tests/conftest.py) before the workers start; accord/settings_test.py names the databases after it.
VARIABLE = "TEST_RUN"


def nommer_execution():
    os.environ.setdefault(VARIABLE, f"p{os.getpid()}")


def _postgres(connection):
    """A connection to the server's maintenance database (CREATE/DROP DATABASE)."""
    import psycopg2

    reglages = connection.settings_dict
    cx = psycopg2.connect(
        dbname="postgres",
        user=reglages["USER"],
        password=reglages["PASSWORD"],
        host=reglages["HOST"],
        port=reglages["PORT"] or None,
    )
    cx.autocommit = True
    return cx


def preparer(verbosity, serialized_aliases):
    """setup_databases() for this worker, from the run's model when there is one; the
    configuration teardown_databases() takes."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or connection.vendor != "postgresql":
        return setup_databases(verbosity=verbosity, interactive=False, serialized_aliases=serialized_aliases)
    nom = connection.creation._get_test_db_name()
    modele = f"{nom.removesuffix(f'_{worker}')}_modele"
    with open(Path(tempfile.gettempdir()) / f"{modele}.verrou", "w") as verrou:
        fcntl.flock(verrou, fcntl.LOCK_EX)
        cx = _postgres(connection)
        with cx.cursor() as curseur:
            curseur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [modele])
            existe = curseur.fetchone()
        if not existe:
            configuration = setup_databases(verbosity=verbosity, interactive=False, serialized_aliases=serialized_aliases)
            connection.close()  # a template takes no open connection
            with cx.cursor() as curseur:
                curseur.execute(f'CREATE DATABASE "{modele}" TEMPLATE "{nom}"')
            cx.close()
            return configuration
        with cx.cursor() as curseur:
            curseur.execute(f'DROP DATABASE IF EXISTS "{nom}"')
            curseur.execute(f'CREATE DATABASE "{nom}" TEMPLATE "{modele}"')
        cx.close()
    ancien = connection.settings_dict["NAME"]
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = nom
    connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    return [(connection, ancien, True)]


def effacer_modele():
    """End of the run (main process): drop the model database, if the run made one."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    modele = f"test_{connection.settings_dict['NAME']}_{os.environ[VARIABLE]}_modele"
    cx = _postgres(connection)
    with cx.cursor() as curseur:
        curseur.execute(f'DROP DATABASE IF EXISTS "{modele}" WITH (FORCE)')
    cx.close()
    (Path(tempfile.gettempdir()) / f"{modele}.verrou").unlink(missing_ok=True)
