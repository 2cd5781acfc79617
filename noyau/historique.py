"""Building blocks shared by the domain models."""

from django.core.exceptions import ValidationError


class AjoutSeulement:
    """Mixin for history rows (decisions, steps): written once, never changed nor deleted."""

    refus_modification = ""
    refus_suppression = ""

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(self.refus_modification)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(self.refus_suppression)
