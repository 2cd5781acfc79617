from django.contrib import admin

from regions.models import PrioriteRegionale, Region


class PrioriteInline(admin.TabularInline):
    model = PrioriteRegionale
    extra = 0
    fields = ["territoire", "numero", "titre"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "region_ressource"]
    list_filter = ["region_ressource"]
    search_fields = ["code", "nom"]
    prepopulated_fields = {"slug": ["nom"]}
    inlines = [PrioriteInline]


@admin.register(PrioriteRegionale)
class PrioriteRegionaleAdmin(admin.ModelAdmin):
    list_display = ["region", "territoire", "numero", "titre"]
    list_filter = ["region"]
    search_fields = ["titre", "texte", "territoire"]
    list_select_related = ["region"]
