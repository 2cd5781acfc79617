"""The admin offers the same imports through the same resources (django-import-export); the
portal's page (/importations/) is the main path: it records the act and its author's rights."""

from django.contrib import admin

from importations.models import ElementImporte, Importation


class ElementImporteInline(admin.TabularInline):
    model = ElementImporte
    extra = 0
    can_delete = False
    readonly_fields = ("ligne", "action", "type_objet", "id_objet", "libelle")


@admin.register(Importation)
class ImportationAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "type",
        "nom_fichier",
        "auteur",
        "statut",
        "confirmee_le",
        "crees",
        "modifies",
        "inchanges",
        "invalides",
    )
    list_filter = ("type", "statut")
    exclude = ("contenu",)
    readonly_fields = [f.name for f in Importation._meta.fields if f.name != "contenu"]
    inlines = [ElementImporteInline]

    def has_add_permission(self, request):
        return False
