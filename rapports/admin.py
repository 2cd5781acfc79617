from django.contrib import admin

from rapports.models import DocumentGenere


@admin.register(DocumentGenere)
class DocumentGenereAdmin(admin.ModelAdmin):
    list_display = ["sorte", "exercice", "region", "demande_par", "statut", "progression", "pages", "duree", "cree_le"]
    list_filter = ["sorte", "statut", "exercice"]
    readonly_fields = [f.name for f in DocumentGenere._meta.fields]
