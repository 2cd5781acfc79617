"""`{% widget_de_filtre champ %}`: a list's filter widget, its <select> drawn in Python.

Django draws each <option> with a template of its own, and builds a dict of attributes for each
first; a filter form redrawn on every list request (hundreds of options: créneaux, regions,
states) spent most of its time there. Here the options, their order and what is selected come
from the widget's own choices and value (`format_value`), in one pass of string building; the
markup is the one Django gives (tests/noyau/test_filtres.py compares them). Any other widget is
drawn by Django."""

from html import escape

from django import forms, template
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

from noyau.html import texte_html

register = template.Library()


@register.simple_tag
def widget_de_filtre(champ):
    widget = champ.field.widget
    if not isinstance(widget, forms.Select) or isinstance(widget, forms.RadioSelect):
        return champ.as_widget()
    attrs = champ.build_widget_attrs({}, widget)
    if champ.auto_id and "id" not in widget.attrs:
        attrs["id"] = champ.auto_id
    attrs = widget.build_attrs(widget.attrs, attrs)
    if widget.allow_multiple_selected:
        attrs["multiple"] = True
    choisies = set(widget.format_value(champ.value()))
    # As Django's Select: a single choice selects its first match only.
    deja = False

    def option(valeur, libelle):
        nonlocal deja
        valeur = "" if valeur is None else str(valeur)
        choisie = valeur in choisies and (widget.allow_multiple_selected or not deja)
        deja = deja or choisie
        return f'<option value="{escape(valeur)}"{" selected" if choisie else ""}>{texte_html(libelle)}</option>'

    parties = []
    for valeur, libelle in widget.choices:
        if isinstance(libelle, (list, tuple)):
            dedans = "".join(option(v, etiquette) for v, etiquette in libelle)
            parties.append(f'<optgroup label="{texte_html(valeur)}">{dedans}</optgroup>')
        else:
            parties.append(option(valeur, libelle))
    return mark_safe(  # noqa: S308 -- every value and label above is escaped unless already safe
        f'<select name="{escape(champ.html_name)}"{flatatt(attrs)}>{"".join(parties)}</select>'
    )
