"""Séances are run in the portal (seances.actions): the admin only reads them."""

from django.contrib import admin

from noyau.admin import LectureSeuleAdmin
from seances.models import ConflitInteret, Point, Vote


@admin.register(Point)
class PointAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["titre", "seance", "type", "etat", "issue", "numero_resolution"]
    list_filter = ["type", "etat", "issue"]
    search_fields = ["titre", "numero_resolution", "seance__comite__nom"]
    list_select_related = ["seance__comite"]


@admin.register(Vote)
class VoteAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["personne", "point", "choix", "horodatage"]
    list_filter = ["choix"]
    search_fields = ["personne__nom", "point__titre"]
    list_select_related = ["personne", "point"]


@admin.register(ConflitInteret)
class ConflitInteretAdmin(LectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["personne", "point", "source", "horodatage"]
    list_filter = ["source"]
    search_fields = ["personne__nom", "point__titre", "note"]
    list_select_related = ["personne", "point"]
