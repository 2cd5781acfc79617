"""django-import-export resources, one per kind of spreadsheet: which columns, how a row finds the
record it describes (its natural key), what the import's author must be entitled to, and what a
row may not change. The same resources serve the portal's import page and the admin.

Every resource compares each row with the record it finds: a row that changes nothing is
« inchangée » and not saved again (an import is idempotent); a row with an error is « invalide »
and its reason is attached to its cell. The records an import creates or changes carry
« Importé de <fichier> (importation n) » in their history and are listed in `ElementImporte`.
"""

import datetime
from collections import OrderedDict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.fields import Field

from creneaux.models import Comite, Creneau, Mandat, Organisation, Personne, etapes_dans_le_desordre
from creneaux.roles import roles_de
from creneaux.rules import ministere_de, region_du_comite
from importations.lecture import LIGNE
from importations.models import ElementImporte
from importations.widgets import Choix, Date, Entier, Montant, ParCle, Regions, Texte, UneRegion, region, texte
from noyau.exercices import exercice_de
from noyau.formats import format_argent
from noyau.horloge import maintenant
from projets.models import STATUTS_ENGAGES, Decision, Programme, Projet, Statut, Versement


@dataclass(frozen=True)
class Colonne:
    """A column of the kind's template: its title, whether it must be filled, an example."""

    nom: str
    exemple: object
    aide: str
    obligatoire: bool = False


def _erreur(colonne, message):
    return ValidationError({colonne: [ValidationError(str(message))]})


# Related rows found by what people write in a cell.


def organisation(valeur, row=None):
    """By NEQ (10 digits) or, failing that, by name (accents and case as written)."""
    if valeur.isdigit() and len(valeur) == 10:
        trouvee = Organisation.objects.filter(neq=valeur).first()
        if trouvee is None:
            raise ValueError(_("Aucune organisation n'a le NEQ %(neq)s : importez d'abord les organisations.") % {"neq": valeur})
        return trouvee
    trouvees = list(Organisation.objects.filter(nom__iexact=valeur)[:2])
    if len(trouvees) > 1:
        raise ValueError(_("Plusieurs organisations s'appellent « %(nom)s » : donnez son NEQ.") % {"nom": valeur})
    if not trouvees:
        raise ValueError(_("Organisation inconnue : « %(nom)s » (importez d'abord les organisations).") % {"nom": valeur})
    return trouvees[0]


def creneau(valeur, row):
    """By name, and by its region porteuse (column `creneau_region`) when several share the name."""
    qs = Creneau.objects.filter(nom__iexact=valeur).select_related("region_porteuse")
    code = texte(row.get("creneau_region"))
    if code:
        qs = qs.filter(region_porteuse=region(code))
    trouves = list(qs[:2])
    if len(trouves) > 1:
        raise ValueError(
            _("Plusieurs créneaux s'appellent « %(nom)s » : donnez la région porteuse dans la colonne creneau_region.")
            % {"nom": valeur}
        )
    if not trouves:
        raise ValueError(_("Créneau inconnu : « %(nom)s » (importez d'abord les créneaux).") % {"nom": valeur})
    return trouves[0]


def comite(valeur, row):
    trouves = list(Comite.objects.filter(nom__iexact=valeur).select_related("creneau")[:2])
    if len(trouves) > 1:
        raise ValueError(_("Plusieurs comités s'appellent « %(nom)s ».") % {"nom": valeur})
    if not trouves:
        raise ValueError(_("Comité inconnu : « %(nom)s » (importez d'abord les comités).") % {"nom": valeur})
    return trouves[0]


def personne(valeur, row):
    """By e-mail, or by « Prénom Nom » when the person is the only one of that name."""
    if "@" in valeur:
        qs = Personne.objects.filter(courriel__iexact=valeur)
    else:
        candidates = [p for p in Personne.objects.filter(nom__iexact=valeur.split(" ")[-1]) if str(p).lower() == valeur.lower()]
        qs = Personne.objects.filter(pk__in=[p.pk for p in candidates])
    trouvees = list(qs[:2])
    if len(trouvees) > 1:
        raise ValueError(_("Plusieurs personnes répondent à « %(v)s » : donnez son courriel.") % {"v": valeur})
    if not trouvees:
        raise ValueError(_("Personne inconnue : « %(v)s » (importez d'abord les personnes).") % {"v": valeur})
    return trouvees[0]


def programme(valeur, row):
    trouve = Programme.objects.filter(sigle__iexact=valeur).first()
    if trouve is None:
        raise ValueError(_("Programme inconnu : « %(v)s » (son sigle, p. ex. FSDCE).") % {"v": valeur})
    return trouve


def projet(valeur, row):
    trouve = Projet.objects.filter(numero=valeur).select_related("creneau").first()
    if trouve is None:
        raise ValueError(_("Aucun projet ne porte le numéro « %(v)s » (importez d'abord les projets).") % {"v": valeur})
    return trouve


def gestionnaire(valeur, row):
    """The créneau's organisme gestionnaire; one not yet in the register is created by the import
    (an « OBNL dédié » without NEQ, of the créneau's region) and said so in the preview."""
    try:
        return organisation(valeur, row)
    except ValueError:
        if valeur.isdigit():
            raise
        return Organisation(nom=valeur, type=Organisation.Type.OBNL)


def champ(colonne, widget, attribut=True):
    return Field(attribute=colonne if attribut else None, column_name=colonne, widget=widget)


class Ressource(resources.ModelResource):
    """What every kind shares: the import (`importation`) and its author (`par`), entitlement per
    row, change detection, history reason, and the trace of every record written."""

    COLONNES: tuple = ()
    # Other titles people give a column → the template's title.
    ALIAS: dict = {}

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        skip_html_diff = True
        store_instance = True
        store_row_values = True

    def __init__(self, importation=None, par=None, **kwargs):
        super().__init__(**kwargs)
        self.importation = importation
        self.par = par
        self.roles = roles_de(par, frais=True)
        self._changements = []
        self._notes = []

    @classmethod
    def colonnes_obligatoires(cls):
        return [c.nom for c in cls.COLONNES if c.obligatoire]

    def before_import(self, dataset, **kwargs):
        dataset.headers = [self.ALIAS.get(h, h) for h in dataset.headers]

    # Finding the record: each kind's natural key (`cle`); None for a new record.
    def cle(self, row):
        raise NotImplementedError

    def get_instance(self, instance_loader, row):
        try:
            return self.cle(row)
        except ValueError:
            return None  # the cell's own error is reported when the row is read

    # Reading the row.
    def completer(self, instance, row, nouveau):
        """Kind-specific reading after the cells: defaults, entitlement, what may not change.
        Raises ValidationError({colonne: message})."""

    def before_import_row(self, row, **kwargs):
        self._changements, self._notes = [], []

    def import_instance(self, instance, row, **kwargs):
        erreurs = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            erreurs = e.update_error_dict(erreurs)
        # Many-to-many cells are read now too, so their errors are reported like the others'.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as e:
                    erreurs[field.attribute] = [ValidationError(str(e))]
        if not erreurs:
            try:
                self.completer(instance, row, instance.pk is None)
            except ValidationError as e:
                erreurs = e.update_error_dict(erreurs)
        if erreurs:
            raise ValidationError(erreurs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # A row whose cells are wrong is reported by its cells only: the model's own checks
        # (full_clean) would add consequences of the same mistakes.
        if import_validation_errors:
            raise ValidationError(import_validation_errors)
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        changements = []
        for field in self.get_import_fields():
            if not field.attribute or field.column_name not in row:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                try:
                    apres = sorted(o.pk for o in field.clean(row))
                except ValueError:
                    continue
                avant = [] if original.pk is None else sorted(field.get_value(original).values_list("pk", flat=True))
                if apres != avant:
                    changements.append(field.column_name)
            elif field.get_value(instance) != field.get_value(original):
                changements.append(field.column_name)
        self._changements = changements
        return not import_validation_errors and original.pk is not None and not changements

    def save_instance(self, instance, is_create, row, **kwargs):
        self.avant_sauvegarde(instance, row, is_create, **kwargs)
        self.marquer(instance)
        super().save_instance(instance, is_create, row, **kwargs)
        self.apres_sauvegarde(instance, row, is_create, **kwargs)

    def marquer(self, instance):
        instance._change_reason = str(self.importation.raison)
        instance._history_user = self.par
        instance._history_date = maintenant()

    def avant_sauvegarde(self, instance, row, nouveau, **kwargs):
        pass

    def apres_sauvegarde(self, instance, row, nouveau, **kwargs):
        pass

    def tracer(self, objet, row, action, **kwargs):
        if kwargs.get("dry_run"):
            return
        ElementImporte.objects.create(
            importation=self.importation,
            ligne=row.get(LIGNE) or 0,
            action=action,
            type_objet=ContentType.objects.get_for_model(objet),
            id_objet=objet.pk,
            libelle=str(objet)[:255],
        )

    def after_import_row(self, row, row_result, **kwargs):
        row_result.changements = list(self._changements)
        row_result.notes = list(self._notes)
        if row_result.import_type in (row_result.IMPORT_TYPE_NEW, row_result.IMPORT_TYPE_UPDATE):
            action = (
                ElementImporte.Action.CREE
                if row_result.import_type == row_result.IMPORT_TYPE_NEW
                else ElementImporte.Action.MODIFIE
            )
            self.tracer(row_result.instance, row, action, **kwargs)


def _reserve_a_la_region(roles, region_id, colonne):
    if not ministere_de(roles, region_id):
        raise _erreur(colonne, _("Seuls le bureau central et la direction régionale de cette région importent cette ligne."))


class Organisations(Ressource):
    COLONNES = (
        Colonne("neq", "1234567890", gettext_lazy("Numéro d'entreprise du Québec, 10 chiffres : la clé de la ligne.")),
        Colonne("nom", "Les Meubles Exemple inc.", gettext_lazy("Nom de l'organisation."), True),
        Colonne("type", "Entreprise", gettext_lazy("Type (Entreprise, Centre de recherche, OBNL dédié…)."), True),
        Colonne("region", "17", gettext_lazy("Région : code (01 à 17) ou nom.")),
        Colonne("ville", "Victoriaville", gettext_lazy("Ville.")),
        Colonne("site_web", "https://exemple.qc.ca", gettext_lazy("Adresse du site web.")),
    )
    neq = champ("neq", Texte())
    nom = champ("nom", Texte())
    type = champ("type", Choix(Organisation.Type.choices))
    region = champ("region", UneRegion())
    ville = champ("ville", Texte())
    site_web = champ("site_web", Texte())

    class Meta(Ressource.Meta):
        model = Organisation
        fields = ("neq", "nom", "type", "region", "ville", "site_web")
        import_id_fields = ("neq",)

    def cle(self, row):
        neq = texte(row.get("neq"))
        if neq:
            return Organisation.objects.filter(neq=neq).first()
        nom = texte(row.get("nom"))
        trouvees = list(Organisation.objects.filter(neq="", nom__iexact=nom)[:2]) if nom else []
        return trouvees[0] if len(trouvees) == 1 else None


class Personnes(Ressource):
    COLONNES = (
        Colonne("prenom", "Julie", gettext_lazy("Prénom."), True),
        Colonne("nom", "Exemplard", gettext_lazy("Nom."), True),
        Colonne("courriel", "julie.exemplard@exemple.qc.ca", gettext_lazy("Courriel : la clé de la ligne quand il est donné.")),
        Colonne("telephone", "819 555-0100", gettext_lazy("Téléphone.")),
        Colonne("fonction", "Présidente", gettext_lazy("Fonction.")),
        Colonne("organisation", "1234567890", gettext_lazy("Organisation : son NEQ ou son nom.")),
    )
    prenom = champ("prenom", Texte())
    nom = champ("nom", Texte())
    courriel = champ("courriel", Texte())
    telephone = champ("telephone", Texte())
    fonction = champ("fonction", Texte())
    organisation = champ("organisation", ParCle(organisation))

    class Meta(Ressource.Meta):
        model = Personne
        fields = ("prenom", "nom", "courriel", "telephone", "fonction", "organisation")
        import_id_fields = ("nom",)

    def cle(self, row):
        courriel = texte(row.get("courriel"))
        if courriel:
            return Personne.objects.filter(courriel__iexact=courriel).first()
        trouvees = list(Personne.objects.filter(prenom__iexact=texte(row.get("prenom")), nom__iexact=texte(row.get("nom")))[:2])
        return trouvees[0] if len(trouvees) == 1 else None


class Creneaux(Ressource):
    COLONNES = (
        Colonne("nom", "Meuble", gettext_lazy("Nom du créneau."), True),
        Colonne("sigle", "", gettext_lazy("Sigle.")),
        Colonne("region_porteuse", "17", gettext_lazy("Région porteuse : code ou nom. Avec le nom, la clé de la ligne."), True),
        Colonne("autres_regions", "04;05", gettext_lazy("Autres régions d'un créneau interrégional, séparées par « ; ».")),
        Colonne(
            "statut", "Reconnu", gettext_lazy("Étape : Potentiel, Autorisé, Reconnu ou Retiré (vide : Reconnu à la création).")
        ),
        Colonne("date_potentiel", "2005-03-15", gettext_lazy("Potentiel depuis (date).")),
        Colonne("date_autorise", "2006-01-10", gettext_lazy("Autorisé le (date).")),
        Colonne("date_reconnu", "2007-01-10", gettext_lazy("Reconnu le (date).")),
        Colonne("date_fin", "", gettext_lazy("Retiré le (date).")),
        Colonne("secteur", "Bois et meuble", gettext_lazy("Secteur.")),
        Colonne("organisme_gestionnaire", "", gettext_lazy("Organisme gestionnaire : NEQ ou nom (créé s'il est inconnu).")),
        Colonne("description", "", gettext_lazy("Description (la colonne « notes » est aussi lue).")),
    )
    ALIAS = {"notes": "description", "region": "region_porteuse", "etape": "statut"}
    nom = champ("nom", Texte())
    sigle = champ("sigle", Texte())
    region_porteuse = champ("region_porteuse", UneRegion())
    autres_regions = champ("autres_regions", Regions())
    statut = champ("statut", Choix(Creneau.Statut.choices))
    date_potentiel = champ("date_potentiel", Date())
    date_autorise = champ("date_autorise", Date())
    date_reconnu = champ("date_reconnu", Date())
    date_fin = champ("date_fin", Date())
    secteur = champ("secteur", Texte())
    organisme_gestionnaire = champ("organisme_gestionnaire", ParCle(gestionnaire))
    description = champ("description", Texte())

    class Meta(Ressource.Meta):
        model = Creneau
        fields = (
            "nom",
            "sigle",
            "region_porteuse",
            "autres_regions",
            "statut",
            "date_potentiel",
            "date_autorise",
            "date_reconnu",
            "date_fin",
            "secteur",
            "organisme_gestionnaire",
            "description",
        )
        import_id_fields = ("nom",)

    def cle(self, row):
        nom, code = texte(row.get("nom")), row.get("region_porteuse")
        if not nom or not texte(code):
            return None
        return Creneau.objects.filter(nom__iexact=nom, region_porteuse=region(code)).first()

    def completer(self, instance, row, nouveau):
        avant = None if nouveau else Creneau.objects.get(pk=instance.pk)
        if not texte(row.get("statut")):
            instance.statut = Creneau.Statut.RECONNU if nouveau else avant.statut
        if instance.statut == Creneau.Statut.FUSIONNE and (nouveau or avant.statut != Creneau.Statut.FUSIONNE):
            raise _erreur(
                "statut", _("Une fusion s'enregistre sur la fiche du créneau (elle désigne le créneau qui en est issu).")
            )
        if instance.region_porteuse_id is None:
            raise _erreur("region_porteuse", _("Donnez la région porteuse du créneau (code de 01 à 17 ou nom)."))
        _reserve_a_la_region(self.roles, instance.region_porteuse_id, "region_porteuse")
        desordre = etapes_dans_le_desordre(vars(instance))
        if desordre:
            raise ValidationError(desordre)
        if nouveau:
            base = slugify(f"{instance.nom} {instance.region_porteuse.nom}")[:110]
            slug, n = base, 1
            while Creneau.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            instance.slug = slug
        gestionnaire_ = instance.organisme_gestionnaire
        if gestionnaire_ is not None and gestionnaire_.pk is None:
            self._notes.append(_("crée l'organisation « %(nom)s » (OBNL dédié)") % {"nom": gestionnaire_.nom})

    def avant_sauvegarde(self, instance, row, nouveau, **kwargs):
        gestionnaire_ = instance.organisme_gestionnaire
        if gestionnaire_ is not None and gestionnaire_.pk is None:
            gestionnaire_.region = instance.region_porteuse
            self.marquer(gestionnaire_)
            gestionnaire_.save()
            instance.organisme_gestionnaire = gestionnaire_
            self.tracer(gestionnaire_, row, ElementImporte.Action.CREE, **kwargs)


class Comites(Ressource):
    COLONNES = (
        Colonne("nom", "Comité de créneau Meuble", gettext_lazy("Nom du comité : la clé de la ligne."), True),
        Colonne("type", "Comité de créneau", gettext_lazy("Type : Comité régional ACCORD, Comité de créneau…"), True),
        Colonne("region", "", gettext_lazy("Région d'un comité régional : code ou nom.")),
        Colonne("creneau", "Meuble", gettext_lazy("Créneau d'un comité de créneau : son nom.")),
        Colonne("creneau_region", "17", gettext_lazy("Région porteuse du créneau, quand plusieurs portent ce nom.")),
        Colonne("quorum", "", gettext_lazy("Quorum (vide : la majorité des membres votants).")),
    )
    nom = champ("nom", Texte())
    type = champ("type", Choix(Comite.Type.choices))
    region = champ("region", UneRegion())
    creneau = champ("creneau", ParCle(creneau))
    creneau_region = champ("creneau_region", Texte(), attribut=False)
    quorum = champ("quorum", Entier())

    class Meta(Ressource.Meta):
        model = Comite
        fields = ("nom", "type", "region", "creneau", "creneau_region", "quorum")
        import_id_fields = ("nom",)

    def cle(self, row):
        nom = texte(row.get("nom"))
        trouves = list(Comite.objects.filter(nom__iexact=nom)[:2]) if nom else []
        return trouves[0] if len(trouves) == 1 else None

    def completer(self, instance, row, nouveau):
        if instance.type == Comite.Type.EXECUTIF:
            raise _erreur("type", _("Un comité exécutif s'enregistre sur la fiche de son comité de créneau."))
        region_id = region_du_comite(instance)
        if region_id is None:
            raise _erreur("region", _("Donnez la région d'un comité régional, ou le créneau d'un autre comité."))
        _reserve_a_la_region(self.roles, region_id, "region" if instance.type == Comite.Type.REGIONAL else "creneau")


class Mandats(Ressource):
    COLONNES = (
        Colonne("personne", "julie.exemplard@exemple.qc.ca", gettext_lazy("Membre : son courriel ou « Prénom Nom »."), True),
        Colonne("comite", "Comité de créneau Meuble", gettext_lazy("Nom du comité."), True),
        Colonne("role", "Membre", gettext_lazy("Rôle : Président·e, Secrétaire, Membre, Observateur·trice…"), True),
        Colonne(
            "college", "Gens d'affaires", gettext_lazy("Collège : Gens d'affaires, Recherche et formation, Intervenants."), True
        ),
        Colonne("debut", "2024-04-01", gettext_lazy("Début du mandat (date) : avec la personne et le comité, la clé."), True),
        Colonne("fin", "", gettext_lazy("Fin du mandat (date).")),
    )
    personne = champ("personne", ParCle(personne))
    comite = champ("comite", ParCle(comite))
    role = champ("role", Choix(Mandat.Role.choices))
    college = champ("college", Choix(Mandat.College.choices))
    debut = champ("debut", Date())
    fin = champ("fin", Date())

    class Meta(Ressource.Meta):
        model = Mandat
        fields = ("personne", "comite", "role", "college", "debut", "fin")
        import_id_fields = ("personne",)

    def cle(self, row):
        valeurs = [texte(row.get(c)) for c in ("personne", "comite")]
        if not all(valeurs) or not row.get("debut"):
            return None
        return Mandat.objects.filter(
            personne=personne(valeurs[0], row), comite=comite(valeurs[1], row), debut=Date().clean(row.get("debut"))
        ).first()

    def completer(self, instance, row, nouveau):
        if not instance.role:
            instance.role = Mandat.Role.MEMBRE
        # The author confirms the mandates they import: the same entitlement as confirming one.
        if not ministere_de(self.roles, region_du_comite(instance.comite)):
            raise _erreur("comite", _("Seule la direction régionale du Ministère confirme les mandats des comités de sa région."))
        if instance.personne.user_id is not None and instance.personne.user_id == self.par.pk:
            raise _erreur("personne", _("Un mandat ne se confirme pas par la personne qui le reçoit."))
        if instance.role != Mandat.Role.OBSERVATEUR and instance.confirme_le is None:
            instance.confirme_le, instance.confirme_par = maintenant(), self.par


DECISIONS = {
    Statut.ACCEPTE: Statut.ACCEPTE,
    Statut.EN_REALISATION: Statut.ACCEPTE,
    Statut.TERMINE: Statut.ACCEPTE,
    Statut.REFUSE_MINISTERE: Statut.REFUSE_MINISTERE,
}


class Projets(Ressource):
    """Historical projects, each with the Ministère's decision: created once, never changed by an
    import (decisions are append-only); the decision is marked as imported history."""

    COLONNES = (
        Colonne("numero", "FSDCE-2019-17-003", gettext_lazy("Numéro du projet : la clé de la ligne."), True),
        Colonne("titre", "Vitrine du meuble d'ici", gettext_lazy("Titre."), True),
        Colonne("creneau", "Meuble", gettext_lazy("Nom du créneau."), True),
        Colonne("creneau_region", "17", gettext_lazy("Région porteuse du créneau, quand plusieurs portent ce nom.")),
        Colonne("programme", "FSDCE", gettext_lazy("Sigle du programme."), True),
        Colonne("porteur", "1234567890", gettext_lazy("Organisation porteuse : NEQ ou nom.")),
        Colonne("statut", "Accepté", gettext_lazy("Accepté, En réalisation, Terminé ou Refusé (Ministère)."), True),
        Colonne("date_decision", "2019-06-20", gettext_lazy("Date de la décision du Ministère."), True),
        Colonne("montant_accorde", "12 500,00 $", gettext_lazy("Montant accordé (vide pour un refus).")),
        Colonne("exercice", "", gettext_lazy("Exercice (année de début ; vide : celui de la décision).")),
        Colonne("date_debut", "2019-07-01", gettext_lazy("Début du projet (date).")),
        Colonne("date_fin", "2020-06-30", gettext_lazy("Fin du projet (date).")),
    )
    numero = champ("numero", Texte())
    titre = champ("titre", Texte())
    creneau = champ("creneau", ParCle(creneau))
    creneau_region = champ("creneau_region", Texte(), attribut=False)
    programme = champ("programme", ParCle(programme))
    porteur = champ("porteur", ParCle(organisation))
    statut = champ("statut", Choix([(s, Statut(s).label) for s in DECISIONS]), attribut=False)
    date_decision = champ("date_decision", Date(), attribut=False)
    montant_accorde = champ("montant_accorde", Montant())
    exercice = champ("exercice", Entier())
    date_debut = champ("date_debut", Date())
    date_fin = champ("date_fin", Date())

    class Meta(Ressource.Meta):
        model = Projet
        fields = (
            "numero",
            "titre",
            "creneau",
            "creneau_region",
            "programme",
            "porteur",
            "statut",
            "date_decision",
            "montant_accorde",
            "exercice",
            "date_debut",
            "date_fin",
        )
        import_id_fields = ("numero",)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The state is protected (django-fsm): full_clean() must not assign it back.
        if import_validation_errors:
            raise ValidationError(import_validation_errors)
        try:
            instance.full_clean(exclude=["statut"], validate_unique=validate_unique)
        except ValidationError as e:
            raise ValidationError(e.update_error_dict({})) from None

    def cle(self, row):
        numero = texte(row.get("numero"))
        return Projet.objects.filter(numero=numero).first() if numero else None

    def _cellule(self, colonne, row):
        try:
            return self.fields[colonne].clean(row)
        except ValueError as e:
            raise _erreur(colonne, e) from None
        except KeyError:
            return None

    def completer(self, instance, row, nouveau):
        statut = self._cellule("statut", row)
        date = self._cellule("date_decision", row)
        if not instance.numero:
            raise _erreur("numero", _("Donnez le numéro du projet."))
        if instance.creneau_id:
            _reserve_a_la_region(self.roles, instance.creneau.region_porteuse_id, "creneau")
        if not nouveau:
            avant = Projet.objects.get(pk=instance.pk)
            importee = avant.decisions.filter(importee=True, etape=Decision.Etape.DECISION_MINISTERE).first()
            differe = [
                f.column_name
                for f in self.get_import_fields()
                if f.attribute and f.column_name in row and f.get_value(instance) != f.get_value(avant)
            ]
            if statut and statut != avant.statut:
                differe.append("statut")
            if date and (importee is None or timezone.localdate(importee.horodatage) != date):
                differe.append("date_decision")
            if differe:
                raise _erreur(
                    differe[0],
                    _("Le projet %(numero)s est déjà dans le portail : une importation ne le modifie pas (%(cols)s).")
                    % {"numero": avant.numero, "cols": ", ".join(differe)},
                )
            return
        if not statut:
            raise _erreur("statut", _("Donnez l'état du projet (Accepté, En réalisation, Terminé ou Refusé)."))
        if date is None:
            raise _erreur("date_decision", _("Donnez la date de la décision du Ministère."))
        accepte = DECISIONS[statut] == Statut.ACCEPTE
        if accepte and not instance.montant_accorde:
            raise _erreur("montant_accorde", _("Donnez le montant accordé à un projet accepté."))
        if not accepte and instance.montant_accorde:
            raise _erreur("montant_accorde", _("Un projet refusé n'a pas de montant accordé."))
        if instance.montant_accorde is not None and instance.montant_accorde < 0:
            raise _erreur("montant_accorde", _("Le montant accordé ne peut être négatif."))
        moment = timezone.make_aware(datetime.datetime.combine(date, datetime.time(12)))
        # Imported history: the state is written as the spreadsheet gives it, without the
        # workflow's transitions (no séance, no vote: see docs/importation.md).
        instance.__dict__["statut"] = statut
        instance.statut_depuis = moment
        instance.cree_le = moment
        instance.cree_par = self.par
        instance.exercice = instance.exercice or exercice_de(date)
        if instance.porteur_id:
            instance.type_porteur = instance.porteur.type
        instance._decision = (DECISIONS[statut], moment)

    def apres_sauvegarde(self, instance, row, nouveau, **kwargs):
        if not nouveau:
            return
        vers, moment = instance._decision
        Decision.objects.create(
            projet=instance,
            etape=Decision.Etape.DECISION_MINISTERE,
            de_statut=Statut.MINISTERE,
            vers_statut=vers,
            montant=instance.montant_accorde,
            motif=str(self.importation.raison),
            auteur=self.par,
            horodatage=moment,
            importee=True,
        )


class Versements(Ressource):
    COLONNES = (
        Colonne("projet", "FSDCE-2019-17-003", gettext_lazy("Numéro du projet."), True),
        Colonne("date", "2019-09-15", gettext_lazy("Date du versement : avec le projet, la clé de la ligne."), True),
        Colonne("montant", "6 250,00 $", gettext_lazy("Montant versé."), True),
        Colonne("note", "Premier versement", gettext_lazy("Note.")),
    )
    projet = champ("projet", ParCle(projet))
    date = champ("date", Date())
    montant = champ("montant", Montant())
    note = champ("note", Texte())

    class Meta(Ressource.Meta):
        model = Versement
        fields = ("projet", "date", "montant", "note")
        import_id_fields = ("projet",)

    def cle(self, row):
        numero, date = texte(row.get("projet")), row.get("date")
        if not numero or not date:
            return None
        return Versement.objects.filter(projet__numero=numero, date=Date().clean(date)).first()

    def completer(self, instance, row, nouveau):
        p = instance.projet
        _reserve_a_la_region(self.roles, p.creneau.region_porteuse_id, "projet")
        if p.statut not in STATUTS_ENGAGES:
            raise _erreur(
                "projet", _("Le projet %(numero)s n'est pas accepté : rien ne peut lui être versé.") % {"numero": p.numero}
            )
        if instance.montant is None or instance.montant <= 0:
            raise _erreur("montant", _("Indiquez un montant versé supérieur à zéro."))
        autres = p.versements.exclude(pk=instance.pk).aggregate(t=Sum("montant"))["t"] or 0
        if autres + instance.montant > p.engage:
            raise _erreur(
                "montant",
                _("Avec ce versement, le total versé (%(total)s) dépasserait le montant accordé (%(accorde)s).")
                % {"total": format_argent(autres + instance.montant), "accorde": format_argent(p.engage)},
            )


RESSOURCES = OrderedDict(
    [
        ("organisations", Organisations),
        ("personnes", Personnes),
        ("creneaux", Creneaux),
        ("comites", Comites),
        ("mandats", Mandats),
        ("projets", Projets),
        ("versements", Versements),
    ]
)
