"""Pickers that scale: what a form offers first, and the search behind its autocomplete.

An organisation or person picker renders a <select> holding only the value chosen and a bounded
list of first choices (`LIMITE`); static/js/pickers.js turns it into a Tom Select that asks a JSON
endpoint (creneaux.views.recherche) for the rest as the user types. The form's field keeps the
whole set the endpoint can return as its queryset, so any choice found is accepted and a forged id
is refused next to the field.

- Organisations (porteur and partners of a project): those linked to the créneau, then those of
  its regions, first; typing searches every organisation by name (public bodies and companies).
- The organisme gestionnaire of a créneau (its file): the current one, then those of its
  regions, first; typing searches every organisation by name.
- People (a comité's new member): the people of the créneau's organisations first; others only
  once at least `MIN_LETTRES` letters are typed — never a province-wide list of persons.
"""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from creneaux.models import Mandat, Organisation, Personne
from noyau.saisies import entier
from noyau.tri import alpha

LIMITE = 20  # results of a search, and first choices rendered into the page
MIN_LETTRES = 2  # typed before anything beyond the first choices is searched
MAX_MOTS = 5


def _mots(q):
    return (q or "").split()[:MAX_MOTS]


def _assez_tape(q):
    return len((q or "").strip()) >= MIN_LETTRES


def _chaque_mot(mots, *champs):
    """Q: every word is found (case-insensitive) in one of `champs`."""
    q = Q()
    for mot in mots:
        un = Q()
        for champ in champs:
            un |= Q(**{f"{champ}__icontains": mot})
        q &= un
    return q


def _rang(premiers):
    """0 for the rows matching `premiers` (a Q), 1 for the others."""
    return Case(When(premiers, then=Value(0)), default=Value(1), output_field=IntegerField())


# ---- Organisations ---------------------------------------------------------------------------


def organisations_liees_q(creneau):
    """Q of the organisations linked to `creneau`: its organisme gestionnaire, its coordination's
    employers, its projects' porteurs and partners, the organisations of its comités' members
    (subqueries: one SQL query whatever their number)."""
    return (
        Q(pk=creneau.organisme_gestionnaire_id)
        | Q(pk__in=Organisation.objects.filter(coordinations__creneau=creneau).values("pk"))
        | Q(pk__in=Organisation.objects.filter(projets_portes__creneau=creneau).values("pk"))
        | Q(pk__in=Organisation.objects.filter(projets_partenaires__creneau=creneau).values("pk"))
        | Q(pk__in=Personne.objects.filter(mandats__comite__creneau=creneau).values("organisation"))
    )


def _regions_q(creneau):
    return Q(region=creneau.region_porteuse_id) | Q(region__in=creneau.autres_regions.values("pk"))


def _organisations(liees, regions, q, limite):
    """At most `limite` organisations: those matching `liees`, then `regions` (Q), filtered by
    what is typed; with ≥ MIN_LETTRES letters typed, every organisation by name."""
    rang = Case(When(liees, then=Value(0)), When(regions, then=Value(1)), default=Value(2), output_field=IntegerField())
    qs = Organisation.objects.select_related("region").annotate(rang=rang).filter(_chaque_mot(_mots(q), "nom"))
    if not _assez_tape(q):
        qs = qs.filter(liees | regions)
    return qs.order_by("rang", alpha("nom"), "pk")[:limite]


def organisations_pour_projet(creneau, q="", limite=LIMITE):
    """The organisations a project of `creneau` may name as porteur or partner: those linked to
    the créneau, then those of its regions; typed text searches every organisation by name."""
    return _organisations(organisations_liees_q(creneau), _regions_q(creneau), q, limite)


def organisations_pour_comite(comite, q="", limite=LIMITE):
    """The organisation of a new person named to `comite`: for a créneau's comité as for its
    projects; for a comité régional, its members' organisations, then its region's."""
    if comite.creneau_id:
        return organisations_pour_projet(comite.creneau, q, limite)
    membres = Q(pk__in=Personne.objects.filter(mandats__comite=comite).values("organisation"))
    return _organisations(membres, Q(region=comite.region_id), q, limite)


def organisations_pour_gestion(creneau, q="", limite=LIMITE):
    """The organisme gestionnaire `creneau` may name: its current one, then the organisations of
    its regions; typed text searches every organisation by name."""
    return _organisations(Q(pk=creneau.organisme_gestionnaire_id), _regions_q(creneau), q, limite)


def organisation_json(org):
    details = [str(org.region.nom) if org.region_id else "", org.ville]
    return {"value": str(org.pk), "text": org.nom, "detail": " · ".join(d for d in details if d)}


# ---- People ----------------------------------------------------------------------------------


def personnes_premieres_q(comite):
    """Q of the people a comité draws its members from first: for a créneau's comité, the people
    of the créneau's organisations and those who sit or sat on its comités; for a comité régional,
    the people of its region's organisations and of its members' organisations."""
    if comite.creneau_id:
        creneau = comite.creneau
        orgs = Organisation.objects.filter(organisations_liees_q(creneau)).values("pk")
        siegent = Personne.objects.filter(mandats__comite__creneau=creneau).values("pk")
    else:
        membres = Personne.objects.filter(mandats__comite=comite)
        orgs = Organisation.objects.filter(Q(region=comite.region_id) | Q(pk__in=membres.values("organisation"))).values("pk")
        siegent = membres.values("pk")
    return Q(organisation__in=orgs) | Q(pk__in=siegent)


def personnes_pour_comite(comite, q="", limite=LIMITE):
    """The people who may be named to `comite`, at most `limite`: the first choices
    (personnes_premieres_q), filtered by what is typed; others only once MIN_LETTRES letters are
    typed, found by name. People with a current open-ended mandate there are left out."""
    premieres = personnes_premieres_q(comite)
    deja = Mandat.objects.filter(comite=comite, fin=None).values("personne")
    qs = Personne.objects.select_related("organisation").exclude(pk__in=deja).annotate(rang=_rang(premieres))
    qs = qs.filter(_chaque_mot(_mots(q), "prenom", "nom"))
    if not _assez_tape(q):
        qs = qs.filter(premieres)
    return qs.order_by("rang", alpha("nom"), alpha("prenom"), "pk")[:limite]


def personnes_pour_coordination(creneau, q="", limite=LIMITE):
    """The people the Ministère may appoint to `creneau`'s coordination, at most `limite`: the
    people of the créneau's organisations first; others once MIN_LETTRES letters are typed."""
    premieres = Q(organisation__in=Organisation.objects.filter(organisations_liees_q(creneau)).values("pk"))
    qs = Personne.objects.select_related("organisation").annotate(rang=_rang(premieres))
    qs = qs.filter(_chaque_mot(_mots(q), "prenom", "nom"))
    if not _assez_tape(q):
        qs = qs.filter(premieres)
    return qs.order_by("rang", alpha("nom"), alpha("prenom"), "pk")[:limite]


def personne_json(personne):
    org = personne.organisation.nom if personne.organisation_id else ""
    return {"value": str(personne.pk), "text": str(personne), "detail": org}


# ---- Widgets ---------------------------------------------------------------------------------


class _Borne:
    """A model select that renders only the values chosen and the `premiers` (a bounded list of
    instances of the field's model, set by the form); the field's queryset still validates.
    `url` is the JSON endpoint pickers.js asks for the rest."""

    def __init__(self, url, premiers=(), attrs=None):
        attrs = {
            "data-picker-url": url,
            "data-picker-min": str(MIN_LETTRES),
            "data-picker-vide": _("Aucun résultat"),
            "data-picker-aide": _("Tapez au moins %(n)s lettres pour chercher.") % {"n": MIN_LETTRES},
            "data-picker-retirer": _("Retirer"),
            **(attrs or {}),
        }
        super().__init__(attrs)
        self.premiers = premiers

    def optgroups(self, name, value, attrs=None):
        field = getattr(self.choices, "field", None)
        if field is None:  # not a model field's choices
            return super().optgroups(name, value, attrs)
        premiers = list(self.premiers)
        connus = {o.pk for o in premiers}
        voulus = [n for n in map(entier, value) if n is not None and n not in connus]
        choisis = list(field.queryset.filter(pk__in=voulus)) if voulus else []
        choix = [] if self.allow_multiple_selected or field.empty_label is None else [("", field.empty_label)]
        choix += [(field.prepare_value(o), field.label_from_instance(o)) for o in choisis + premiers]
        complets, self.choices = self.choices, choix
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = complets


class ChoixParRecherche(_Borne, forms.Select):
    pass


class ChoixMultiplesParRecherche(_Borne, forms.SelectMultiple):
    pass


def par_recherche(champ, url, premiers, queryset):
    """Turn the model choice field `champ` into a picker: it accepts any row of `queryset` (what
    the endpoint at `url` may return) and renders only the value chosen and the `premiers`. A
    value outside `queryset` (a forged id) is refused next to the field."""
    multiple = isinstance(champ, forms.ModelMultipleChoiceField)
    champ.queryset = queryset
    champ.widget = (ChoixMultiplesParRecherche if multiple else ChoixParRecherche)(url, premiers=premiers)
    champ.widget.is_required = champ.required
    champ.widget.choices = champ.choices
    champ.error_messages["invalid_choice"] = _(
        "Ce choix n'est pas offert : cherchez-le dans la liste en tapant au moins %(n)s lettres de son nom."
    ) % {"n": MIN_LETTRES}
