"""A record of the long documents generated in the background (the provincial report at scale)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creneaux.models import Reunion
from noyau.exercices import libelle
from regions.models import Region


class DocumentGenere(models.Model):
    class Sorte(models.TextChoices):
        RAPPORT_PROVINCIAL = "rapport_provincial", _("Rapport provincial")
        RAPPORT_REGIONAL = "rapport_regional", _("Rapport régional")
        CAHIER_SEANCE = "cahier_seance", _("Cahier de séance")

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", _("En attente")
        EN_COURS = "en_cours", _("En préparation")
        PRET = "pret", _("Prêt")
        ECHEC = "echec", _("Échec")

    sorte = models.CharField(_("document"), max_length=20, choices=Sorte.choices)
    exercice = models.PositiveSmallIntegerField(_("exercice"))
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("région")
    )
    # A séance's cahier (seances.cahier): its séance, and the fingerprint of the agenda it was
    # built from (a changed agenda asks for a new one).
    reunion = models.ForeignKey(
        Reunion, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("séance")
    )
    empreinte = models.CharField(_("empreinte du contenu"), max_length=64, blank=True)
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("demandé par")
    )
    # "pdf": the report; "xlsx" / "csv": its annex (the full project list), when it is long.
    format = models.CharField(_("format"), max_length=4, default="pdf")
    # The language the person was reading the portal in when they asked: the document's.
    langue = models.CharField(_("langue"), max_length=10, blank=True)
    statut = models.CharField(_("statut"), max_length=10, choices=Statut.choices, default=Statut.EN_ATTENTE)
    progression = models.PositiveSmallIntegerField(_("progression (%)"), default=0)
    fichier = models.FileField(_("fichier"), upload_to="rapports/%Y/", blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    duree = models.FloatField(_("durée (s)"), null=True, blank=True)
    erreur = models.TextField(_("erreur"), blank=True)
    cree_le = models.DateTimeField(_("demandé le"), auto_now_add=True)
    # Handovers to the task queue (the request's, then the sweep's) and the last one's moment; the
    # moment the worker started building it (rapports.generation.relancer).
    essais = models.PositiveSmallIntegerField(_("remises à la file"), default=0)
    remis_le = models.DateTimeField(_("remis à la file le"), null=True, blank=True)
    commence_le = models.DateTimeField(_("commencé le"), null=True, blank=True)
    termine_le = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        ordering = ["-cree_le"]
        verbose_name = _("document généré")
        verbose_name_plural = _("documents générés")

    def __str__(self):
        return f"{self.get_sorte_display()} {libelle(self.exercice)}"

    def get_absolute_url(self):
        return reverse("rapports:document", args=[self.pk])

    @property
    def termine(self):
        return self.statut in (self.Statut.PRET, self.Statut.ECHEC)
