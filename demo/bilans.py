"""Demo bilans annuels (loaded by `manage.py demo` last, after demo.projets).

Each demo créneau gets bilans for the last two finished exercices, taken through the verbs of
bilans.actions (opened — hence pre-filled from the projects, meetings… of that exercice —,
written, submitted, returned, accepted) so each has its real history; each verb runs at its
moment (weeks after the exercice ends, around the due date; the portal's clock frozen with
`horloge.figee`). The older exercice is accepted for most créneaux; the last one is spread over
every state (not started, draft, submitted, to revise, accepted). « Meuble » is left in draft for
the last exercice (the demo coordinator completes and submits it); RSTM's is submitted
(dr.bas-saint-laurent validates it). The people who act are the créneau's active coordination
and its region's direction régionale (demo.acteurs); a créneau lacking one is skipped, as is a
bilan that already exists (idempotent). Demo loading e-mails nobody (`sans_notifications`).

`echelle` N ≥ 2 adds bilans in every state for the synthetic créneaux (bulk_create, no values),
for the follow-up page's benchmarks.
"""

import datetime
from itertools import cycle

from bilans import actions
from bilans.models import BilanAnnuel, Statut
from creneaux.models import Creneau
from demo.acteurs import a_l_heure, coordination_de, direction_regionale_de
from demo.creneaux import creneaux_de_demo, creneaux_reconnus_de_demo
from demo.seances import adopter_en_seance
from noyau import horloge
from noyau.courriels import sans_notifications
from noyau.exercices import bornes, exercice_de
from plans.selectors import comites_adoptants
from seances.models import Point

SECTIONS = {
    "mobilisation": "Deux nouvelles entreprises ont rejoint le comité de créneau ; la tournée des PME s'est poursuivie.",
    "gouvernance": "Le règlement du créneau a été révisé ; le comité exécutif s'est réuni chaque trimestre.",
    "communication": "Infolettre mensuelle et refonte du site web du créneau.",
    "intercreneaux": "Rencontre annuelle avec les créneaux apparentés des régions voisines.",
    "main_oeuvre": "Première cohorte de la formation d'opérateurs en fabrication numérique.",
    "innovation": "Douze diagnostics d'automatisation réalisés ; une vitrine technologique a réuni 180 personnes.",
    "international": "Mission collective en Nouvelle-Aquitaine et accord de collaboration avec un pôle français.",
}
# Typed by the coordination (activities and member companies are computed from what the portal records).
SAISIES = {"emplois": 35, "formations": 6, "participants-formations": 84}
# Last exercice's target state by rank of the créneau (None: not started).
ETATS_DERNIER = [Statut.ACCEPTE, Statut.SOUMIS, None, Statut.A_REVISER, Statut.BROUILLON, Statut.ACCEPTE]
RENVOI = "Précisez les retombées de la mission à l'étranger et complétez le nombre de participants aux formations."


def _completer(bilan, annee, coordination):
    """What a coordinator writes: faits saillants, enjeux, manual indicators, progress, programmation."""
    actions.enregistrer_sections(
        bilan,
        par=coordination,
        faits_saillants=(
            f"Exercice {bilan.libelle_exercice} : consolidation du comité de créneau, lancement de la formation "
            "d'opérateurs et première mission commerciale collective."
        ),
        textes={section.enjeu: SECTIONS[section.enjeu] for section in bilan.sections.all()},
    )
    saisies = bilan.valeurs.filter(indicateur__code__in=list(SAISIES)).select_related("indicateur")
    actions.enregistrer_indicateurs(
        bilan, par=coordination, valeurs={v.pk: {"valeur_saisie": SAISIES[v.indicateur.code] + 3 * annee} for v in saisies}
    )
    avancements = {}
    for i, av in enumerate(bilan.avancements.select_related("action")):
        pourcentage = min(100, 20 + 15 * i + 25 * annee)
        avancements[av.pk] = {
            "pourcentage": pourcentage,
            "etat": "realisee" if pourcentage == 100 else ("en_retard" if i % 4 == 3 else "a_temps"),
            "commentaire": "Réalisée selon le calendrier." if pourcentage == 100 else "En cours, partenaires confirmés.",
        }
    actions.enregistrer_avancement(bilan, par=coordination, avancements=avancements)
    programmations = {
        p.pk: {"retenue": True, "cible": p.action.cible, "commentaire": "Priorité reconduite ; financement FSDCE à déposer."}
        for i, p in enumerate(bilan.programmations.select_related("action"))
        if i % 2 == 0
    }
    actions.enregistrer_programmation(bilan, par=coordination, programmations=programmations)


def _moments(exercice, rang):
    """When a bilan of `exercice` is opened, submitted, returned, resubmitted and accepted: weeks
    after the exercice ends, around the due date (some late), never after yesterday."""
    _debut, fin = bornes(exercice)
    hier = horloge.aujourdhui() - datetime.timedelta(days=1)
    jour = fin + datetime.timedelta(days=15 + 4 * (rang % 6))
    moments = []
    for i, ecart in enumerate((0, 35 + 9 * (rang % 7), 14, 10, 12)):
        jour += datetime.timedelta(days=ecart)
        moments.append(a_l_heure(min(jour, hier), 10 + i, rang % 60))
    return iter(moments)


def _mener(coordination, dr, creneau, exercice, cible, annee, moments):
    """Open the bilan, then take it to state `cible` through the verbs, each at its moment."""
    with horloge.figee(next(moments)):
        bilan = actions.ouvrir(creneau, par=coordination, exercice=exercice)
    if cible == Statut.BROUILLON:
        return
    with horloge.figee(next(moments)):
        _completer(bilan, annee, coordination)
        actions.soumettre(bilan, par=coordination)
    if cible == Statut.SOUMIS:
        return
    with horloge.figee(next(moments)):
        actions.renvoyer(bilan, par=dr, commentaire=RENVOI)
    if cible == Statut.A_REVISER:
        return
    with horloge.figee(resoumis := next(moments)):
        actions.soumettre(bilan, par=coordination)
    accepte = next(moments)
    # The comité de créneau adopts the bilan in séance; the direction régionale sees it, then accepts.
    adoption = resoumis + datetime.timedelta(days=3)
    comite = comites_adoptants(creneau).first()
    if comite is not None and adoption < accepte - datetime.timedelta(hours=2):
        adopter_en_seance(comite, Point.Type.BILAN, bilan, adoption.replace(hour=19, minute=0))
    with horloge.figee(accepte):
        actions.accepter(bilan, par=dr, commentaire="Bilan complet, merci.")


def charger(echelle=1, sortie=None):
    dernier = exercice_de() - 1
    crees = 0
    etats = cycle(ETATS_DERNIER)  # anew at each loading: the same créneau gets the same state
    with sans_notifications():
        for rang, creneau in enumerate(creneaux_reconnus_de_demo()):
            coordination, dr = coordination_de(creneau), direction_regionale_de(creneau)
            if coordination is None or dr is None:
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
        en_base = BilanAnnuel.objects.filter(creneau__in=creneaux_de_demo()).count()
        sortie.write(
            f"Bilans : {crees} nouveaux bilans de démonstration, {synthetiques} bilans synthétiques ajoutés ; "
            f"{en_base} bilans de démonstration en base.\n"
        )
    return []


def _synthetiques(exercice):
    """Bilans in every state for the synthetic créneaux (rows only), once."""
    creneaux = Creneau.objects.filter(slug__startswith="synthetique-").exclude(bilans__exercice=exercice).order_by("pk")
    etats = cycle([None, Statut.BROUILLON, Statut.SOUMIS, Statut.A_REVISER, Statut.ACCEPTE])
    maintenant = horloge.maintenant()
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
