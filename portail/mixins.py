"""View helpers shared by every app: rule-checked access that explains a refusal."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from comptes.permissions import verifier


class RegleRequiseMixin:
    """Refuse the view unless rule `regle` allows the user on `get_objet_regle()`.

    Anonymous users are sent to log in; others get a 403 page that states the reason.
    """

    regle = None

    def get_objet_regle(self):
        return self.get_object() if hasattr(self, "get_object") else None

    def dispatch(self, request, *args, **kwargs):
        self.request, self.args, self.kwargs = request, args, kwargs
        objet = self.get_objet_regle()
        v = verifier(self.regle, request.user, objet)
        if not v.ok:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied(v.raison)
        self.objet_regle = objet
        return super().dispatch(request, *args, **kwargs)
