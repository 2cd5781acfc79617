"""Every change of the organisational side of ACCORD, one verb each (the contract: noyau.actions).

Verb (rule)                               what                                     guard
modifier_fiche (creneaux.modifier;        the créneau's file: sigle, secteur,      the stages' dates follow one another
  nom, autres_regions:                      vision, description, site web,
  creneaux.changer_statut)                  organisme gestionnaire, stages' dates
changer_statut (creneaux.changer_statut)  the stage (potentiel, autorisé,          a motif; another stage than today's;
                                            reconnu, retiré) reached on `date`     a merger is `fusionner`'s
fusionner (creneaux.changer_statut)       merged into `dans` on `date`             a motif; `dans` is another créneau,
                                                                                   neither merged nor withdrawn
enregistrer_comite                        a new or changed comité                  its parent is another comité of the
  (creneaux.modifier_comite)                                                       same créneau; one comité de créneau
nommer_membre (creneaux.modifier_comite)  a mandate in a comité (with a new        one open mandate per person and
                                            person, created with it)               comité; it ends after it starts
terminer_mandat (creneaux.modifier_comite) the end of a mandate                    not before its start
enregistrer_reunion                       a meeting of a comité and who attended   those present sat on the comité
  (creneaux.gerer_reunions)                                                        on the meeting's day
enregistrer_organisation                  the register of organisations            a NEQ of 10 digits, unique
  (creneaux.gerer_organisations)
enregistrer_partenariat (creneaux.modifier) an international partnership           —
enregistrer_collaboration                 a collaboration of the créneau with      it ends after it starts
  (creneaux.modifier)                       other créneaux

`enregistrer_*` take the object to save: a new one (its créneau or comité set), or an existing
one carrying its changed fields (a ModelForm's `form.instance`). An existing row is locked and
read again; only its editable fields are taken from the object, which cannot move to another
créneau or comité. Besides its guard, every verb checks the model's fields and constraints.

Each verb writes the model's history row in the same transaction (who, when by the portal's
clock, why: the motif of a statut change or a merger); a statut change or a merger is e-mailed to
the coordination after commit. A refused verb changes nothing and raises ActionRefusee.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from creneaux import destinataires
from creneaux.models import (
    Collaboration,
    Comite,
    Creneau,
    Mandat,
    Organisation,
    PartenariatInternational,
    Personne,
    Reunion,
    etapes_dans_le_desordre,
    neq_deja_pris,
)
from noyau.actions import ActionRefusee, exiger, exiger_motif, verrouiller
from noyau.courriels import notifier_apres_commit
from noyau.horloge import aujourdhui, maintenant

Statut = Creneau.Statut

CHAMPS_FICHE = (
    "sigle",
    "secteur",
    "vision",
    "description",
    "site_web",
    "organisme_gestionnaire",
    "date_potentiel",
    "date_autorise",
    "date_reconnu",
    "date_fin",
)
CHAMPS_COMITE = ("type", "nom", "parent", "delegation_resolutions", "quorum", "mandat_texte")
CHAMPS_REUNION = ("date", "lieu", "ordre_du_jour", "proces_verbal")
CHAMPS_ORGANISATION = ("nom", "type", "region", "neq", "ville", "site_web")
CHAMPS_PARTENARIAT = ("partenaire", "pays", "type", "maturite", "description", "debut")
CHAMPS_COLLABORATION = ("titre", "description", "debut", "fin")


# ---------------------------------------------------------------------------------------------
# Shared steps


def _sauver(obj, par, raison):
    """Save `obj` with its history row: who, when (the portal's clock), why."""
    obj._history_user = par
    obj._history_date = maintenant()
    obj._change_reason = str(raison)
    obj.save()
    return obj


def _valider(obj):
    """The model's fields and constraints, as a refusal rather than a database error."""
    try:
        obj.full_clean()
    except ValidationError as e:
        erreurs = e.message_dict
        raise ActionRefusee(" ".join(m for messages in erreurs.values() for m in messages), erreurs=erreurs) from None


def _ligne(obj, queryset, champs, parents=()):
    """The row to save for `obj`: `obj` itself when new; else its row, locked, with `champs` taken
    from `obj`. The object may not be moved to another of its `parents` (créneau, comité…)."""
    if obj.pk is None:
        return obj
    try:
        ligne = verrouiller(queryset, obj)
    except queryset.model.DoesNotExist:
        raise ActionRefusee(_("Cet élément a été supprimé entre-temps. Rechargez la page.")) from None
    for parent in parents:
        if getattr(ligne, f"{parent}_id") != getattr(obj, f"{parent}_id"):
            raise ActionRefusee(_("Cet élément ne peut pas changer de %(parent)s.") % {"parent": _nom_du_champ(ligne, parent)})
    for champ in champs:
        attname = ligne._meta.get_field(champ).attname
        setattr(ligne, attname, getattr(obj, attname))
    return ligne


def _nom_du_champ(obj, champ):
    return obj._meta.get_field(champ).verbose_name


def _verrouiller_creneau(creneau):
    return verrouiller(Creneau.objects.select_related("region_porteuse", "fusionne_dans"), creneau)


def _verifier_etapes(creneau):
    erreurs = etapes_dans_le_desordre({champ: getattr(creneau, champ) for champ in Creneau.DATE_DU_STATUT.values()})
    if erreurs:
        raise ActionRefusee(" ".join(m for messages in erreurs.values() for m in messages), erreurs=erreurs)


# ---------------------------------------------------------------------------------------------
# The créneau


def modifier_fiche(creneau, *, par, donnees) -> Creneau:
    """Change the créneau's file: the keys of `donnees` among CHAMPS_FICHE, and `nom` and
    `autres_regions` (the Ministère's). Other keys are ignored: the statut and a merger are
    `changer_statut`'s and `fusionner`'s. Nothing is written when nothing changes."""
    with transaction.atomic():
        c = _verrouiller_creneau(creneau)
        exiger("creneaux.modifier", par, c)
        changements = {
            champ: valeur for champ, valeur in donnees.items() if champ in (*CHAMPS_FICHE, "nom") and getattr(c, champ) != valeur
        }
        regions = donnees.get("autres_regions")
        if regions is not None and {r.pk for r in regions} == set(c.autres_regions.values_list("pk", flat=True)):
            regions = None
        if "nom" in changements or regions is not None:
            exiger("creneaux.changer_statut", par, c)
        if not changements and regions is None:
            return c
        for champ, valeur in changements.items():
            setattr(c, champ, valeur)
        _verifier_etapes(c)
        _valider(c)
        _sauver(c, par, _("Fiche modifiée"))
        if regions is not None:
            c.autres_regions.set(regions)
    return c


def changer_statut(creneau, *, par, statut, motif, date=None) -> Creneau:
    """The Ministère moves the créneau to stage `statut` (potentiel, autorisé, reconnu or retiré),
    reached on `date` (today by default), which is set in that stage's date field. Back to an
    open stage, the créneau has no end date nor merger any more. `motif` is the reason of the
    history row."""
    with transaction.atomic():
        c = _verrouiller_creneau(creneau)
        exiger("creneaux.changer_statut", par, c)
        motif = exiger_motif(motif)
        if statut == Statut.FUSIONNE:
            raise ActionRefusee(_("Pour une fusion, indiquez le créneau qui l'absorbe."), champ="fusionne_dans")
        if statut not in Statut.values:
            raise ActionRefusee(_("Ce statut n'existe pas."), champ="statut")
        if statut == c.statut:
            raise ActionRefusee(_("Le créneau est déjà « %(statut)s ».") % {"statut": c.get_statut_display()}, champ="statut")
        ancien = c.get_statut_display()
        c.statut, c.fusionne_dans = statut, None
        if statut != Statut.RETIRE:
            c.date_fin = None
        setattr(c, Creneau.DATE_DU_STATUT[statut], date or aujourdhui())
        _verifier_etapes(c)
        _valider(c)
        _sauver(c, par, motif)
        _notifier(c, par, ancien, motif)
    return c


def fusionner(creneau, *, par, dans, motif, date=None) -> Creneau:
    """The Ministère records the merger of the créneau into `dans` on `date` (today by default)."""
    with transaction.atomic():
        c = _verrouiller_creneau(creneau)
        exiger("creneaux.changer_statut", par, c)
        motif = exiger_motif(motif)
        if dans is None:
            raise ActionRefusee(_("Un créneau fusionné doit indiquer le créneau qui l'a absorbé."), champ="fusionne_dans")
        cible = Creneau.objects.select_related("region_porteuse").get(pk=dans.pk)
        if cible.pk == c.pk:
            raise ActionRefusee(_("Un créneau ne peut pas fusionner en lui-même."), champ="fusionne_dans")
        if cible.statut in (Statut.FUSIONNE, Statut.RETIRE):
            raise ActionRefusee(
                _("« %(cible)s » est %(statut)s : il ne peut plus absorber un créneau.")
                % {"cible": cible, "statut": cible.get_statut_display().lower()},
                champ="fusionne_dans",
            )
        if c.statut == Statut.FUSIONNE and c.fusionne_dans_id == cible.pk:
            raise ActionRefusee(_("Le créneau est déjà fusionné dans « %(cible)s ».") % {"cible": cible}, champ="fusionne_dans")
        ancien = c.get_statut_display()
        c.statut, c.fusionne_dans, c.date_fin = Statut.FUSIONNE, cible, date or aujourdhui()
        _verifier_etapes(c)
        _valider(c)
        _sauver(c, par, motif)
        _notifier(c, par, ancien, motif)
    return c


def _notifier(creneau, par, ancien, motif):
    """The coordination of the créneau (and of the one absorbing it) learns the Ministère's decision."""
    coordinations = [*destinataires.coordination(creneau)]
    if creneau.fusionne_dans_id:
        coordinations += destinataires.coordination(creneau.fusionne_dans)
    notifier_apres_commit(
        [u for u in coordinations if u != par],
        _("[ACCORD] %(creneau)s : %(statut)s") % {"creneau": creneau.nom, "statut": creneau.get_statut_display()},
        "creneaux/courriels/statut.txt",
        {"creneau": creneau, "ancien": ancien, "motif": motif, "auteur": par},
    )


# ---------------------------------------------------------------------------------------------
# Comités and mandates


def enregistrer_comite(comite, *, par) -> Comite:
    """Create a comité of its créneau, or change a comité's settings (CHAMPS_COMITE)."""
    nouveau = comite.pk is None
    with transaction.atomic():
        c = _ligne(comite, Comite.objects.select_related("creneau", "region"), CHAMPS_COMITE, parents=("creneau", "region"))
        exiger("creneaux.modifier_comite", par, c)
        if c.parent_id and (c.parent_id == c.pk or not Comite.objects.filter(pk=c.parent_id, creneau=c.creneau_id).exists()):
            raise ActionRefusee(_("Le comité parent est un autre comité du même créneau."), champ="parent")
        if (
            c.type == Comite.Type.CRENEAU
            and Comite.objects.filter(creneau=c.creneau_id, type=Comite.Type.CRENEAU).exclude(pk=c.pk).exists()
        ):
            raise ActionRefusee(_("Ce créneau a déjà son comité de créneau."), champ="type")
        _valider(c)
        _sauver(c, par, _("Comité créé") if nouveau else _("Comité modifié"))
    return c


def nommer_membre(comite, *, par, personne, role, college, debut, fin=None) -> Mandat:
    """Give `personne` a mandate (`role`, `college`, from `debut`, until `fin` if known) in
    `comite`. `personne` may be a new, unsaved Personne: it is created with its mandate."""
    with transaction.atomic():
        comite = verrouiller(Comite.objects.select_related("creneau", "region"), comite)
        exiger("creneaux.modifier_comite", par, comite)
        if personne is None:
            raise ActionRefusee(_("Choisissez une personne ou saisissez le prénom et le nom d'une nouvelle."), champ="personne")
        if debut and fin and fin < debut:
            raise ActionRefusee(_("La fin du mandat ne peut précéder son début."), champ="fin")
        if personne.pk is None:
            _valider(personne)
            personne.save()
        elif fin is None and Mandat.objects.filter(personne=personne, comite=comite, fin=None).exists():
            raise ActionRefusee(_("Cette personne a déjà un mandat en cours dans ce comité."), champ="personne")
        mandat = Mandat(comite=comite, personne=personne, role=role, college=college, debut=debut, fin=fin)
        _valider(mandat)
        _sauver(mandat, par, _("Nomination"))
    return mandat


def terminer_mandat(mandat, *, par, fin) -> Mandat:
    """End (or correct the end of) a mandate on `fin`."""
    with transaction.atomic():
        try:
            m = verrouiller(Mandat.objects.select_related("comite__creneau", "comite__region", "personne"), mandat)
        except Mandat.DoesNotExist:
            raise ActionRefusee(_("Ce mandat a été supprimé entre-temps. Rechargez la page.")) from None
        exiger("creneaux.modifier_comite", par, m.comite)
        if fin is None:
            raise ActionRefusee(_("Indiquez la fin du mandat."), champ="fin")
        if fin < m.debut:
            raise ActionRefusee(
                _("La fin du mandat ne peut précéder son début (%(debut)s).") % {"debut": date_format(m.debut)}, champ="fin"
            )
        m.fin = fin
        _valider(m)
        _sauver(m, par, _("Fin du mandat"))
    return m


# ---------------------------------------------------------------------------------------------
# Meetings


def enregistrer_reunion(reunion, *, par, presents=None) -> Reunion:
    """Record a meeting of its comité, or change one (CHAMPS_REUNION); `presents`: the people
    who attended (None: unchanged), each a member of the comité on the meeting's day."""
    nouveau = reunion.pk is None
    with transaction.atomic():
        r = _ligne(reunion, Reunion.objects.select_related("comite__creneau"), CHAMPS_REUNION, parents=("comite",))
        exiger("creneaux.gerer_reunions", par, r.comite)
        _valider(r)
        if presents is not None:
            jour = timezone.localdate(r.date)
            membres = set(Personne.objects.filter(mandats__in=r.comite.mandats.actifs(jour)).values_list("pk", flat=True))
            absents_du_comite = [str(p) for p in presents if p.pk not in membres]
            if absents_du_comite:
                raise ActionRefusee(
                    _("Ne siégeaient pas au comité le %(jour)s : %(noms)s.")
                    % {"jour": date_format(jour), "noms": ", ".join(absents_du_comite)},
                    champ="presents",
                )
        _sauver(r, par, _("Réunion consignée") if nouveau else _("Réunion modifiée"))
        if presents is not None:
            r.presents.set(presents)
    return r


# ---------------------------------------------------------------------------------------------
# Organisations, partnerships, collaborations


def enregistrer_organisation(organisation, *, par) -> Organisation:
    """Add an organisation to the register, or change one (CHAMPS_ORGANISATION)."""
    nouveau = organisation.pk is None
    with transaction.atomic():
        o = _ligne(organisation, Organisation.objects, CHAMPS_ORGANISATION)
        exiger("creneaux.gerer_organisations", par, o)
        if neq_deja_pris(o.neq, sauf=o.pk):
            raise ActionRefusee(_("Une autre organisation porte déjà ce NEQ."), champ="neq")
        _valider(o)
        _sauver(o, par, _("Organisation ajoutée") if nouveau else _("Organisation modifiée"))
    return o


def enregistrer_partenariat(partenariat, *, par) -> PartenariatInternational:
    """Add an international partnership to its créneau, or change one (CHAMPS_PARTENARIAT)."""
    nouveau = partenariat.pk is None
    with transaction.atomic():
        p = _ligne(partenariat, PartenariatInternational.objects.select_related("creneau"), CHAMPS_PARTENARIAT, ("creneau",))
        exiger("creneaux.modifier", par, p.creneau)
        _valider(p)
        _sauver(p, par, _("Partenariat ajouté") if nouveau else _("Partenariat modifié"))
    return p


def enregistrer_collaboration(collaboration, *, par, creneau, autres=()) -> Collaboration:
    """Record a collaboration of `creneau` with the créneaux `autres` (new, or one `creneau`
    takes part in): CHAMPS_COLLABORATION, and its créneaux become `creneau` and `autres`."""
    nouveau = collaboration.pk is None
    with transaction.atomic():
        col = _ligne(collaboration, Collaboration.objects, CHAMPS_COLLABORATION)
        exiger("creneaux.modifier", par, creneau)
        if not nouveau and not col.creneaux.filter(pk=creneau.pk).exists():
            raise ActionRefusee(_("Ce créneau ne prend pas part à cette collaboration."))
        if col.debut and col.fin and col.fin < col.debut:
            raise ActionRefusee(_("La fin ne peut précéder le début."), champ="fin")
        _valider(col)
        _sauver(col, par, _("Collaboration ajoutée") if nouveau else _("Collaboration modifiée"))
        col.creneaux.set({creneau, *autres})
    return col
