"""The Django admin's one rule: what a verb owns is read there, never changed.

A domain state (a project and its money, a decision, a mandate, a séance, a plan, a bilan, a
créneau's stage, a coordination…) changes only through the verbs of `<app>/actions.py`, which
check the rule of the person acting, lock the row and write its history. The admin would bypass
all three, so the admins of those models mix in `LectureSeuleAdmin` (rows seen, never added,
changed nor deleted, not even by a superuser) and the admins of reference data whose *some*
fields are a verb's list them in `champs_des_verbes` (shown, not editable).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from post_office.admin import EmailAdmin
from post_office.models import Email

from noyau import courriels


class SansRetourEnArriere:
    """simple_history's page of a past version saves a POST (« revert ») without asking for the
    change permission, and writes back *every* field of that version — those shown read-only
    too. Refused here for the admins of verb-owned data; the page itself is still read."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class LectureSeuleAdmin(SansRetourEnArriere):
    """Mixin for a ModelAdmin or an inline of rows owned by the verbs: viewing only.

    With no change permission, Django's change page shows the row read-only and refuses a POST
    (403); the add and delete pages refuse too, and the bulk delete action disappears."""

    def has_add_permission(self, request, *args, **kwargs):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LectureSeuleInlineMixin(LectureSeuleAdmin):
    """An inline of verb-owned rows: no blank extra form, a link to the row's own (read-only) page."""

    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        # Every field shown is read-only (Django would still build a form with them, and refuse
        # the non-editable ones such as timestamps).
        return list(self.fields or [f.name for f in self.model._meta.fields if not f.primary_key])


class ChampsDesVerbesAdmin(SansRetourEnArriere):
    """Mixin for reference data with a few verb-owned fields (`champs_des_verbes`): those fields
    are shown read-only, the others stay editable. Such rows are never deleted from the admin (a
    deletion would take the verbs' records with it)."""

    champs_des_verbes = ()

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.champs_des_verbes)

    def has_delete_permission(self, request, obj=None):
        return False


# The outbox: administrators see the messages not delivered (filter « Status ») and send them
# again with « Renvoyer ».
@admin.action(description=_("Renvoyer les courriels choisis"))
def renvoyer(modeladmin, request, queryset):
    nombre = courriels.renvoyer(queryset)
    modeladmin.message_user(
        request,
        ngettext("%(n)d courriel remis dans la file d'envoi.", "%(n)d courriels remis dans la file d'envoi.", nombre)
        % {"n": nombre},
        messages.SUCCESS,
    )


class CourrielAdmin(EmailAdmin):
    actions = [renvoyer]


if admin.site.is_registered(Email):
    admin.site.unregister(Email)
admin.site.register(Email, CourrielAdmin)
