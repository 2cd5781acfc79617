"""Small server-side SVG charts (horizontal bars, stacked or not): sharp in print, no JavaScript."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from noyau.formats import format_argent

COULEURS = ("#095797", "#e58a00", "#9fb6cc", "#4a7c59", "#8c1c13")
POLICE = "Liberation Sans, DejaVu Sans, sans-serif"


def barres_empilees(items, series, largeur=720, formater=None, titre=""):
    """Horizontal bars, one per (label, [value per serie]) item; `series` names each stacked part.

    The total is written at the end of each bar (money by default). The chart carries its text
    alternative (`titre`, then each label with its values), read by screen readers on the page
    and in tagged PDFs.
    """
    formater = formater or (lambda v: format_argent(v, 0))
    haut_ligne, marge_libelle, marge_valeur = 17, 190, 95
    legende = 22 if len(series) > 1 else 0
    hauteur = legende + haut_ligne * len(items) + 4
    zone = largeur - marge_libelle - marge_valeur
    maximum = max((sum(valeurs, Decimal(0)) for _l, valeurs in items), default=0) or 1
    alternative = escape(texte_alternatif(titre, items, series, formater))
    morceaux = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {largeur} {hauteur}" width="{largeur}" height="{hauteur}" '
        f'font-family="{POLICE}" font-size="10" role="img" aria-label="{alternative}"><title>{alternative}</title>'
    ]
    x = marge_libelle
    for i, nom in enumerate(series if legende else ()):
        morceaux.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{COULEURS[i % len(COULEURS)]}"/>')
        morceaux.append(f'<text x="{x + 14}" y="13">{escape(nom)}</text>')
        x += 24 + 6 * len(str(nom))
    for rang, (libelle, valeurs) in enumerate(items):
        y = legende + rang * haut_ligne
        morceaux.append(f'<text x="{marge_libelle - 6}" y="{y + 12}" text-anchor="end">{escape(_court(str(libelle)))}</text>')
        x = Decimal(marge_libelle)
        for i, valeur in enumerate(valeurs):
            w = Decimal(valeur) * zone / maximum
            if w > 0:
                couleur = COULEURS[i % len(COULEURS)]
                morceaux.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{haut_ligne - 5}" fill="{couleur}"/>')
            x += w
        total = formater(sum(valeurs, Decimal(0)))
        morceaux.append(f'<text x="{x + 4:.1f}" y="{y + 12}" fill="#333">{escape(total)}</text>')
    morceaux.append("</svg>")
    return mark_safe("".join(morceaux))


def texte_alternatif(titre, items, series, formater):
    """The chart in words: « Titre. Libellé : valeur (série) ; … »."""
    nommees = [str(s) for s in series if str(s)]
    parties = []
    for libelle, valeurs in items:
        if nommees:
            detail = ", ".join(f"{nom} {formater(v)}" for nom, v in zip(nommees, valeurs, strict=False))
            parties.append(f"{libelle} : {formater(sum(valeurs, Decimal(0)))} ({detail})")
        else:
            parties.append(f"{libelle} : {formater(sum(valeurs, Decimal(0)))}")
    return ". ".join(p for p in (str(titre), " ; ".join(parties)) if p)


def barres(items, **options):
    """One bar per (label, value)."""
    return barres_empilees([(libelle, [valeur]) for libelle, valeur in items], [""], **options)


def _court(texte, n=34):
    return texte if len(texte) <= n else texte[: n - 1] + "…"
