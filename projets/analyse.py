"""The admissibility grid of the direction régionale's analysis (docs/permissions.md): computed by the
portal from the project as it stands, kept with the analysis (Decision.grille) beside the
analyst's judgement, recommendation and recommended amount."""

from decimal import Decimal

from django.utils.translation import gettext as _

from noyau.formats import format_argent
from projets import budget, enveloppes


def _ligne(critere, ok, detail):
    return {"critere": str(critere), "ok": bool(ok), "detail": str(detail)}


def grille(p) -> list[dict]:
    """[{critere, ok, detail}] for project `p` (its lines, partners and rules prefetched or not)."""
    programme = p.programme
    lignes = []
    type_porteur = p.type_porteur_applicable
    regle = budget.regle_pour(programme, type_porteur) if type_porteur else None
    libelle_type = p.get_type_porteur_display() if p.type_porteur else (p.porteur.get_type_display() if p.porteur else "—")
    lignes.append(
        _ligne(
            _("Type de porteur admissible"),
            regle is not None,
            _("%(type)s (au dépôt)") % {"type": libelle_type}
            if regle
            else _("%(type)s : non admissible") % {"type": libelle_type},
        )
    )
    entites = {o.pk for o in p.partenaires.all()} | ({p.porteur_id} if p.porteur_id else set())
    lignes.append(
        _ligne(
            _("Au moins %(n)d entités partenaires") % {"n": programme.minimum_partenaires},
            len(entites) >= programme.minimum_partenaires,
            _("%(n)d entités, porteur compris") % {"n": len(entites)},
        )
    )
    t = p.totaux
    if regle is not None:
        taux_ok = t.montant_demande <= Decimal(regle.taux_max) * t.cout_admissible
        cumul_ok = t.aide_gouvernementale <= Decimal(regle.taux_cumul_max) * t.cout_admissible
        lignes.append(
            _ligne(
                _("Taux d'aide (au plus %(taux)s)") % {"taux": budget.format_taux(regle.taux_max)},
                taux_ok,
                _("%(demande)s demandés sur %(admissible)s de coûts admissibles")
                % {"demande": format_argent(t.montant_demande), "admissible": format_argent(t.cout_admissible)},
            )
        )
        lignes.append(
            _ligne(
                _("Cumul des aides gouvernementales (au plus %(taux)s)") % {"taux": budget.format_taux(regle.taux_cumul_max)},
                cumul_ok,
                format_argent(t.aide_gouvernementale),
            )
        )
    action = p.action
    lignes.append(
        _ligne(
            _("Lien avec le plan d'action du créneau"),
            action is not None,
            str(action) if action else _("Aucune action du plan n'est indiquée."),
        )
    )
    priorite = p.priorite
    lignes.append(
        _ligne(
            _("Lien avec une priorité régionale"),
            priorite is not None and priorite.region_id == p.creneau.region_porteuse_id,
            str(priorite) if priorite else _("Aucune priorité régionale n'est indiquée."),
        )
    )
    situation = enveloppes.situation_dans_l_enveloppe(programme, p.region, p.creneau, sauf=p)
    if situation is not None:
        critere = _("Part du créneau : disponible après les projets en attente")
        part, engage, attente = situation[1]
        if part is None:
            lignes.append(_ligne(critere, True, _("Aucune répartition adoptée.")))
        else:
            # This project counted among the pending ones, whatever its state: the same figure as
            # the envelope panel's once the project is at the Ministère (projets.enveloppes).
            attente += t.montant_demande
            disponible = part - engage - attente
            lignes.append(
                _ligne(
                    critere,
                    disponible >= 0,
                    _("%(disponible)s : part %(part)s − engagé %(engage)s − en attente %(attente)s (ce projet compris)")
                    % {
                        "disponible": format_argent(disponible),
                        "part": format_argent(part),
                        "engage": format_argent(engage),
                        "attente": format_argent(attente),
                    },
                )
            )
    return lignes
