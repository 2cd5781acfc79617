"""What the regional and provincial reports (and the dashboard) show, built from rapports.indicateurs."""

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from bilans.models import BilanAnnuel, echeance
from creneaux.models import Creneau
from noyau.exercices import libelle
from rapports import svg
from rapports.indicateurs import calculer
from rapports.pdf import contexte_impression
from regions.models import PrioriteRegionale


def graphiques(ind, par_region=True):
    """The charts of a report: envelope use (stacked) per region or créneau, and granted per enjeu."""
    if par_region:
        # One definition of « Disponible » everywhere (chart, table, PDF): envelope − engagé, the
        # row's own figure; the bar (engagé + disponible) is the envelope. Pending money is part
        # of the disponible (shown, not reserved) and stays in the table.
        series = [_("Engagé"), _("Disponible")]
        enveloppes = [(ligne["libelle"], [ligne["engage"], max(ligne["disponible"], 0)]) for ligne in ind.regions.lignes]
        titre = _("Utilisation des enveloppes par région")
    else:
        series = [_("Engagé"), _("En attente")]
        enveloppes = [(ligne["libelle"], [ligne["engage"], ligne["en_attente"]]) for ligne in ind.creneaux.lignes]
        titre = _("Enveloppe engagée et en attente par créneau")
    titre_enjeux = _("Montants accordés par enjeu")
    return [
        {"titre": titre, "svg": svg.barres_empilees(enveloppes, series, titre=titre)},
        {
            "titre": titre_enjeux,
            "svg": svg.barres([(ligne["libelle"], ligne["accorde"]) for ligne in ind.enjeux.lignes], titre=titre_enjeux),
        },
    ]


def nom_annexe(exercice, region=None):
    return f"projets-{region.code}-{exercice}" if region else f"projets-provincial-{exercice}"


def liens_annexe(exercice, region=None):
    """Absolute links of the report's annex (XLSX, CSV), printed in the PDF."""
    if region is None:
        vue, args = "rapports:annexe_provinciale", []
    else:
        vue, args = "rapports:annexe_regionale", [region.code]
    return {f: f"{settings.PORTAIL_URL.rstrip('/')}{reverse(vue, args=[*args, f])}?exercice={exercice}" for f in ("xlsx", "csv")}


def contexte_provincial(exercice):
    ind = calculer(exercice)
    return {
        "ind": ind,
        "annexe": liens_annexe(exercice),
        "exercice": exercice,
        "exercice_libelle": libelle(exercice),
        "graphiques": graphiques(ind),
    }


def contexte_regional(region, exercice):
    ind = calculer(exercice, region)
    creneaux = list(
        Creneau.objects.filter(Q(region_porteuse=region) | Q(autres_regions=region))
        .select_related("region_porteuse")
        .distinct()
        .order_by("nom")
    )
    bilans = {b.creneau_id: b for b in BilanAnnuel.objects.filter(creneau__in=creneaux, exercice=exercice)}
    for c in creneaux:
        c.bilan = bilans.get(c.pk)
        c.depuis = {
            Creneau.Statut.POTENTIEL: c.date_potentiel,
            Creneau.Statut.AUTORISE: c.date_autorise,
            Creneau.Statut.RECONNU: c.date_reconnu,
        }.get(c.statut, c.date_fin)
    priorites = PrioriteRegionale.objects.filter(region=region).annotate(
        nb_projets=Count("projets", filter=Q(projets__exercice=exercice))
    )
    return {
        "ind": ind,
        "annexe": liens_annexe(exercice, region),
        "region": region,
        "exercice": exercice,
        "exercice_libelle": libelle(exercice),
        "graphiques": graphiques(ind, par_region=False),
        "creneaux": creneaux,
        "echeance_bilans": echeance(exercice),
        "priorites": list(priorites),
    }


def rapport_provincial(user, exercice):
    """(template, context, file name) of the provincial report."""
    contexte = contexte_impression(
        user,
        _("Rapport provincial FSDCE"),
        _("Exercice %(exercice)s") % {"exercice": libelle(exercice)},
        **contexte_provincial(exercice),
    )
    return "rapports/rapport_provincial.html", contexte, f"rapport-provincial-{exercice}.pdf"


def rapport_regional(user, region, exercice):
    contexte = contexte_impression(
        user,
        _("Rapport régional ACCORD"),
        _("%(region)s — exercice %(exercice)s") % {"region": region.nom, "exercice": libelle(exercice)},
        **contexte_regional(region, exercice),
    )
    return "rapports/rapport_regional.html", contexte, f"rapport-regional-{region.code}-{exercice}.pdf"
