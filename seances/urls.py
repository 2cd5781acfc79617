from django.urls import path

from seances import vues, vues_conseil, vues_pv

app_name = "seances"

urlpatterns = [
    path("", vues.liste, name="liste"),
    path("comite/<int:comite>/planifier/", vues.planifier, name="planifier"),
    path("<int:pk>/", vues.detail, name="detail"),
    path("<int:pk>/points/ajouter/", vues.ajouter_point, name="ajouter_point"),
    path("<int:pk>/points/ordonner/", vues.ordonner, name="ordonner"),
    path("points/<int:pk>/retirer/", vues.retirer_point, name="retirer_point"),
    path("<int:pk>/convoquer/", vues.convoquer, name="convoquer"),
    path("<int:pk>/ouvrir/", vues.ouvrir, name="ouvrir"),
    path("<int:pk>/en-cours/", vues.en_cours, name="en_cours"),
    path("<int:pk>/en-cours/etat/", vues.etat, name="etat"),
    path("<int:pk>/pointer/", vues.pointer, name="pointer"),
    path("<int:pk>/presences/marquer/", vues.marquer_presence, name="marquer_presence"),
    path("presences/<int:pk>/confirmer/", vues.confirmer_presence, name="confirmer_presence"),
    path("points/<int:pk>/conflit/", vues.declarer_conflit, name="declarer_conflit"),
    path("points/<int:pk>/ouvrir-vote/", vues.ouvrir_vote, name="ouvrir_vote"),
    path("points/<int:pk>/voter/", vues.voter, name="voter"),
    path("points/<int:pk>/main-levee/", vues.saisir_main_levee, name="saisir_main_levee"),
    path("points/<int:pk>/clore/", vues.clore_vote, name="clore_vote"),
    path("<int:pk>/lever/", vues.lever, name="lever"),
    path("<int:pk>/proces-verbal.pdf", vues_pv.pv_pdf, name="pv_pdf"),
    path("<int:pk>/proces-verbal/approuver/", vues_pv.approuver_pv, name="approuver_pv"),
    path("<int:pk>/proces-verbal/signe/", vues_pv.deposer_pv_signe, name="deposer_pv_signe"),
    # A real board's séance: cahier, rescheduling and cancelling, calendar, register (vues_conseil).
    path("<int:pk>/cahier.pdf", vues_conseil.cahier_pdf, name="cahier"),
    path("<int:pk>/reporter/", vues_conseil.reporter, name="reporter"),
    path("<int:pk>/annuler/", vues_conseil.annuler, name="annuler"),
    path("calendrier/", vues_conseil.calendrier_personnel, name="calendrier"),
    path("calendrier/renouveler/", vues_conseil.renouveler_calendrier, name="renouveler_calendrier"),
    path("calendrier/revoquer/", vues_conseil.revoquer_calendrier, name="revoquer_calendrier"),
    path("calendrier/<str:jeton>.ics", vues_conseil.flux_calendrier, name="flux_calendrier"),
    path("comite/<int:pk>/resolutions/", vues_conseil.registre_resolutions, name="registre"),
    path("comite/<int:pk>/resolutions.csv", vues_conseil.registre_csv, name="registre_csv"),
]
