"""Dated histories read from the audit trail (simple_history) for the créneau's fiche."""

from django.utils import timezone

from creneaux.models import DossierExcellence, MembreCreneau, PartenariatInternational
from noyau.horloge import aujourdhui


def etapes_maturite(partenariats):
    """Attach to each partnership `etapes_maturite`: [(maturity label, date)] oldest first, one
    entry per maturity reached (the first recording, then each change), in one query."""
    partenariats = list(partenariats)
    par_pk = {p.pk: p for p in partenariats}
    for p in partenariats:
        p.etapes_maturite = []
    versions = (
        PartenariatInternational.history.filter(id__in=par_pk)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "maturite", "history_date")
    )
    libelles = dict(PartenariatInternational.Maturite.choices)
    derniere = {}
    for pk, maturite, quand in versions:
        if derniere.get(pk) != maturite:
            derniere[pk] = maturite
            par_pk[pk].etapes_maturite.append((libelles.get(maturite, maturite), timezone.localdate(quand)))
    return partenariats


def membres_et_masse(creneau):
    """The créneau's member companies (current first, then former) and the counts the démarche
    asks for: active members (its critical mass) and, among them, leaders."""
    jour = aujourdhui()
    membres = list(
        MembreCreneau.objects.filter(creneau=creneau).select_related("organisation").order_by("organisation__nom", "debut")
    )
    actifs = [m for m in membres if m.debut <= jour and (m.fin is None or m.fin >= jour)]
    anciens = [m for m in membres if m not in actifs]
    entreprises = {m.organisation_id for m in actifs}
    leaders = {m.organisation_id for m in actifs if m.leader}
    return {
        "membres_actifs": actifs,
        "membres_anciens": anciens,
        "masse": {"entreprises": len(entreprises), "leaders": len(leaders)},
    }


def vie_du_creneau(creneau):
    """What the fiche shows of the créneau's life: member companies and dossier d'excellence (its
    activities have their own page, in the activites app)."""
    try:
        dossier = creneau.dossier_excellence  # select_related by the fiche's query
    except DossierExcellence.DoesNotExist:
        dossier = None
    return {**membres_et_masse(creneau), "dossier_excellence": dossier}
