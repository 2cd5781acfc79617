"""The register of a comité's résolutions: every item it decided in séance or by consultation
(number, date, séance, object, outcome, tally), searchable (number, project, porteur, object) and
filtered (year, outcome), in a fixed number of queries whatever its length. The comité régional's
decisions (its projects, the envelope's répartitions) are its own register."""

import io

from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from creneaux.models import Reunion
from noyau.tableur import ecrivain_csv
from seances.models import Point

ISSUES = Point.Issue


def resolutions(comite):
    """Every decided item of `comite`, latest first."""
    return (
        Point.objects.filter(seance__comite=comite, etat=Point.Etat.DECIDE)
        .exclude(seance__statut=Reunion.Statut.ANNULEE)
        .select_related("seance", "projet__porteur", "projet__creneau", "plan", "bilan", "enveloppe")
        .order_by("-seance__date", "-numero_resolution", "-pk")
    )


def filtrer(qs, *, q="", annee=None, issue=""):
    """`q`: words found in the number, the object, the project's title or number, its porteur."""
    for mot in (q or "").split()[:8]:
        qs = qs.filter(
            Q(numero_resolution__icontains=mot)
            | Q(titre__icontains=mot)
            | Q(projet__titre__icontains=mot)
            | Q(projet__numero__icontains=mot)
            | Q(projet__porteur__nom__icontains=mot)
        )
    if annee:
        qs = qs.filter(seance__date__year=annee)
    if issue in ISSUES.values:
        qs = qs.filter(issue=issue)
    return qs


def annees(comite):
    """The years of the comité's decided items, latest first (one query)."""
    qs = Point.objects.filter(seance__comite=comite, etat=Point.Etat.DECIDE).annotate(a=ExtractYear("seance__date"))
    return sorted(set(qs.values_list("a", flat=True).distinct()), reverse=True)


def issue_lisible(p):
    if p.proposition == Point.Proposition.RENVOYER and p.issue == ISSUES.ADOPTEE:
        return _("Renvoi pour complément adopté")
    return p.get_issue_display()


def objet(p):
    return p.titre


def export_csv(points, nom):
    """The filtered register as CSV (UTF-8 with a BOM, ';'), text never read as a formula."""
    tampon = io.StringIO()
    tampon.write("\ufeff")
    ecrivain = ecrivain_csv(tampon, delimiter=";")
    ecrivain.writerow(
        [_("Numéro"), _("Date"), _("Séance"), _("Objet"), _("Porteur"), _("Issue"), _("Pour"), _("Contre"), _("Abstentions")]
    )
    for p in points:
        ecrivain.writerow(
            [
                p.numero_resolution,
                timezone.localtime(p.seance.date).strftime("%Y-%m-%d"),
                str(p.seance.pk),
                objet(p),
                p.projet.porteur.nom if p.projet_id and p.projet.porteur_id else "",
                issue_lisible(p),
                p.pour if p.pour is not None else "",
                p.contre if p.contre is not None else "",
                p.abstentions if p.abstentions is not None else "",
            ]
        )
    reponse = HttpResponse(tampon.getvalue(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}.csv"'
    return reponse
