"""Indicators are reference data, edited here; bilans change only through bilans.actions and the
reminders' register only through bilans.rappels: the admin reads them (noyau.admin)."""

from django.contrib import admin

from bilans.models import BilanAnnuel, EtapeBilan, Indicateur, RappelBilan, ValeurIndicateur
from noyau.admin import LectureSeuleAdmin, LectureSeuleInlineMixin


@admin.register(Indicateur)
class IndicateurAdmin(admin.ModelAdmin):
    list_display = ["code", "libelle", "unite", "type_valeur", "enjeu", "calcul", "ordre", "actif", "obligatoire"]
    list_editable = ["ordre", "actif", "obligatoire"]
    list_filter = ["enjeu", "actif", "obligatoire"]


class ValeurInline(LectureSeuleInlineMixin, admin.TabularInline):
    model = ValeurIndicateur
    fields = ["indicateur", "detail", "valeur_calculee", "source", "valeur_saisie", "justification"]
    show_change_link = False


class EtapeInline(LectureSeuleInlineMixin, admin.TabularInline):
    model = EtapeBilan
    fields = ["type", "de_statut", "vers_statut", "commentaire", "auteur", "horodatage"]
    show_change_link = False


@admin.register(BilanAnnuel)
class BilanAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    """A bilan changes state only through bilans.actions."""

    list_display = ["creneau", "exercice", "statut", "statut_depuis"]
    list_filter = ["statut", "exercice", "creneau__region_porteuse"]
    list_select_related = ["creneau__region_porteuse"]
    inlines = [ValeurInline, EtapeInline]


@admin.register(RappelBilan)
class RappelAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["creneau", "exercice", "jour", "envoye_le"]
    list_filter = ["exercice", "jour"]
