from django.contrib import admin

from comptes.models import AffectationMinistere


@admin.register(AffectationMinistere)
class AffectationMinistereAdmin(admin.ModelAdmin):
    list_display = ["user", "niveau", "region", "debut", "fin"]
    list_filter = ["niveau", "region"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    list_select_related = ["user", "region"]
    autocomplete_fields = ["user"]
    date_hierarchy = "debut"
