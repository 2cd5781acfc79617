"""A merged or withdrawn créneau's open projects: creneaux.actions.fusionner / retirer settle them
through creneaux/crochets.py (registered in ProjetsConfig.ready).
"""

from django.utils.translation import gettext as _

from noyau.actions import ActionRefusee, exiger_motif
from projets.actions.socle import Etape, _transition
from projets.models import STATUTS_OUVERTS, Decision, Projet


def transferer(projet, *, par, creneau, motif) -> Decision:
    """An open project of a merged créneau goes on, in the same state, with `creneau` (the one
    that absorbed it). Rule projets.regler_fin_de_creneau (the Ministère)."""
    motif = exiger_motif(motif)

    def garde(p):
        if creneau is None or creneau.termine:
            raise ActionRefusee(_("Un projet se transfère au créneau qui absorbe le sien."), champ="choix")
        ancien = p.creneau
        p.creneau = creneau
        return {
            "motif": _("Transféré de « %(de)s » à « %(vers)s » : %(motif)s")
            % {"de": ancien.nom, "vers": creneau.nom, "motif": motif}
        }

    return _transition(projet, par, Projet._transferer, Etape.TRANSFERT, garde=garde, regle="projets.regler_fin_de_creneau")


def retirer_avec_creneau(projet, *, par, motif) -> Decision:
    """An open project of a merged or withdrawn créneau is withdrawn (the Ministère's decision)."""
    motif = exiger_motif(motif)
    return _transition(
        projet, par, Projet._retirer_avec_creneau, Etape.RETRAIT, motif=motif, regle="projets.regler_fin_de_creneau"
    )


class FinDeCreneau:
    """The hook « fin de créneau » (creneaux.crochets.FinDeCreneau): a créneau's open projects, each settled by a choice."""

    @staticmethod
    def ouverts(creneau):
        projets = Projet.objects.filter(creneau=creneau, statut__in=STATUTS_OUVERTS).order_by("pk")
        return [(f"projet-{p.pk}", f"{p.numero or _('Brouillon')} – {p.titre} ({p.get_statut_display()})") for p in projets]

    @staticmethod
    def regler(creneau, *, par, dans, choix, motif, date):
        for p in Projet.objects.filter(creneau=creneau, statut__in=STATUTS_OUVERTS).order_by("pk"):
            if choix.get(f"projet-{p.pk}") == "transferer":
                transferer(p, par=par, creneau=dans, motif=motif)
            else:
                retirer_avec_creneau(p, par=par, motif=motif)


def creneaux_utilisant(organisation):
    """The hook « organisation utilisée » (creneaux.crochets): créneaux whose open projects use it."""
    ouverts = Projet.objects.filter(statut__in=STATUTS_OUVERTS)
    return set(ouverts.filter(porteur=organisation).values_list("creneau", flat=True)) | set(
        ouverts.filter(partenaires=organisation).values_list("creneau", flat=True)
    )
