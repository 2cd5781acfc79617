"""Filter forms of the lists (projects, créneaux, organisations, bilans), drawn without crispy:
a list page redraws its filters on every request, and crispy's per-field rendering was half of
the project list's time (docs/performance.md). The widgets get Bootstrap's classes here; the
template `includes/champ_filtre.html` draws label, widget, help and errors."""

from django import forms


def classes_bootstrap(form):
    """Give each visible widget of `form` (and each half of a min–max pair) its Bootstrap class."""
    for champ in form.fields.values():
        widgets = getattr(champ.widget, "widgets", [champ.widget])
        for widget in widgets:
            if isinstance(widget, forms.HiddenInput):
                continue
            classe = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {classe}".strip()
    return form


class FiltresBootstrap:
    """FilterSet mixin: its form comes with Bootstrap's classes."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            classes_bootstrap(super().form)
        return self._form
