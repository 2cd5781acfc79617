from django.contrib import admin

from bilans.models import BilanAnnuel, EtapeBilan, Indicateur, RappelBilan, ValeurIndicateur


@admin.register(Indicateur)
class IndicateurAdmin(admin.ModelAdmin):
    list_display = ["code", "libelle", "unite", "type_valeur", "enjeu", "calcul", "ordre", "actif", "obligatoire"]
    list_editable = ["ordre", "actif", "obligatoire"]
    list_filter = ["enjeu", "actif", "obligatoire"]


class ValeurInline(admin.TabularInline):
    model = ValeurIndicateur
    extra = 0
    fields = ["indicateur", "detail", "valeur_calculee", "source", "valeur_saisie", "justification"]
    readonly_fields = fields
    can_delete = False


class EtapeInline(admin.TabularInline):
    model = EtapeBilan
    extra = 0
    readonly_fields = ["type", "de_statut", "vers_statut", "commentaire", "auteur", "horodatage"]
    can_delete = False


@admin.register(BilanAnnuel)
class BilanAdmin(admin.ModelAdmin):
    """Read-only: a bilan changes state only through bilans.actions."""

    list_display = ["creneau", "exercice", "statut", "statut_depuis"]
    list_filter = ["statut", "exercice", "creneau__region_porteuse"]
    list_select_related = ["creneau__region_porteuse"]
    inlines = [ValeurInline, EtapeInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(RappelBilan)
class RappelAdmin(admin.ModelAdmin):
    list_display = ["creneau", "exercice", "jour", "envoye_le"]
    list_filter = ["exercice", "jour"]
