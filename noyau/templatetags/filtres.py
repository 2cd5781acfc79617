"""`{% widget_de_filtre champ %}`: a list's filter widget, its <select> drawn in Python.

Django draws each <option> with a template of its own; a filter form redrawn on every list
request (hundreds of options: créneaux, regions, states) spent most of its time there. The
options, their order and what is selected come from the widget itself (`get_context`), so the
markup is the one Django's templates give; any other widget is drawn by Django."""

from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def widget_de_filtre(champ):
    widget = champ.field.widget
    if not isinstance(widget, forms.Select) or isinstance(widget, forms.RadioSelect):
        return champ.as_widget()
    attrs = champ.build_widget_attrs({}, widget)
    if champ.auto_id and "id" not in widget.attrs:
        attrs["id"] = champ.auto_id
    contexte = widget.get_context(champ.html_name, champ.value(), attrs)["widget"]
    options = []
    for groupe, sous_options, _index in contexte["optgroups"]:
        rendues = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((o["value"], flatatt(o["attrs"]), o["label"]) for o in sous_options),
        )
        options.append(format_html('<optgroup label="{}">{}</optgroup>', groupe, rendues) if groupe else rendues)
    return format_html(
        '<select name="{}"{}>{}</select>',
        contexte["name"],
        flatatt(contexte["attrs"]),
        format_html_join("", "{}", ((o,) for o in options)),
    )
