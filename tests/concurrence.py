"""Running actions truly at the same time, for the concurrency tests (PostgreSQL, transactional)."""

import threading

from django.db import connection


def en_meme_temps(*appels):
    """Run each callable in its own thread (own DB connection), released together; return what
    each returned or raised, in order."""
    depart = threading.Barrier(len(appels))
    resultats = [None] * len(appels)

    def lancer(i, appel):
        try:
            depart.wait()
            resultats[i] = appel()
        except Exception as e:  # noqa: BLE001 - the test inspects it
            resultats[i] = e
        finally:
            connection.close()

    fils = [threading.Thread(target=lancer, args=(i, a)) for i, a in enumerate(appels)]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=30)
    return resultats
