"""Exercice financier of the Québec government: 1 April to 31 March, named by its start year."""

from datetime import date

from django.utils import timezone


def exercice_de(jour: date | None = None) -> int:
    jour = jour or timezone.localdate()
    return jour.year if jour.month >= 4 else jour.year - 1


def bornes(exercice: int) -> tuple[date, date]:
    return date(exercice, 4, 1), date(exercice + 1, 3, 31)


def libelle(exercice: int) -> str:
    return f"{exercice}-{exercice + 1}"


def code_court(exercice: int) -> str:
    """2026 → '2026-27', as used in project numbers."""
    return f"{exercice}-{(exercice + 1) % 100:02d}"
