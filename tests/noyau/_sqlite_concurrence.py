"""Run by tests/noyau/test_sqlite.py in a process of its own, on the SQLite file given: two people
submit the same draft at the same moment, each in a thread with its own connection. Prints one
outcome per thread: "ok", "conflit" or the unexpected exception."""

import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.update(DATABASE_URL=f"sqlite:///{sys.argv[1]}", DJANGO_SETTINGS_MODULE="accord.settings", DEBUG="1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

call_command("migrate", verbosity=0)

from noyau.actions import Conflit  # noqa: E402
from projets import actions, budget  # noqa: E402
from projets.models import Projet  # noqa: E402
from tests.factories import circuit  # noqa: E402

c = circuit()
projet = c.projet()
connection.close()

# Both transactions must overlap: the rule check is made slow, inside the verb's transaction.
depart, controler = threading.Barrier(2), budget.controler_projet


def lent(p):
    threading.Event().wait(0.5)
    return controler(p)


budget.controler_projet = lent
issues = []


def deposer():
    p = Projet.objects.get(pk=projet.pk)
    depart.wait()
    try:
        actions.soumettre(p, par=c.coordination, version=p.version)
        issues.append("ok")
    except Conflit:
        issues.append("conflit")
    except Exception as e:  # what a view would turn into a 500
        issues.append(f"{type(e).__name__}: {e}")
    finally:
        connection.close()


fils = [threading.Thread(target=deposer) for _ in range(2)]
for f in fils:
    f.start()
for f in fils:
    f.join()
print(" | ".join(sorted(issues)))
