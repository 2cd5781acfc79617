"""Model fields shared by the apps."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

# Free text long enough for any real description (about four printed pages), short enough that a
# pasted document cannot make a page or a PDF crawl (a 10 000-character text prints in well under 2 s).
TEXTE_MAX = 10_000
# Reasons, comments, notes.
NOTE_MAX = 5_000


class TexteLibre(models.TextField):
    """A TextField whose length is bounded where it is typed: the form field shows the limit and
    refuses more with a message, and `full_clean()` (run by the verbs) checks it too."""

    def __init__(self, *args, max_length=TEXTE_MAX, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))


class LibellesDeChoix:
    """Model mixin: `get_<champ>_display()` reads its label in a mapping built once per field.

    Django rebuilds the whole {value: label} mapping at each call, hashing every lazy label (one
    translation lookup each): a list of 50 projects paid ~600 of them for its state badges. The
    mapping keeps the lazy labels themselves, so the label still comes out in the request's
    language. Listed before `models.Model` in the bases (Django binds the method when the class
    is built)."""

    def _get_FIELD_display(self, field):  # noqa: N802 -- the name Django calls
        libelles = field.__dict__.get("_libelles_de_choix")
        if libelles is None:
            libelles = field.__dict__["_libelles_de_choix"] = dict(make_hashable(field.flatchoices))
        valeur = getattr(self, field.attname)
        return force_str(libelles.get(make_hashable(valeur), valeur), strings_only=True)
