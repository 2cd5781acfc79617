"""django-import-export widgets for cells as people type them: « 12 500,00 $ », 15/01/2023 or an
Excel serial date, a region by its code or name, a choice by its label. A cell that cannot be
read raises ValueError with a message for the person who typed it (shown next to the cell)."""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from import_export import widgets

from regions.models import Region

EPOQUE_EXCEL = datetime.date(1899, 12, 30)
_ESPACES = re.compile(r"[\s\u00a0\u202f]")


def _sans_accents(texte):
    texte = unicodedata.normalize("NFKD", str(texte)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", texte.lower()).strip()


def texte(valeur):
    """A cell as text: Excel's 1234567890.0 (a NEQ typed as a number) reads « 1234567890 »."""
    if valeur is None:
        return ""
    if isinstance(valeur, float) and valeur.is_integer():
        valeur = int(valeur)
    return str(valeur).strip()


class Texte(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return texte(value)


class Date(widgets.Widget):
    """2023-01-15, 15/01/2023, 2023/01/15, a real date (XLSX) or an Excel serial number."""

    FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y", "%d.%m.%Y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        valeur = texte(value)
        if not valeur:
            return None
        if re.fullmatch(r"\d{4,5}(\.0+)?", valeur):
            return EPOQUE_EXCEL + datetime.timedelta(days=int(float(valeur)))
        valeur = valeur.split(" ")[0].split("T")[0]
        for format_ in self.FORMATS:
            try:
                return datetime.datetime.strptime(valeur, format_).date()
            except ValueError:
                continue
        raise ValueError(_("« %(v)s » n'est pas une date (AAAA-MM-JJ, JJ/MM/AAAA ou date Excel).") % {"v": valeur})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


def montant(valeur):
    """« 12 500,00 $ », « 12500.5 », « 1,234.56 », 12500.0 → Decimal (two places); '' → None."""
    if isinstance(valeur, Decimal | int | float) and not isinstance(valeur, bool):
        return Decimal(str(valeur)).quantize(Decimal("0.01"))
    brut = texte(valeur)
    propre = _ESPACES.sub("", brut).replace("$", "")
    if not propre:
        return None
    if "," in propre and "." in propre:
        decimale = "," if propre.rfind(",") > propre.rfind(".") else "."
        milliers = "." if decimale == "," else ","
        propre = propre.replace(milliers, "").replace(decimale, ".")
    else:
        propre = propre.replace(",", ".")
    try:
        return Decimal(propre).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(_("« %(v)s » n'est pas un montant (p. ex. 12 500,00 $).") % {"v": brut}) from None


class Montant(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return montant(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value).replace(".", ",")


class Entier(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        valeur = texte(value)
        if not valeur:
            return None
        if not re.fullmatch(r"\d+", valeur):
            raise ValueError(_("« %(v)s » n'est pas un nombre entier.") % {"v": valeur})
        return int(valeur)


class Choix(widgets.Widget):
    """A choice by its value (« reconnu ») or its label (« Reconnu »), accents and case aside."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        valeur = texte(value)
        if not valeur:
            return ""
        cle = _sans_accents(valeur)
        for code, libelle in self.choices:
            if cle in (_sans_accents(code), _sans_accents(libelle)):
                return code
        permis = ", ".join(str(libelle) for _c, libelle in self.choices)
        raise ValueError(_("« %(v)s » n'est pas une valeur permise (%(permis)s).") % {"v": valeur, "permis": permis})

    def render(self, value, obj=None, **kwargs):
        return value or ""


def region(valeur):
    """A region by its code (« 4 », « 04 ») or its name (accents and case aside); '' → None."""
    valeur = texte(valeur)
    if not valeur:
        return None
    if re.fullmatch(r"\d{1,2}", valeur):
        trouvee = Region.objects.filter(code=valeur.zfill(2)).first()
    else:
        cle = _sans_accents(valeur)
        trouvee = next((r for r in Region.objects.all() if _sans_accents(r.nom) == cle), None)
    if trouvee is None:
        raise ValueError(_("Région inconnue : « %(v)s » (code de 01 à 17 ou nom officiel).") % {"v": valeur})
    return trouvee


class UneRegion(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return region(value)

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class Regions(widgets.ManyToManyWidget):
    """Several regions in one cell, separated by `;`, `,` or `|`."""

    def __init__(self, **kwargs):
        super().__init__(Region, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        parties = [p for p in re.split(r"[;,|]", texte(value)) if p.strip()]
        return [region(p) for p in parties]

    def render(self, value, obj=None, **kwargs):
        return ";".join(r.code for r in value.all()) if value is not None else ""


class ParCle(widgets.Widget):
    """A related row found by a function of the cell and its row: `trouver(valeur, row)` returns
    the object or raises ValueError with a message; an empty cell is None."""

    def __init__(self, trouver, rendu=str, **kwargs):
        self.trouver = trouver
        self.rendu = rendu
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        valeur = texte(value)
        return self.trouver(valeur, row or {}) if valeur else None

    def render(self, value, obj=None, **kwargs):
        return self.rendu(value) if value is not None else ""
