"""Django admin of the projets app. Programmes, their aid rules and envelopes are reference data,
edited here; projects, their budget, money (versements, désengagement), decisions, comments,
final reports and répartitions are only read (noyau.admin): they change only through
projets.actions (the portal's pages)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from noyau.admin import LectureSeuleAdmin, LectureSeuleInlineMixin
from projets.models import (
    Commentaire,
    CompteurNumero,
    Decision,
    Depense,
    Enveloppe,
    Financement,
    PartRepartition,
    PieceJointe,
    Programme,
    Projet,
    RapportFinal,
    RegleAide,
    Repartition,
    Versement,
)


class RegleAideInline(admin.TabularInline):
    model = RegleAide
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["sigle", "nom", "minimum_partenaires", "montant_max", "ouverture", "fermeture"]
    search_fields = ["sigle", "nom"]
    inlines = [RegleAideInline]


@admin.register(Enveloppe)
class EnveloppeAdmin(admin.ModelAdmin):
    list_display = ["programme", "region", "montant"]
    list_filter = ["programme"]
    list_select_related = ["programme", "region"]


class DepenseInline(LectureSeuleInlineMixin, admin.TabularInline):
    model = Depense
    show_change_link = False


class FinancementInline(LectureSeuleInlineMixin, admin.TabularInline):
    model = Financement
    show_change_link = False


class PieceJointeInline(LectureSeuleInlineMixin, admin.TabularInline):
    model = PieceJointe
    fields = ["nom", "type_mime", "taille", "ajoute_par", "ajoute_le"]
    show_change_link = False


class DecisionInline(LectureSeuleInlineMixin, admin.TabularInline):
    model = Decision
    fields = ["horodatage", "etape", "de_statut", "vers_statut", "comite", "numero_resolution", "montant", "auteur"]


@admin.register(Projet)
class ProjetAdmin(LectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["numero", "titre", "creneau", "programme", "statut", "statut_depuis", "montant_accorde"]
    list_filter = ["statut", "programme", "exercice", "creneau__region_porteuse"]
    list_select_related = ["creneau__region_porteuse", "programme"]
    search_fields = ["numero", "titre", "creneau__nom"]
    raw_id_fields = ["creneau", "porteur", "partenaires", "priorite", "action"]
    date_hierarchy = "cree_le"
    inlines = [DepenseInline, FinancementInline, PieceJointeInline, DecisionInline]


@admin.register(Decision)
class DecisionAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    """Append-only."""

    list_display = [
        "horodatage",
        "projet",
        "etape",
        "de_statut",
        "vers_statut",
        "comite",
        "numero_resolution",
        "montant",
        "auteur",
    ]
    list_filter = ["etape", "vers_statut"]
    list_select_related = ["projet", "comite", "auteur"]
    search_fields = ["projet__numero", "projet__titre", "numero_resolution"]
    date_hierarchy = "horodatage"


@admin.register(Commentaire)
class CommentaireAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["projet", "auteur", "cree_le"]
    list_select_related = ["projet", "auteur"]
    raw_id_fields = ["projet"]


@admin.register(Versement)
class VersementAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["projet", "date", "montant"]
    list_select_related = ["projet"]
    raw_id_fields = ["projet"]


@admin.register(RapportFinal)
class RapportFinalAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["projet", "depose_le", "accepte_le"]
    list_select_related = ["projet"]
    raw_id_fields = ["projet"]


@admin.register(CompteurNumero)
class CompteurNumeroAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["programme", "exercice", "region", "dernier"]


class PartRepartitionInline(LectureSeuleInlineMixin, admin.TabularInline):
    model = PartRepartition


@admin.register(Repartition)
class RepartitionAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    """Adopted by the comité régional in the portal (projets.actions.adopter_repartition)."""

    list_display = ["enveloppe", "numero_resolution", "comite", "horodatage", "auteur"]
    list_filter = ["enveloppe__programme", "enveloppe__region"]
    search_fields = ["numero_resolution", "enveloppe__region__nom"]
    list_select_related = ["enveloppe__programme", "enveloppe__region", "comite", "auteur"]
    inlines = [PartRepartitionInline]


@admin.register(PartRepartition)
class PartRepartitionAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["repartition", "creneau", "montant"]
    list_filter = ["repartition__enveloppe__region"]
    search_fields = ["creneau__nom", "repartition__numero_resolution"]
    list_select_related = ["repartition__enveloppe__programme", "repartition__enveloppe__region", "creneau__region_porteuse"]
