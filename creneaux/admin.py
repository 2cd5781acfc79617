"""Django admin of the créneaux app. Reference data (organisations, people, a créneau's name and
presentation) is edited here; what a verb owns — a créneau's stage and its dates, comités and
their règlement, mandates, coordinations, séances and presences, ententes, partnerships and
collaborations — is only read (noyau.admin): it changes in the portal, through creneaux.actions."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from creneaux.models import (
    Collaboration,
    Comite,
    Coordination,
    Creneau,
    DemandeCollaboration,
    DossierExcellence,
    Entente,
    Mandat,
    MembreCreneau,
    Organisation,
    PartenariatInternational,
    Personne,
    Presence,
    Reglement,
    Reunion,
)
from noyau.admin import ChampsDesVerbesAdmin, LectureSeuleAdmin, LectureSeuleInlineMixin


@admin.register(Organisation)
class OrganisationAdmin(ChampsDesVerbesAdmin, SimpleHistoryAdmin):
    """Contact data stays editable; the type and the NEQ decide a project's aid rates and are
    checked by creneaux.actions.enregistrer_organisation."""

    champs_des_verbes = ("type", "neq")
    list_display = ["nom", "type", "region", "ville", "neq"]
    list_filter = ["type", "region"]
    search_fields = ["nom", "ville", "neq"]
    list_select_related = ["region"]


@admin.register(Personne)
class PersonneAdmin(ChampsDesVerbesAdmin, admin.ModelAdmin):
    """Contact data stays editable; a person is not deleted here (their mandates and presences
    would go with them)."""

    list_display = ["nom", "prenom", "organisation", "courriel", "user"]
    list_filter = ["organisation__type", "organisation__region"]
    search_fields = ["nom", "prenom", "courriel", "organisation__nom", "user__username"]
    list_select_related = ["organisation", "user"]
    autocomplete_fields = ["organisation", "user"]


class EntenteInline(LectureSeuleInlineMixin, admin.TabularInline):
    model = Entente
    fields = ["type", "date_signature", "debut", "fin"]


class CoordinationInline(LectureSeuleInlineMixin, admin.TabularInline):
    """Appointed and ended by the Ministère in the portal (nommer_coordination, terminer_coordination)."""

    model = Coordination
    fields = ["personne", "employeur", "debut", "fin"]


@admin.register(Creneau)
class CreneauAdmin(ChampsDesVerbesAdmin, SimpleHistoryAdmin):
    """The name and presentation stay editable; the stage, its dates, a merger and the region
    porteuse are the Ministère's decisions (creneaux.actions: changer_statut, fusionner)."""

    champs_des_verbes = (
        "statut",
        "date_potentiel",
        "date_autorise",
        "date_reconnu",
        "date_fin",
        "fusionne_dans",
        "region_porteuse",
    )
    list_display = ["nom", "sigle", "region_porteuse", "statut", "secteur", "date_reconnu"]
    list_filter = ["statut", "region_porteuse", "autres_regions"]
    search_fields = ["nom", "sigle", "secteur", "slug"]
    list_select_related = ["region_porteuse"]
    prepopulated_fields = {"slug": ["nom"]}
    autocomplete_fields = ["organisme_gestionnaire"]
    filter_horizontal = ["autres_regions"]
    inlines = [EntenteInline, CoordinationInline]


@admin.register(Entente)
class EntenteAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    """Recorded by the Ministère in the portal (creneaux.actions.enregistrer_entente)."""

    list_display = ["__str__", "type", "region", "creneau", "date_signature", "debut", "fin"]
    list_filter = ["type", "region"]
    search_fields = ["titre", "signataires", "creneau__nom", "region__nom"]
    list_select_related = ["region", "creneau__region_porteuse"]
    autocomplete_fields = ["creneau"]


class MandatInline(LectureSeuleInlineMixin, admin.TabularInline):
    model = Mandat
    fields = ["personne", "role", "college", "debut", "fin", "confirme_le"]


@admin.register(Comite)
class ComiteAdmin(LectureSeuleAdmin, SimpleHistoryAdmin):
    """A comité and its règlement change through creneaux.actions (creer_comite, modifier_reglement…)."""

    list_display = ["nom", "type", "region", "creneau", "parent"]
    list_filter = ["type", "region"]
    search_fields = ["nom", "creneau__nom", "region__nom"]
    list_select_related = ["region", "creneau__region_porteuse", "parent"]
    autocomplete_fields = ["creneau", "parent"]
    inlines = [MandatInline]


@admin.register(Mandat)
class MandatAdmin(LectureSeuleAdmin, SimpleHistoryAdmin):
    """Appointed, confirmed and ended in the portal (creneaux.actions)."""

    list_display = ["personne", "comite", "role", "college", "debut", "fin"]
    list_filter = ["role", "college", "comite__type"]
    search_fields = ["personne__nom", "personne__prenom", "comite__nom"]
    list_select_related = ["personne", "comite"]
    autocomplete_fields = ["personne", "comite"]
    date_hierarchy = "debut"


@admin.register(Reunion)
class ReunionAdmin(LectureSeuleAdmin, SimpleHistoryAdmin):
    """Séances are run in the portal (seances.actions): the admin reads them."""

    list_display = ["comite", "date", "mode", "statut", "lieu"]
    list_filter = ["comite__type", "mode", "statut"]
    search_fields = ["comite__nom", "lieu", "ordre_du_jour"]
    list_select_related = ["comite"]
    autocomplete_fields = ["comite"]
    date_hierarchy = "date"


@admin.register(Presence)
class PresenceAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["personne", "reunion", "arrivee", "valide"]
    list_filter = ["valide", "reunion__comite__type"]
    search_fields = ["personne__nom", "personne__prenom", "reunion__comite__nom"]
    list_select_related = ["personne", "reunion__comite"]


@admin.register(Coordination)
class CoordinationAdmin(LectureSeuleAdmin, SimpleHistoryAdmin):
    """Appointed and ended by the Ministère in the portal (nommer_coordination, terminer_coordination)."""

    list_display = ["personne", "creneau", "employeur", "debut", "fin"]
    list_filter = ["creneau__region_porteuse"]
    search_fields = ["personne__nom", "personne__prenom", "creneau__nom", "employeur__nom"]
    list_select_related = ["personne", "creneau__region_porteuse", "employeur"]
    autocomplete_fields = ["personne", "creneau", "employeur"]


@admin.register(Collaboration)
class CollaborationAdmin(LectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["titre", "debut", "fin"]
    search_fields = ["titre", "description", "creneaux__nom"]
    list_filter = ["creneaux__region_porteuse"]
    autocomplete_fields = ["creneaux"]


@admin.register(PartenariatInternational)
class PartenariatInternationalAdmin(LectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["partenaire", "pays", "type", "maturite", "creneau", "debut"]
    list_filter = ["type", "maturite", "pays"]
    search_fields = ["partenaire", "pays", "creneau__nom"]
    list_select_related = ["creneau__region_porteuse"]
    autocomplete_fields = ["creneau"]


@admin.register(DemandeCollaboration)
class DemandeCollaborationAdmin(LectureSeuleAdmin, SimpleHistoryAdmin):
    """Answered by the invited créneau's coordination in the portal (creneaux.actions)."""

    list_display = ["collaboration", "creneau", "demandeur", "statut", "demandee_le", "repondue_le"]
    list_filter = ["statut"]
    search_fields = ["collaboration__titre", "creneau__nom", "demandeur__nom"]
    list_select_related = ["collaboration", "creneau__region_porteuse", "demandeur"]


@admin.register(Reglement)
class ReglementAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    """Versions are set, proposed, confirmed or refused in the portal (creneaux.actions)."""

    list_display = ["comite", "etat", "quorum", "consultation_electronique", "en_vigueur_le"]
    list_filter = ["etat", "consultation_electronique", "comite__type"]
    search_fields = ["comite__nom", "comite__creneau__nom"]
    list_select_related = ["comite"]


@admin.register(MembreCreneau)
class MembreCreneauAdmin(LectureSeuleAdmin, SimpleHistoryAdmin):
    """A créneau's member companies are kept by its coordination in the portal (creneaux.actions)."""

    list_display = ["organisation", "creneau", "leader", "debut", "fin"]
    list_filter = ["leader", "creneau__region_porteuse"]
    search_fields = ["organisation__nom", "organisation__neq", "creneau__nom"]
    list_select_related = ["organisation", "creneau__region_porteuse"]


@admin.register(DossierExcellence)
class DossierExcellenceAdmin(LectureSeuleAdmin, SimpleHistoryAdmin):
    """Filed by the coordination, cited by the Ministère's authorisation (creneaux.actions)."""

    list_display = ["creneau", "depose_le", "cite_le", "entreprises_citees", "leaders_cites"]
    list_filter = ["creneau__region_porteuse"]
    search_fields = ["creneau__nom", "avantages_comparatifs"]
    list_select_related = ["creneau__region_porteuse"]
