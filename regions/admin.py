"""Regions and their strategies' priorities are reference data: editable here (each change is kept
in the history with its author), as in the portal's pages (plans.actions)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from regions.models import PrioriteRegionale, Region, StrategieRegionale


class PrioriteInline(admin.TabularInline):
    model = PrioriteRegionale
    extra = 0
    fields = ["territoire", "numero", "titre"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "region_ressource"]
    list_filter = ["region_ressource"]
    search_fields = ["code", "nom"]
    prepopulated_fields = {"slug": ["nom"]}


@admin.register(StrategieRegionale)
class StrategieRegionaleAdmin(SimpleHistoryAdmin):
    list_display = ["titre", "region", "debut", "fin"]
    list_filter = ["region", "debut"]
    search_fields = ["titre", "region__nom"]
    list_select_related = ["region"]
    inlines = [PrioriteInline]

    def save_formset(self, request, form, formset, change):
        # A priority belongs to its strategy's region.
        for priorite in formset.save(commit=False):
            priorite.region_id = form.instance.region_id
            priorite.save()
        for supprimee in formset.deleted_objects:
            supprimee.delete()


@admin.register(PrioriteRegionale)
class PrioriteRegionaleAdmin(SimpleHistoryAdmin):
    list_display = ["region", "strategie", "territoire", "numero", "titre"]
    list_filter = ["region", "strategie"]
    search_fields = ["titre", "texte", "territoire"]
    list_select_related = ["region", "strategie"]
    readonly_fields = ["region"]

    def save_model(self, request, obj, form, change):
        obj.region_id = obj.strategie.region_id
        super().save_model(request, obj, form, change)
