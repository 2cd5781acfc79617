from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.models import Action, Axe, Objectif, PlanAction


class AxeInline(admin.TabularInline):
    model = Axe
    extra = 0


@admin.register(PlanAction)
class PlanActionAdmin(SimpleHistoryAdmin):
    list_display = ["creneau", "debut", "fin", "statut", "adopte_par", "adopte_le"]
    list_filter = ["statut", "creneau__region_porteuse"]
    list_select_related = ["creneau", "adopte_par"]
    search_fields = ["creneau__nom"]
    raw_id_fields = ["creneau", "adopte_par", "entente"]
    inlines = [AxeInline]


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0


@admin.register(Objectif)
class ObjectifAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "axe"]
    list_select_related = ["axe__plan__creneau"]
    inlines = [ActionInline]
