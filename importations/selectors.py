from importations.models import Importation


def importations_recentes(limite=20):
    return Importation.objects.filter(statut=Importation.Statut.CONFIRMEE).select_related("auteur")[:limite]
