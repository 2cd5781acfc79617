"""Exercice financier of the Québec government: 1 April to 31 March, named by its start year."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from noyau.horloge import aujourdhui
from noyau.saisies import entier


def exercice_de(jour: date | None = None) -> int:
    jour = jour or aujourdhui()
    return jour.year if jour.month >= 4 else jour.year - 1


def bornes(exercice: int) -> tuple[date, date]:
    return date(exercice, 4, 1), date(exercice + 1, 3, 31)


def intervalle(exercice: int) -> tuple[datetime, datetime]:
    """Aware datetimes [start, end) of the exercice in the portal's time zone (America/Montreal)."""
    debut, fin = bornes(exercice)
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(debut, time.min), tz),
        timezone.make_aware(datetime.combine(fin + timedelta(days=1), time.min), tz),
    )


def libelle(exercice: int) -> str:
    return f"{exercice}-{exercice + 1}"


def code_court(exercice: int) -> str:
    """2026 → '2026-27', as used in project numbers."""
    return f"{exercice}-{(exercice + 1) % 100:02d}"


# Years a fiscal year parameter may name: what a date field of the portal can hold (docs/circuit.md).
PREMIER, DERNIER = 1990, 2100


def exercice_demande(valeur, defaut=None) -> int:
    """The exercice named by a query parameter (`?exercice=2026`), else `defaut` (the current one):
    one set of bounds for every page, so `?exercice=-1` or `9999` never reaches a date."""
    annee = entier(valeur)
    if annee is not None and PREMIER <= annee <= DERNIER:
        return annee
    return exercice_de() if defaut is None else defaut
