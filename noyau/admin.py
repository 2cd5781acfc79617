"""The outbox in the admin: administrators see the messages not delivered (filter « Status ») and
send them again with « Renvoyer »."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from post_office.admin import EmailAdmin
from post_office.models import Email

from noyau import courriels


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
