from django.urls import path

from seances.views import conseil, pv, seances

app_name = "seances"

urlpatterns = [
    path("", seances.liste, name="liste"),
    path("comite/<int:comite>/planifier/", seances.planifier, name="planifier"),
    path("<int:pk>/", seances.detail, name="detail"),
    path("<int:pk>/points/ajouter/", seances.ajouter_point, name="ajouter_point"),
    path("<int:pk>/points/ordonner/", seances.ordonner, name="ordonner"),
    path("points/<int:pk>/retirer/", seances.retirer_point, name="retirer_point"),
    path("<int:pk>/convoquer/", seances.convoquer, name="convoquer"),
    path("<int:pk>/ouvrir/", seances.ouvrir, name="ouvrir"),
    path("<int:pk>/en-cours/", seances.en_cours, name="en_cours"),
    path("<int:pk>/en-cours/etat/", seances.etat, name="etat"),
    path("<int:pk>/pointer/", seances.pointer, name="pointer"),
    path("<int:pk>/presences/marquer/", seances.marquer_presence, name="marquer_presence"),
    path("presences/<int:pk>/confirmer/", seances.confirmer_presence, name="confirmer_presence"),
    path("points/<int:pk>/conflit/", seances.declarer_conflit, name="declarer_conflit"),
    path("points/<int:pk>/ouvrir-vote/", seances.ouvrir_vote, name="ouvrir_vote"),
    path("points/<int:pk>/voter/", seances.voter, name="voter"),
    path("points/<int:pk>/main-levee/", seances.saisir_main_levee, name="saisir_main_levee"),
    path("points/<int:pk>/clore/", seances.clore_vote, name="clore_vote"),
    path("<int:pk>/lever/", seances.lever, name="lever"),
    path("<int:pk>/proces-verbal.pdf", pv.pv_pdf, name="pv_pdf"),
    path("<int:pk>/proces-verbal/approuver/", pv.approuver_pv, name="approuver_pv"),
    path("<int:pk>/proces-verbal/signe/", pv.deposer_pv_signe, name="deposer_pv_signe"),
    # A real board's séance: cahier, rescheduling and cancelling, calendar, register (views.conseil).
    path("<int:pk>/cahier.pdf", conseil.cahier_pdf, name="cahier"),
    path("<int:pk>/reporter/", conseil.reporter, name="reporter"),
    path("<int:pk>/annuler/", conseil.annuler, name="annuler"),
    path("calendrier/", conseil.calendrier_personnel, name="calendrier"),
    path("calendrier/renouveler/", conseil.renouveler_calendrier, name="renouveler_calendrier"),
    path("calendrier/revoquer/", conseil.revoquer_calendrier, name="revoquer_calendrier"),
    path("calendrier/<str:jeton>.ics", conseil.flux_calendrier, name="flux_calendrier"),
    path("comite/<int:pk>/resolutions/", conseil.registre_resolutions, name="registre"),
    path("comite/<int:pk>/resolutions.csv", conseil.registre_csv, name="registre_csv"),
]
