"""One way to check a rule in a view (a refused verdict is a 403 page stating its reason; an
anonymous user is sent to log in first), and one way to run a verb from a view (`agir`: form →
verb → refusal next to the field)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from noyau.actions import ActionRefusee
from noyau.permissions import verifier


def refuser_si(verdict, request):
    """Turn a refused `verdict` into the login page (anonymous) or a 403 with its reason."""
    if verdict.ok:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(verdict.raison)


class RegleRequiseMixin:
    """Refuse the view unless rule `regle` allows the user on `get_objet_regle()`."""

    regle = None

    def get_objet_regle(self):
        return self.get_object() if hasattr(self, "get_object") else None

    def dispatch(self, request, *args, **kwargs):
        self.request, self.args, self.kwargs = request, args, kwargs
        objet = self.get_objet_regle()
        refus = refuser_si(verifier(self.regle, request.user, objet), request)
        if refus is not None:
            return refus
        self.objet_regle = objet
        return super().dispatch(request, *args, **kwargs)


class RegleSansObjetMixin(RegleRequiseMixin):
    """A page whose rule takes no object (a list, a public page): the object, if any, is the
    view's to read once, after the rule."""

    def get_objet_regle(self):
        return None


def regle_requise(nom, objet=None):
    """Decorator for function views: `objet(request, **kwargs)` gives the rule's object (it may
    raise Http404); the view receives it as `request.objet_regle`."""

    def deco(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            obj = objet(request, **kwargs) if objet else None
            refus = refuser_si(verifier(nom, request.user, obj), request)
            if refus is not None:
                return refus
            request.objet_regle = obj
            return vue(request, *args, **kwargs)

        enveloppe.regle = nom  # read by the test that every view declares its rule
        return enveloppe

    return deco


def agir(request, verbe, *args, form=None, succes=None, **kwargs):
    """The one way a view runs a verb: `verbe(*args, par=request.user, **kwargs)`.

    Refused (ActionRefusee, Conflit included): the reason goes next to the field at fault in
    `form` (or at its top), or, without a form, into an error message; returns None and nothing
    changed. Done: `succes` (when given) becomes a success message; returns the verb's result
    (True when it returns nothing), so `if agir(...):` reads « if it was done »."""
    try:
        resultat = verbe(*args, par=request.user, **kwargs)
    except ActionRefusee as exc:
        if form is not None:
            exc.vers_formulaire(form)
        else:
            messages.error(request, exc.message)
        return None
    if succes:
        messages.success(request, succes)
    return True if resultat is None else resultat
