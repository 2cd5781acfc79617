"""HTML written in Python where a template per element would cost more than the page's data
(report tables, filter selects)."""

from html import escape

from django.utils.safestring import SafeData


def texte_html(valeur):
    """`valeur` as HTML text: escaped, unless already safe."""
    return str(valeur) if isinstance(valeur, SafeData) else escape(str(valeur))
