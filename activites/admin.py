from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from activites.models import Activite


@admin.register(Activite)
class ActiviteAdmin(SimpleHistoryAdmin):
    list_display = ["titre", "type", "date", "creneau"]
    list_filter = ["type"]
    search_fields = ["titre", "lieu"]
    raw_id_fields = ["creneau", "action", "organisations", "partenariats"]
