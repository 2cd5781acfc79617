"""The comité régional's répartition of its envelope among its region's créneaux."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from creneaux.models import Comite
from creneaux.resolutions import exiger_resolution
from noyau.actions import ActionRefusee, verrouiller
from noyau.formats import format_argent
from projets import enveloppes
from projets.models import Enveloppe, PartRepartition, Repartition


def adopter_repartition(enveloppe, *, resolution, parts) -> Repartition:
    """The comité régional adopts (the résolution of its séance, creneaux.resolutions) the split
    of `enveloppe` among its region's créneaux: `parts` {Creneau: amount}. A later one revises it.
    Refused when the total exceeds the envelope, a share is below what the créneau already has
    engaged, a créneau is not carried by the region or is merged / withdrawn."""
    r = exiger_resolution(resolution)
    with transaction.atomic():
        env = verrouiller(Enveloppe.objects.select_related("programme", "region"), enveloppe)
        exiger_resolution(
            r,
            lambda c: c.type == Comite.Type.REGIONAL and c.region_id == env.region_id,
            _("Cette réunion n'est pas celle du comité régional de la région."),
        )
        if not r.adoptee:
            raise ActionRefusee(_("La résolution %(n)s n'adopte pas cette répartition.") % {"n": r.numero})
        montants = {}
        for creneau, montant in parts.items():
            m = Decimal(montant if montant not in (None, "") else 0)
            if m < 0:
                raise ActionRefusee(_("Une part ne peut être négative."), champ="parts")
            if creneau.region_porteuse_id != env.region_id:
                raise ActionRefusee(
                    _("« %(c)s » n'est pas porté par la région %(r)s.") % {"c": creneau.nom, "r": env.region.nom}, champ="parts"
                )
            if creneau.termine and m > 0:
                raise ActionRefusee(
                    _("« %(c)s » est %(s)s : il ne reçoit plus de part.")
                    % {"c": creneau.nom, "s": creneau.get_statut_display().lower()},
                    champ="parts",
                )
            montants[creneau] = m
        total = sum(montants.values(), Decimal(0))
        if total > env.montant:
            raise ActionRefusee(
                _("Le total des parts (%(total)s) dépasse l'enveloppe (%(montant)s).")
                % {"total": format_argent(total), "montant": format_argent(env.montant)},
                champ="parts",
            )
        etat = enveloppes.etat(env.programme, env.region)
        engages = {pc.creneau.pk: pc.accorde for pc in etat.par_creneau}
        for pc in etat.par_creneau:
            part = next((m for c, m in montants.items() if c.pk == pc.creneau.pk), Decimal(0))
            if pc.accorde > part:
                raise ActionRefusee(
                    _("La part de « %(c)s » (%(part)s) serait inférieure à ce qui lui est déjà engagé (%(engage)s).")
                    % {"c": pc.creneau.nom, "part": format_argent(part), "engage": format_argent(engages[pc.creneau.pk])},
                    champ="parts",
                )
        repartition = Repartition.objects.create(
            enveloppe=env,
            comite=r.comite,
            reunion=r.seance,
            numero_resolution=r.numero,
            motif=(r.texte or "").strip(),
            auteur=r.par,
        )
        PartRepartition.objects.bulk_create(
            [PartRepartition(repartition=repartition, creneau=c, montant=m) for c, m in montants.items()]
        )
    return repartition
