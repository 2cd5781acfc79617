"""An import of a spreadsheet by the Ministère, recorded as one act: who, when, which file
(name and SHA-256), what kind of rows, and how many were created, changed, unchanged or invalid."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from noyau.horloge import maintenant


class Importation(models.Model):
    class Type(models.TextChoices):
        ORGANISATIONS = "organisations", _("Organisations")
        PERSONNES = "personnes", _("Personnes")
        CRENEAUX = "creneaux", _("Créneaux")
        COMITES = "comites", _("Comités")
        MANDATS = "mandats", _("Mandats")
        PROJETS = "projets", _("Projets historiques et décisions")
        VERSEMENTS = "versements", _("Versements")

    class Statut(models.TextChoices):
        APERCU = "apercu", _("Aperçu, non confirmée")
        CONFIRMEE = "confirmee", _("Confirmée")

    type = models.CharField(_("type"), max_length=15, choices=Type.choices)
    statut = models.CharField(_("statut"), max_length=10, choices=Statut.choices, default=Statut.APERCU)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur"))
    deposee_le = models.DateTimeField(_("déposée le"), default=maintenant)
    confirmee_le = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    nom_fichier = models.CharField(_("fichier"), max_length=255)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    # The file as uploaded, kept so the confirmation imports exactly what the preview showed.
    contenu = models.BinaryField(_("contenu"))
    crees = models.PositiveIntegerField(_("créés"), default=0)
    modifies = models.PositiveIntegerField(_("modifiés"), default=0)
    inchanges = models.PositiveIntegerField(_("inchangés"), default=0)
    invalides = models.PositiveIntegerField(_("invalides"), default=0)

    class Meta:
        ordering = ["-deposee_le", "-pk"]
        verbose_name = _("importation")
        verbose_name_plural = _("importations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(statut="apercu") | models.Q(confirmee_le__isnull=False), name="importation_confirmee_datee"
            )
        ]

    def __str__(self):
        return _("Importation %(n)s – %(fichier)s") % {"n": self.pk, "fichier": self.nom_fichier}

    def get_absolute_url(self):
        return reverse("importations:detail", args=[self.pk])

    @property
    def raison(self):
        """The reason written in the history of every record this import creates or changes."""
        return _("Importé de %(fichier)s (importation %(n)s)") % {"fichier": self.nom_fichier, "n": self.pk}


class ElementImporte(models.Model):
    """A record an import created or changed: the trace for models without a history of their own
    (people, payments), and the list shown on the import's page."""

    class Action(models.TextChoices):
        CREE = "cree", _("Créé")
        MODIFIE = "modifie", _("Modifié")

    importation = models.ForeignKey(Importation, on_delete=models.CASCADE, related_name="elements", verbose_name=_("importation"))
    ligne = models.PositiveIntegerField(_("ligne du fichier"))
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    type_objet = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    id_objet = models.PositiveBigIntegerField()
    objet = GenericForeignKey("type_objet", "id_objet")
    libelle = models.CharField(_("libellé"), max_length=255)

    class Meta:
        ordering = ["importation", "ligne"]
        verbose_name = _("élément importé")
        verbose_name_plural = _("éléments importés")
        indexes = [models.Index(fields=["type_objet", "id_objet"], name="element_importe_objet")]

    def __str__(self):
        return f"{self.get_action_display()} – {self.libelle}"
