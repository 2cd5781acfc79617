"""What the portal already knows about a créneau's exercice: the computed indicators of a bilan.

`calculer(creneau, exercice)` runs a fixed number of queries (eleven) whatever the data size.
The exercice runs from 1 April 00:00 to 31 March 24:00, local time (America/Montreal).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import ngettext

from activites.models import Activite
from creneaux.models import Collaboration, Comite, Mandat, MembreCreneau, Organisation, PartenariatInternational, Reunion
from noyau.exercices import bornes, intervalle
from projets.models import Decision, Depense, Projet, Statut


@dataclass(frozen=True)
class Resultat:
    valeur: Decimal
    source: str
    detail: str = ""
    ordre: int = 0


def _periode(champ, exercice):
    debut, fin = intervalle(exercice)
    return Q(**{f"{champ}__gte": debut, f"{champ}__lt": fin})


def _chevauche(exercice, debut="debut", fin="fin"):
    """Rows whose optional [debut, fin] period overlaps the exercice."""
    d, f = bornes(exercice)
    return (Q(**{f"{debut}__isnull": True}) | Q(**{f"{debut}__lte": f})) & (
        Q(**{f"{fin}__isnull": True}) | Q(**{f"{fin}__gte": d})
    )


def _accord(n):
    """French agreement: zero takes the singular, like one."""
    return max(n, 1)


def _source(texte, n, contexte):
    """Where a computed value comes from."""
    return texte % {**contexte, "n": n}


def calculer(creneau, exercice) -> dict[str, list[Resultat]]:
    """Computed values by Indicateur.Calcul code (a list: one per comité, collège, maturity…)."""
    from bilans.models import Indicateur

    C = Indicateur.Calcul
    d, f = bornes(exercice)
    periode = {"debut": d.isoformat(), "fin": f.isoformat()}
    out = defaultdict(list)

    # 1. Meetings and attendance, per comité of the créneau.
    # (a cancelled séance was not held)
    dans_ex = _periode("reunions__date", exercice) & Q(
        reunions__statut__in=[st for st in Reunion.Statut.values if st != Reunion.Statut.ANNULEE]
    )
    comites = (
        Comite.objects.filter(creneau=creneau)
        .annotate(nb=Count("reunions", filter=dans_ex, distinct=True), presences=Count("reunions__presents", filter=dans_ex))
        .order_by("type", "nom")
    )
    for i, c in enumerate(comites):
        ctx = {**periode, "comite": c.nom, "reunions": c.nb}
        out[C.REUNIONS].append(
            Resultat(
                Decimal(c.nb),
                _source(
                    ngettext(
                        "Calculé : %(n)s réunion de « %(comite)s » du %(debut)s au %(fin)s",
                        "Calculé : %(n)s réunions de « %(comite)s » du %(debut)s au %(fin)s",
                        _accord(c.nb),
                    ),
                    c.nb,
                    ctx,
                ),
                c.nom,
                i,
            )
        )
        out[C.PRESENCES].append(
            Resultat(
                Decimal(c.presences),
                _source(
                    ngettext(
                        "Calculé : %(n)s présence aux réunions (%(reunions)s) de « %(comite)s » du %(debut)s au %(fin)s",
                        "Calculé : %(n)s présences aux réunions (%(reunions)s) de « %(comite)s » du %(debut)s au %(fin)s",
                        _accord(c.presences),
                    ),
                    c.presences,
                    ctx,
                ),
                c.nom,
                i,
            )
        )

    # 2. Members by collège, 3. firms represented, on the créneau's comités during the exercice.
    mandats = Mandat.objects.filter(_chevauche(exercice), comite__creneau=creneau)
    par_college = dict(mandats.values_list("college").annotate(n=Count("personne", distinct=True)).order_by())
    for i, (college, nom) in enumerate(Mandat.College.choices):
        n = par_college.get(college, 0)
        texte = _source(
            ngettext(
                "Calculé : %(n)s personne du collège « %(college)s » aux comités du créneau du %(debut)s au %(fin)s",
                "Calculé : %(n)s personnes du collège « %(college)s » aux comités du créneau du %(debut)s au %(fin)s",
                _accord(n),
            ),
            n,
            {**periode, "college": nom},
        )
        out[C.MEMBRES_COLLEGE].append(Resultat(Decimal(n), texte, str(nom), i))
    n = mandats.filter(personne__organisation__type=Organisation.Type.ENTREPRISE).aggregate(
        n=Count("personne__organisation", distinct=True)
    )["n"]
    texte = _source(
        ngettext(
            "Calculé : %(n)s entreprise représentée aux comités du créneau du %(debut)s au %(fin)s",
            "Calculé : %(n)s entreprises représentées aux comités du créneau du %(debut)s au %(fin)s",
            _accord(n),
        ),
        n,
        periode,
    )
    out[C.ENTREPRISES_COMITES].append(Resultat(Decimal(n), texte))

    # 4. Projects filed (submitted) during the exercice.
    n = Projet.objects.filter(_periode("soumis_le", exercice), creneau=creneau).count()
    texte = _source(
        ngettext(
            "Calculé : %(n)s projet soumis du %(debut)s au %(fin)s",
            "Calculé : %(n)s projets soumis du %(debut)s au %(fin)s",
            _accord(n),
        ),
        n,
        periode,
    )
    out[C.PROJETS_DEPOSES].append(Resultat(Decimal(n), texte))

    # 5. Projects accepted / refused during the exercice (from the decisions' history).
    decisions = Decision.objects.filter(_periode("horodatage", exercice), projet__creneau=creneau)
    refus = (Statut.REFUSE_CRENEAU, Statut.REFUSE_REGIONAL, Statut.REFUSE_MINISTERE)
    compte = decisions.aggregate(
        acceptes=Count("projet", distinct=True, filter=Q(vers_statut=Statut.ACCEPTE)),
        refuses=Count("projet", distinct=True, filter=Q(vers_statut__in=refus)),
    )
    n = compte["acceptes"]
    texte = _source(
        ngettext(
            "Calculé : %(n)s projet accepté par le Ministère du %(debut)s au %(fin)s",
            "Calculé : %(n)s projets acceptés par le Ministère du %(debut)s au %(fin)s",
            _accord(n),
        ),
        n,
        periode,
    )
    out[C.PROJETS_ACCEPTES].append(Resultat(Decimal(n), texte))
    texte = _source(
        ngettext(
            "Calculé : %(n)s projet refusé du %(debut)s au %(fin)s",
            "Calculé : %(n)s projets refusés du %(debut)s au %(fin)s",
            _accord(compte["refuses"]),
        ),
        compte["refuses"],
        periode,
    )
    out[C.PROJETS_REFUSES].append(Resultat(Decimal(compte["refuses"]), texte))

    # 6. Aid granted to, 7. total cost of, the projects accepted during the exercice.
    acceptes = decisions.filter(vers_statut=Statut.ACCEPTE).values("projet")
    aide = Projet.objects.filter(pk__in=acceptes).aggregate(s=Sum("montant_accorde"))["s"] or Decimal(0)
    cout = Depense.objects.filter(projet__in=acceptes).aggregate(s=Sum("montant"))["s"] or Decimal(0)
    texte = _source(
        ngettext(
            "Calculé : montant accordé au projet accepté (%(n)s) du %(debut)s au %(fin)s",
            "Calculé : montants accordés aux projets acceptés (%(n)s) du %(debut)s au %(fin)s",
            _accord(n),
        ),
        n,
        periode,
    )
    out[C.AIDE_ACCORDEE].append(Resultat(aide, texte))
    texte = _source(
        ngettext(
            "Calculé : coût total (dépenses) du projet accepté (%(n)s) du %(debut)s au %(fin)s",
            "Calculé : coût total (dépenses) des projets acceptés (%(n)s) du %(debut)s au %(fin)s",
            _accord(n),
        ),
        n,
        periode,
    )
    out[C.INVESTISSEMENT].append(Resultat(cout, texte))

    # 8. International partnerships started by the end of the exercice, by maturity.
    par_maturite = dict(
        PartenariatInternational.objects.filter(Q(debut__isnull=True) | Q(debut__lte=f), creneau=creneau)
        .values_list("maturite")
        .annotate(n=Count("id"))
        .order_by()
    )
    for i, (maturite, nom) in enumerate(PartenariatInternational.Maturite.choices):
        n = par_maturite.get(maturite, 0)
        texte = _source(
            ngettext(
                "Calculé : %(n)s partenariat au stade « %(stade)s » (amorcé au plus tard le %(fin)s)",
                "Calculé : %(n)s partenariats au stade « %(stade)s » (amorcés au plus tard le %(fin)s)",
                _accord(n),
            ),
            n,
            {**periode, "stade": nom},
        )
        out[C.PARTENARIATS].append(Resultat(Decimal(n), texte, str(nom), i))

    # 9. Intercréneaux collaborations active during the exercice.
    n = Collaboration.objects.filter(_chevauche(exercice), creneaux=creneau).count()
    texte = _source(
        ngettext(
            "Calculé : %(n)s collaboration intercréneaux active du %(debut)s au %(fin)s",
            "Calculé : %(n)s collaborations intercréneaux actives du %(debut)s au %(fin)s",
            _accord(n),
        ),
        n,
        periode,
    )
    out[C.COLLABORATIONS].append(Resultat(Decimal(n), texte))

    # 10. Member companies during the exercice (their membership overlaps it).
    n = MembreCreneau.objects.filter(_chevauche(exercice), creneau=creneau).aggregate(n=Count("organisation", distinct=True))["n"]
    texte = _source(
        ngettext(
            "Calculé : %(n)s entreprise membre du créneau du %(debut)s au %(fin)s",
            "Calculé : %(n)s entreprises membres du créneau du %(debut)s au %(fin)s",
            _accord(n),
        ),
        n,
        periode,
    )
    out[C.ENTREPRISES_MEMBRES].append(Resultat(Decimal(n), texte))

    # 11. Activities the coordination recorded during the exercice, and their participants.
    activites = Activite.objects.filter(creneau=creneau, date__gte=d, date__lte=f).aggregate(
        n=Count("id"), participants=Sum("participants")
    )
    n, participants = activites["n"], activites["participants"] or 0
    texte = _source(
        ngettext(
            "Calculé : %(n)s activité inscrite du %(debut)s au %(fin)s",
            "Calculé : %(n)s activités inscrites du %(debut)s au %(fin)s",
            _accord(n),
        ),
        n,
        periode,
    )
    out[C.ACTIVITES].append(Resultat(Decimal(n), texte))
    texte = _source(
        ngettext(
            "Calculé : %(n)s participant aux activités inscrites du %(debut)s au %(fin)s",
            "Calculé : %(n)s participants aux activités inscrites du %(debut)s au %(fin)s",
            _accord(participants),
        ),
        participants,
        periode,
    )
    out[C.PARTICIPATION_ACTIVITES].append(Resultat(Decimal(participants), texte))
    return dict(out)


def preremplir(bilan):
    """Fill in (or refresh) the bilan's computed indicators, and add the rows it lacks: one per
    manual indicator, one progress row and one programmation row per action of its plan.

    Values typed by the coordination (and their justification) are kept. Fixed number of queries.
    """
    from bilans.models import AvancementAction, Indicateur, Programmation, ValeurIndicateur
    from plans.models import Action

    calculs = calculer(bilan.creneau, bilan.exercice)
    existantes = {(v.indicateur_id, v.detail): v for v in bilan.valeurs.all()}
    a_creer, a_maj, vues = [], [], set()
    for ind in Indicateur.objects.filter(actif=True):
        resultats = calculs.get(ind.calcul, []) if ind.calcul else [None]
        for r in resultats:
            cle = (ind.pk, r.detail if r else "")
            vues.add(cle)
            v = existantes.get(cle)
            if v is None:
                v = ValeurIndicateur(bilan=bilan, indicateur=ind, detail=cle[1])
                a_creer.append(v)
            elif r is not None:
                a_maj.append(v)
            if r is not None:
                v.valeur_calculee, v.source, v.ordre = r.valeur, r.source, r.ordre
    ValeurIndicateur.objects.bulk_create(a_creer)
    ValeurIndicateur.objects.bulk_update(a_maj, ["valeur_calculee", "source", "ordre"])
    # A breakdown that no longer exists (a comité removed) goes, unless the coordination typed a value.
    perimees = [v.pk for cle, v in existantes.items() if cle not in vues and v.valeur_saisie is None]
    ValeurIndicateur.objects.filter(pk__in=perimees).delete()

    if bilan.plan_id:
        actions = set(Action.objects.filter(objectif__axe__plan=bilan.plan_id).values_list("pk", flat=True))
        suivies = set(bilan.avancements.values_list("action_id", flat=True))
        programmees = set(bilan.programmations.values_list("action_id", flat=True))
        AvancementAction.objects.bulk_create(AvancementAction(bilan=bilan, action_id=a) for a in actions - suivies)
        Programmation.objects.bulk_create(Programmation(bilan=bilan, action_id=a) for a in actions - programmees)
