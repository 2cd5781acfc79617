from django.contrib import admin

from comptes.models import AffectationMinistere, EvenementSecurite, Preferences


@admin.register(AffectationMinistere)
class AffectationMinistereAdmin(admin.ModelAdmin):
    list_display = ["user", "niveau", "region", "debut", "fin"]
    list_filter = ["niveau", "region"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    list_select_related = ["user", "region"]
    autocomplete_fields = ["user"]
    date_hierarchy = "debut"


@admin.register(EvenementSecurite)
class EvenementSecuriteAdmin(admin.ModelAdmin):
    """Read-only journal. Locked accounts are unlocked under « Axes › Access attempts » (delete
    the attempt row); failed log-ins are also under « Access failures »."""

    list_display = ["moment", "type", "identifiant", "user", "adresse_ip", "detail"]
    list_filter = ["type", "moment"]
    search_fields = ["identifiant", "user__username", "adresse_ip", "detail"]
    list_select_related = ["user"]
    date_hierarchy = "moment"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "langue"]
    list_filter = ["langue"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    autocomplete_fields = ["user"]
