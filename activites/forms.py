from django import forms
from django.urls import reverse

from activites.models import Activite
from creneaux.forms import DATE
from creneaux.models import Organisation
from creneaux.recherche import organisations_pour_projet, par_recherche
from noyau.formulaires import FormulaireBase
from plans.models import Action


class ActiviteForm(FormulaireBase, forms.ModelForm):
    class Meta:
        model = Activite
        fields = ["type", "titre", "date", "lieu", "organisations", "participants", "action", "partenariats", "description"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, creneau, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.creneau = creneau
        # The actions of the créneau's plans, the partnerships of the créneau: a forged id is refused here.
        self.fields["action"].queryset = Action.objects.filter(objectif__axe__plan__creneau=creneau).select_related(
            "objectif__axe__plan"
        )
        self.fields["action"].label_from_instance = lambda a: f"{a.objectif.axe.numero}.{a.objectif.numero}.{a.numero} {a.titre}"
        self.fields["partenariats"].queryset = creneau.partenariats.all()
        self.fields["partenariats"].required = False
        self.fields["organisations"].required = False
        # Any organisation may be found by name; the créneau's own come first (creneaux.recherche).
        par_recherche(
            self.fields["organisations"],
            reverse("creneaux:recherche_gestionnaires", args=[creneau.slug]),
            organisations_pour_projet(creneau),
            Organisation.objects.all(),
        )
