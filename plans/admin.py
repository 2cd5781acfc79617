"""Plans d'action are prepared and adopted in the portal (plans.actions): the admin only reads them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from noyau.admin import LectureSeuleAdmin, LectureSeuleInlineMixin
from plans.models import Action, ActionPartenaire, Axe, Objectif, PlanAction, PlanPartenaire


class AxeInline(LectureSeuleInlineMixin, admin.TabularInline):
    model = Axe


@admin.register(PlanAction)
class PlanActionAdmin(LectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["creneau", "debut", "fin", "statut", "adopte_par", "adopte_le"]
    list_filter = ["statut", "creneau__region_porteuse"]
    list_select_related = ["creneau__region_porteuse", "adopte_par"]
    search_fields = ["creneau__nom"]
    raw_id_fields = ["creneau", "adopte_par", "entente"]
    inlines = [AxeInline]


class ActionInline(LectureSeuleInlineMixin, admin.TabularInline):
    model = Action
    show_change_link = False


@admin.register(Objectif)
class ObjectifAdmin(LectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "axe"]
    list_select_related = ["axe__plan__creneau"]
    inlines = [ActionInline]


class ActionPartenaireInline(LectureSeuleInlineMixin, admin.TabularInline):
    model = ActionPartenaire
    fields = ["numero", "titre", "indicateur", "cible"]
    show_change_link = False


@admin.register(PlanPartenaire)
class PlanPartenaireAdmin(LectureSeuleAdmin, SimpleHistoryAdmin):
    """Recorded by the central office in the portal (plans.actions.enregistrer_plan_partenaire…)."""

    list_display = ["organisation", "titre", "debut", "fin"]
    search_fields = ["titre", "organisation__nom"]
    list_select_related = ["organisation"]
    inlines = [ActionPartenaireInline]
