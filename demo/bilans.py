"""Demo data of this app (called by `manage.py demo` last, after projets.demo).

Each demo créneau gets bilans for the last two finished exercices, produced by the verbs of
bilans.actions (opened — hence pre-filled from the projects, meetings… of that exercice —,
completed, submitted, returned, accepted) so each has its real history; each verb runs at its
moment (weeks after the exercice ends, around the due date; "now" frozen with projets.demo.au).
The older exercice is accepted for most créneaux; the last one is spread over every state (not
started, draft, submitted, to revise, accepted). « Meuble » is left in draft for the last
exercice (the demo coordinator completes and submits it); RSTM's is submitted
(dr.bas-saint-laurent validates it). The people who act are the créneau's active coordination and
its region's direction régionale (both provided by the earlier loaders); a créneau lacking one is
skipped, as is a bilan that already exists (idempotent). Demo loading sends no e-mail.

`echelle` N ≥ 2 adds bilans in every state for the synthetic créneaux (bulk_create, no values),
for the follow-up page's benchmarks.
"""

import datetime
from itertools import cycle
from unittest import mock

from django.contrib.auth import get_user_model
from django.utils import timezone

from bilans import actions
from bilans.models import BilanAnnuel, Statut, ValeurIndicateur
from comptes.models import AffectationMinistere
from creneaux.models import Coordination, Creneau, actif_q
from demo.plans import creneaux_de_demo
from demo.projets import au
from noyau.exercices import bornes, exercice_de

User = get_user_model()

SECTIONS = {
    "mobilisation": "Deux nouvelles entreprises ont rejoint le comité de créneau ; la tournée des PME s'est poursuivie.",
    "gouvernance": "Le règlement du créneau a été révisé ; le comité exécutif s'est réuni chaque trimestre.",
    "communication": "Infolettre mensuelle et refonte du site web du créneau.",
    "intercreneaux": "Rencontre annuelle avec les créneaux apparentés des régions voisines.",
    "main_oeuvre": "Première cohorte de la formation d'opérateurs en fabrication numérique.",
    "innovation": "Douze diagnostics d'automatisation réalisés ; une vitrine technologique a réuni 180 personnes.",
    "international": "Mission collective en Nouvelle-Aquitaine et accord de collaboration avec un pôle français.",
}
SAISIES = {"emplois": 35, "formations": 6, "participants-formations": 84, "activites": 9, "participation-activites": 410}
# Last exercice's target state by rank of the créneau (None: not started).
ETATS_DERNIER = [Statut.ACCEPTE, Statut.SOUMIS, None, Statut.A_REVISER, Statut.BROUILLON, Statut.ACCEPTE]
RENVOI = "Précisez les retombées de la mission à l'étranger et complétez le nombre de participants aux formations."


def _acteurs(creneau):
    coordination = (
        Coordination.objects.filter(actif_q(), creneau=creneau, personne__user__isnull=False).select_related("personne").first()
    )
    dr = (
        AffectationMinistere.objects.filter(actif_q(), niveau="regional", region=creneau.region_porteuse_id)
        .order_by("pk")
        .first()
    )
    if not (coordination and dr):
        return None, None
    # Fresh user objects: roles are cached on the instance.
    return User.objects.get(pk=coordination.personne.user_id), User.objects.get(pk=dr.user_id)


def _completer(bilan, annee):
    """What a coordinator writes: faits saillants, enjeux, manual indicators, progress, programmation."""
    bilan.faits_saillants = (
        f"Exercice {bilan.libelle_exercice} : consolidation du comité de créneau, lancement de la formation "
        "d'opérateurs et première mission commerciale collective."
    )
    bilan.save(update_fields=["faits_saillants", "modifie_le"])
    for section in bilan.sections.all():
        section.texte = SECTIONS[section.enjeu]
        section.save(update_fields=["texte"])
    for code, valeur in SAISIES.items():
        ValeurIndicateur.objects.filter(bilan=bilan, indicateur__code=code).update(valeur_saisie=valeur + 3 * annee)
    for i, av in enumerate(bilan.avancements.select_related("action")):
        av.pourcentage = min(100, 20 + 15 * i + 25 * annee)
        av.etat = "realisee" if av.pourcentage == 100 else ("en_retard" if i % 4 == 3 else "a_temps")
        av.commentaire = "Réalisée selon le calendrier." if av.pourcentage == 100 else "En cours, partenaires confirmés."
        av.save()
    for i, p in enumerate(bilan.programmations.select_related("action")):
        if i % 2 == 0:
            p.retenue, p.cible = True, p.action.cible
            p.commentaire = "Priorité reconduite ; financement FSDCE à déposer."
            p.save()


def _moments(exercice, rang):
    """When a bilan of `exercice` is opened, submitted, returned, resubmitted and accepted: weeks
    after the exercice ends, around the due date (some late), never after yesterday."""
    _debut, fin = bornes(exercice)
    hier = timezone.localdate() - datetime.timedelta(days=1)
    jour = fin + datetime.timedelta(days=15 + 4 * (rang % 6))
    tz = timezone.get_current_timezone()
    moments = []
    for i, ecart in enumerate((0, 35 + 9 * (rang % 7), 14, 10, 12)):
        jour += datetime.timedelta(days=ecart)
        moments.append(datetime.datetime.combine(min(jour, hier), datetime.time(10 + i, rang % 60), tzinfo=tz))
    return iter(moments)


def _mener(coordination, dr, creneau, exercice, cible, annee, moments):
    """Open the bilan, then take it to state `cible` through the verbs, each at its moment."""
    with au(next(moments)):
        bilan = actions.ouvrir(coordination, creneau, exercice)
    if cible == Statut.BROUILLON:
        return
    with au(next(moments)):
        _completer(bilan, annee)
        actions.soumettre(coordination, bilan)
    if cible == Statut.SOUMIS:
        return
    with au(next(moments)):
        actions.renvoyer(dr, bilan, RENVOI)
    if cible == Statut.A_REVISER:
        return
    with au(next(moments)):
        actions.soumettre(coordination, bilan)
    with au(next(moments)):
        actions.accepter(dr, bilan, "Bilan complet, merci.")


def charger(echelle=1, sortie=None):
    dernier = exercice_de() - 1
    crees = 0
    etats = cycle(ETATS_DERNIER)  # anew at each loading: the same créneau gets the same state
    with mock.patch.object(actions, "notifier_apres_commit", lambda *a, **k: None):
        for rang, creneau in enumerate(creneaux_de_demo()):
            coordination, dr = _acteurs(creneau)
            if coordination is None:
                continue
            etat = next(etats)
            if creneau.slug == "meuble-centre-du-quebec":
                etat = Statut.BROUILLON
            elif creneau.autres_regions.exists():
                etat = Statut.SOUMIS
            for exercice, cible in ((dernier - 1, Statut.ACCEPTE), (dernier, etat)):
                if cible is None or BilanAnnuel.objects.filter(creneau=creneau, exercice=exercice).exists():
                    continue
                _mener(coordination, dr, creneau, exercice, cible, exercice - dernier + 1, _moments(exercice, rang))
                crees += 1
    synthetiques = _synthetiques(dernier) if echelle > 1 else 0
    if sortie:
        sortie.write(f"Bilans : {crees} bilans de démonstration, {synthetiques} bilans synthétiques.\n")
    return []


def _synthetiques(exercice):
    """Bilans in every state for the synthetic créneaux (rows only), once."""
    creneaux = Creneau.objects.filter(slug__startswith="synthetique-").exclude(bilans__exercice=exercice).order_by("pk")
    etats = cycle([None, Statut.BROUILLON, Statut.SOUMIS, Statut.A_REVISER, Statut.ACCEPTE])
    maintenant = timezone.now()
    bilans = [
        BilanAnnuel(
            creneau=c,
            exercice=exercice,
            statut=etat,
            premiere_soumission=maintenant if etat not in (Statut.BROUILLON,) else None,
            instantane={} if etat == Statut.ACCEPTE else None,
        )
        for c, etat in zip(creneaux, etats, strict=False)
        if etat is not None
    ]
    BilanAnnuel.objects.bulk_create(bilans, batch_size=1000)
    return len(bilans)
