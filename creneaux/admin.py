from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from creneaux.models import (
    Collaboration,
    Comite,
    Coordination,
    Creneau,
    DemandeCollaboration,
    Entente,
    Mandat,
    Organisation,
    PartenariatInternational,
    Personne,
    Presence,
    Reunion,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "type", "region", "ville", "neq"]
    list_filter = ["type", "region"]
    search_fields = ["nom", "ville", "neq"]
    list_select_related = ["region"]


@admin.register(Personne)
class PersonneAdmin(admin.ModelAdmin):
    list_display = ["nom", "prenom", "organisation", "courriel", "user"]
    list_filter = ["organisation__type", "organisation__region"]
    search_fields = ["nom", "prenom", "courriel", "organisation__nom", "user__username"]
    list_select_related = ["organisation", "user"]
    autocomplete_fields = ["organisation", "user"]


class EntenteInline(admin.TabularInline):
    model = Entente
    extra = 0
    fields = ["type", "date_signature", "debut", "fin"]


class CoordinationInline(admin.TabularInline):
    model = Coordination
    extra = 0
    autocomplete_fields = ["personne", "employeur"]


@admin.register(Creneau)
class CreneauAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "sigle", "region_porteuse", "statut", "secteur", "date_reconnu"]
    list_filter = ["statut", "region_porteuse", "autres_regions"]
    search_fields = ["nom", "sigle", "secteur", "slug"]
    list_select_related = ["region_porteuse"]
    prepopulated_fields = {"slug": ["nom"]}
    autocomplete_fields = ["organisme_gestionnaire", "fusionne_dans"]
    filter_horizontal = ["autres_regions"]
    inlines = [EntenteInline, CoordinationInline]


@admin.register(Entente)
class EntenteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "type", "region", "creneau", "date_signature", "debut", "fin"]
    list_filter = ["type", "region"]
    search_fields = ["titre", "signataires", "creneau__nom", "region__nom"]
    list_select_related = ["region", "creneau__region_porteuse"]
    autocomplete_fields = ["creneau"]


class MandatInline(admin.TabularInline):
    model = Mandat
    extra = 0
    autocomplete_fields = ["personne"]


@admin.register(Comite)
class ComiteAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "type", "region", "creneau", "parent"]
    list_filter = ["type", "region"]
    search_fields = ["nom", "creneau__nom", "region__nom"]
    list_select_related = ["region", "creneau__region_porteuse", "parent"]
    autocomplete_fields = ["creneau", "parent"]
    inlines = [MandatInline]


@admin.register(Mandat)
class MandatAdmin(SimpleHistoryAdmin):
    list_display = ["personne", "comite", "role", "college", "debut", "fin"]
    list_filter = ["role", "college", "comite__type"]
    search_fields = ["personne__nom", "personne__prenom", "comite__nom"]
    list_select_related = ["personne", "comite"]
    autocomplete_fields = ["personne", "comite"]
    date_hierarchy = "debut"


@admin.register(Reunion)
class ReunionAdmin(SimpleHistoryAdmin):
    """Séances are run in the portal (seances.actions): the admin reads them."""

    list_display = ["comite", "date", "mode", "statut", "lieu"]
    list_filter = ["comite__type", "mode", "statut"]
    search_fields = ["comite__nom", "lieu", "ordre_du_jour"]
    list_select_related = ["comite"]
    autocomplete_fields = ["comite"]
    date_hierarchy = "date"

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Presence)
class PresenceAdmin(admin.ModelAdmin):
    list_display = ["personne", "reunion", "arrivee", "valide"]
    list_filter = ["valide", "reunion__comite__type"]
    search_fields = ["personne__nom", "personne__prenom", "reunion__comite__nom"]
    list_select_related = ["personne", "reunion__comite"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Coordination)
class CoordinationAdmin(admin.ModelAdmin):
    list_display = ["personne", "creneau", "employeur", "debut", "fin"]
    list_filter = ["creneau__region_porteuse"]
    search_fields = ["personne__nom", "personne__prenom", "creneau__nom", "employeur__nom"]
    list_select_related = ["personne", "creneau__region_porteuse", "employeur"]
    autocomplete_fields = ["personne", "creneau", "employeur"]


@admin.register(Collaboration)
class CollaborationAdmin(SimpleHistoryAdmin):
    list_display = ["titre", "debut", "fin"]
    search_fields = ["titre", "description", "creneaux__nom"]
    list_filter = ["creneaux__region_porteuse"]
    autocomplete_fields = ["creneaux"]


@admin.register(PartenariatInternational)
class PartenariatInternationalAdmin(SimpleHistoryAdmin):
    list_display = ["partenaire", "pays", "type", "maturite", "creneau", "debut"]
    list_filter = ["type", "maturite", "pays"]
    search_fields = ["partenaire", "pays", "creneau__nom"]
    list_select_related = ["creneau__region_porteuse"]
    autocomplete_fields = ["creneau"]


@admin.register(DemandeCollaboration)
class DemandeCollaborationAdmin(SimpleHistoryAdmin):
    """Answered by the invited créneau's coordination in the portal (creneaux.actions)."""

    list_display = ["collaboration", "creneau", "demandeur", "statut", "demandee_le", "repondue_le"]
    list_filter = ["statut"]
    search_fields = ["collaboration__titre", "creneau__nom", "demandeur__nom"]
    list_select_related = ["collaboration", "creneau", "demandeur"]
    readonly_fields = ["statut", "repondue_le", "repondue_par"]
