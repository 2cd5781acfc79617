"""Spreadsheet cells that never run: text typed by users that begins with = + - @, a tab or a
carriage return would be read as a formula by Excel or LibreOffice (OWASP « CSV injection »).
Such text is written with a leading apostrophe in CSV; in XLSX it is a string cell. Numbers —
real numbers, or a number already formatted as text such as « -12,50 » — stay numbers."""

import csv
import re
from decimal import Decimal

DEBUTS_DANGEREUX = ("=", "+", "-", "@", "\t", "\r")
_NOMBRE = re.compile(r"[+-]?\d[\d\s\u00a0\u202f]*([.,]\d+)?\s*%?")


def est_dangereux(valeur):
    return isinstance(valeur, str) and valeur.startswith(DEBUTS_DANGEREUX) and not _NOMBRE.fullmatch(valeur)


def cellule_csv(valeur):
    """A CSV cell: dangerous text prefixed by an apostrophe; a number with a decimal comma and no
    grouping (« 12500,00 », what a fr-CA spreadsheet reads); everything else as it is."""
    if isinstance(valeur, Decimal | float):
        return str(valeur).replace(".", ",")
    return "'" + valeur if est_dangereux(valeur) else valeur


def rangee_csv(rangee):
    return [cellule_csv(v) for v in rangee]


class EcrivainCsv:
    """csv.writer whose every row goes through rangee_csv."""

    def __init__(self, flux, **options):
        self._ecrivain = csv.writer(flux, **options)

    def writerow(self, rangee):
        return self._ecrivain.writerow(rangee_csv(rangee))

    def writerows(self, rangees):
        for rangee in rangees:
            self.writerow(rangee)


def ecrivain_csv(flux, **options):
    return EcrivainCsv(flux, **options)
