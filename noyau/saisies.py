"""Reading what a client sends: the one parser of a whole number in a query or a form, and the
refusal of the NUL character, so a forged value gets a message, never a 500.

`str.isdigit()` accepts « ² » or « ٣ », which `int()` then refuses or reads as another number: only
the ASCII digits 0–9 make a number here.
"""

import re

from django.utils.translation import gettext_lazy as _

_CHIFFRES = re.compile(r"[0-9]{1,18}")

# The message next to a field whose text holds a NUL character (PostgreSQL cannot store it).
MESSAGE_NUL = _("Ce texte contient un caractère non permis (caractère nul).")


def entier(valeur):
    """`valeur` (str or int) as a non-negative int if it is written with the digits 0–9 only, else
    None."""
    if isinstance(valeur, int) and not isinstance(valeur, bool):
        return valeur if valeur >= 0 else None
    texte = str(valeur if valeur is not None else "").strip()
    return int(texte) if _CHIFFRES.fullmatch(texte) else None


def a_un_nul(texte) -> bool:
    return "\x00" in str(texte or "")
