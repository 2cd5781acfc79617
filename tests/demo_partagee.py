"""The demo data set, built once per test run and shared by every test process.

Loading the demo runs hundreds of verbs (about 3 minutes on a 2-core machine). The first process
that needs it loads it for real, then copies the tables the load changed (PostgreSQL `COPY`,
binary) and the files it stored into a file named after the run; every other process, and every later module, replays
that copy in a few seconds. Both happen inside the caller's transaction, so the module's
rollback removes the demo as before.
"""

import fcntl
import io
import os
import pickle
import tempfile
from contextlib import contextmanager
from pathlib import Path

# Never copied: the schema's own bookkeeping.
_EXCLUES = {"django_migrations"}
# Named by the run's main process (tests/conftest.py); its workers inherit the variable.
VARIABLE = "ACCORD_DEMO_PARTAGEE"
_copie_du_processus = None


def nommer_copie():
    os.environ[VARIABLE] = str(Path(tempfile.gettempdir()) / f"accord-demo-{os.getpid()}.pickle")


def _tables(curseur):
    curseur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [t for (t,) in curseur.fetchall() if t not in _EXCLUES]


def _contenu(curseur, table):
    tampon = io.BytesIO()
    curseur.copy_expert(f'COPY "{table}" TO STDOUT WITH (FORMAT binary)', tampon)
    return tampon.getvalue()


def _referencantes(curseur, tables):
    """`tables` plus every table whose foreign keys point into it (TRUNCATE refuses to empty a
    table another one still references)."""
    curseur.execute("SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c WHERE c.contype = 'f'")
    liens = [(de.strip('"'), vers.strip('"')) for de, vers in curseur.fetchall()]
    resultat = set(tables)
    while True:
        ajout = {de for de, vers in liens if vers in resultat and de not in resultat and de not in _EXCLUES}
        if not ajout:
            return resultat
        resultat |= ajout


def _copier(curseur, avant):
    """The tables the load changed (and those referencing them), as they are now."""
    changees = {t for t in _tables(curseur) if _contenu(curseur, t) != avant.get(t)}
    return {t: _contenu(curseur, t) for t in sorted(_referencantes(curseur, changees))}


def _rejouer(curseur, copie):
    tables = ", ".join(f'"{t}"' for t in copie)
    curseur.execute(f"TRUNCATE {tables}")
    # The rows were valid where they were copied: the triggers that check invariants across tables
    # (and the foreign keys) would see them half-loaded. Off for this transaction only, as
    # pg_restore --disable-triggers does.
    curseur.execute("SET LOCAL session_replication_role = replica")

    for table, contenu in copie.items():
        curseur.copy_expert(f'COPY "{table}" FROM STDIN WITH (FORMAT binary)', io.BytesIO(contenu))
    curseur.execute("SET LOCAL session_replication_role = origin")
    # Ids keep coming after the copied rows (sequences are not part of the copy).
    curseur.execute(
        "SELECT t.relname, a.attname, s.relname FROM pg_depend d "
        "JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
        "JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
        "WHERE t.relname = ANY(%s)",
        [list(copie)],
    )
    for table, colonne, sequence in curseur.fetchall():
        curseur.execute(
            f'SELECT setval(\'"{sequence}"\', GREATEST((SELECT COALESCE(MAX("{colonne}"), 0) FROM "{table}"), '
            f'(SELECT last_value FROM "{sequence}")))'
        )


@contextmanager
def donnees_du_module(django_db_blocker, charger):
    """Data built once by `charger()` for a module's tests, inside a transaction rolled back after
    the module (a wider scope would keep it, and its locks, for tests that expect an empty
    database). Each test still runs in its own savepoint. Yields what `charger` returns."""
    from django.db import transaction

    enveloppe = transaction.atomic()
    # A test's wrapping transaction, as Django's TestCase marks its own: inside it the portal
    # behaves as in production (roles are cached across requests: creneaux.roles).
    enveloppe._from_testcase = True
    with django_db_blocker.unblock(), enveloppe:
        yield charger()
        transaction.set_rollback(True)


def charger_demo():
    """`manage.py demo` inside the current transaction: loaded for real by the run's first caller,
    replayed from its copy by the others."""
    from django.db import connection

    from creneaux.roles import invalider_roles

    global _copie_du_processus
    if not os.environ.get(VARIABLE):
        nommer_copie()  # a run started without tests/conftest.py's hook
    fichier = Path(os.environ[VARIABLE])
    with connection.cursor() as curseur:
        if _copie_du_processus is None:
            with open(f"{fichier}.verrou", "w") as verrou:
                fcntl.flock(verrou, fcntl.LOCK_EX)  # the others wait while the first one loads
                if not fichier.exists():
                    _copie_du_processus = _charger_et_copier(curseur)
                    partiel = fichier.with_suffix(".partiel")
                    partiel.write_bytes(pickle.dumps(_copie_du_processus))
                    partiel.rename(fichier)
                    return
                _copie_du_processus = pickle.loads(fichier.read_bytes())
        _rejouer(curseur, _copie_du_processus["tables"])
    # The replay wrote without signals: cached roles of reused ids would be stale.
    invalider_roles()


def _charger_et_copier(curseur):
    from django.core.management import call_command
    from django.test import override_settings

    avant = {t: _contenu(curseur, t) for t in _tables(curseur)}
    # The files the load stores (dossiers, pieces) are kept with the rows: each test has its own
    # MEDIA_ROOT (tests/conftest.py), where ecrire_fichiers_de_la_demo puts them again.
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media), open(os.devnull, "w") as muet:
        call_command("demo", en_production=True, stdout=muet)
        fichiers = {str(f.relative_to(media)): f.read_bytes() for f in Path(media).rglob("*") if f.is_file()}
    return {"tables": _copier(curseur, avant), "fichiers": fichiers}


def ecrire_fichiers_de_la_demo(racine):
    """Write the demo's stored files under `racine`, the MEDIA_ROOT of a test using the demo."""
    for chemin, contenu in _copie_du_processus["fichiers"].items():
        f = Path(racine) / chemin
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(contenu)


def effacer_copie():
    """End of the run (main process): remove the shared copy."""
    if os.environ.get(VARIABLE):
        fichier = Path(os.environ[VARIABLE])
        for f in (fichier, Path(f"{fichier}.verrou"), fichier.with_suffix(".partiel")):
            f.unlink(missing_ok=True)
