"""Demo data of this app (called by `manage.py demo`)."""


def charger(echelle=1, sortie=None):
    return []
