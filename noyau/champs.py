"""Model fields shared by the apps."""

from django.core.validators import MaxLengthValidator
from django.db import models

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
