"""Every date the portal records lies between 1990 and 2100 (ACCORD began in 2002; a year 9999
typed by mistake would break sorting, reports and the fiscal-year arithmetic)."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from noyau.actions import ActionRefusee

DATE_MIN = datetime.date(1990, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)


def hors_bornes(valeur) -> str:
    """The refusal message for `valeur` (a date or datetime) out of bounds, or ""."""
    if valeur is None:
        return ""
    jour = valeur.date() if isinstance(valeur, datetime.datetime) else valeur
    if DATE_MIN <= jour <= DATE_MAX:
        return ""
    return _("La date doit être comprise entre le %(min)s et le %(max)s.") % {
        "min": date_format(DATE_MIN, "j F Y"),
        "max": date_format(DATE_MAX, "j F Y"),
    }


def exiger_date_bornee(valeur, champ):
    """For verbs: refuse a date out of bounds on form field `champ`."""
    if message := hors_bornes(valeur):
        raise ActionRefusee(message, champ=champ)
    return valeur
