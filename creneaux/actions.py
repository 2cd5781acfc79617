"""Every change of the organisational side of ACCORD, one verb each (the contract: noyau.actions).

The list of these verbs is kept in one place, docs/architecture.md (« Les verbes de chaque
application », checked by tests/test_documentation.py); who may run each is docs/permissions.md,
the stages of a créneau docs/circuit.md. Each verb's docstring states its own guard.

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
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from creneaux import crochets, destinataires
from creneaux.models import (
    STATUTS_TERMINES,
    SUITE_DES_ETAPES,
    TYPES_DECIDEURS,
    Collaboration,
    Comite,
    Coordination,
    Creneau,
    DemandeCollaboration,
    DossierExcellence,
    Entente,
    Mandat,
    MembreCreneau,
    Organisation,
    PartenariatInternational,
    Reglement,
    ReglesConsultation,
    Reunion,
    actif_q,
    entente_de_mise_en_oeuvre_en_vigueur,
    etapes_dans_le_desordre,
    masse_critique,
    neq_deja_pris,
)
from creneaux.roles import roles_de
from creneaux.rules import ministere_du_comite
from noyau.actions import ActionRefusee, Conflit, exiger, exiger_motif, verrouiller
from noyau.courriels import notifier_apres_commit
from noyau.dates import exiger_date_bornee
from noyau.fichiers import verifier_fichier
from noyau.horloge import aujourdhui, maintenant

Statut = Creneau.Statut

CHAMPS_FICHE = (
    "sigle",
    "secteur",
    "secteur_en",
    "vision",
    "description",
    "site_web",
    "organisme_gestionnaire",
    "date_potentiel",
    "date_autorise",
    "date_reconnu",
    "date_fin",
)
CHAMPS_COMITE = ("type", "nom", "parent", "mandat_texte")
CHAMPS_REGLEMENT = (
    "quorum",
    "quorum_reduit",
    "motif_quorum_reduit",
    "consultation_electronique",
    "seuil_consultation",
    "duree_mandat_mois",
    "seances_par_annee",
    "delegation_resolutions",
    "majorite_affaires",
)
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


def _ligne(obj, queryset, champs, parents=(), version=None):
    """The row to save for `obj`: `obj` itself when new; else its row, locked (refused when its
    `version` is not the one the form was read at), with `champs` taken from `obj`. The object
    may not be moved to another of its `parents` (créneau, comité…)."""
    if obj.pk is None:
        return obj
    try:
        ligne = verrouiller(queryset, obj, version, conflit=_conflit)
    except queryset.model.DoesNotExist:
        raise ActionRefusee(_("Cet élément a été supprimé entre-temps. Rechargez la page.")) from None
    for parent in parents:
        if getattr(ligne, f"{parent}_id") != getattr(obj, f"{parent}_id"):
            raise ActionRefusee(_("Cet élément ne peut pas changer de %(parent)s.") % {"parent": _nom_du_champ(ligne, parent)})
    for champ in champs:
        attname = ligne._meta.get_field(champ).attname
        setattr(ligne, attname, getattr(obj, attname))
    return ligne


def _conflit():
    return Conflit(
        _("Cet élément a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert : rechargez la page, "
          "vos changements n'ont pas été enregistrés.")
    )  # fmt: skip


def _nouvelle_version(obj):
    """A changed row of a versioned model gets its next version (a form read before is stale)."""
    obj.version += 1


def _nom_du_champ(obj, champ):
    return obj._meta.get_field(champ).verbose_name


def _verrouiller_creneau(creneau, version=None):
    return verrouiller(Creneau.objects.select_related("region_porteuse", "fusionne_dans"), creneau, version, conflit=_conflit)


def _verifier_etapes(creneau):
    erreurs = etapes_dans_le_desordre({champ: getattr(creneau, champ) for champ in Creneau.DATE_DU_STATUT.values()})
    if erreurs:
        raise ActionRefusee(" ".join(m for messages in erreurs.values() for m in messages), erreurs=erreurs)


# ---------------------------------------------------------------------------------------------
# The créneau


def modifier_fiche(creneau, *, par, donnees, version=None) -> Creneau:
    """Change the créneau's file: the keys of `donnees` among CHAMPS_FICHE, and `nom` and
    `autres_regions` (the Ministère's). Other keys are ignored: the statut and a merger are
    `changer_statut`'s and `fusionner`'s. Nothing is written when nothing changes. A `version`
    other than the row's (a form read before someone else's change) is refused (Conflit)."""
    with transaction.atomic():
        c = _verrouiller_creneau(creneau, version)
        exiger("creneaux.modifier", par, c)
        changements = {
            champ: valeur for champ, valeur in donnees.items() if champ in (*CHAMPS_FICHE, "nom") and getattr(c, champ) != valeur
        }
        regions = donnees.get("autres_regions")
        if regions is not None and {r.pk for r in regions} == set(c.autres_regions.values_list("pk", flat=True)):
            regions = None
        priorites = donnees.get("priorites")
        if priorites is not None and {p.pk for p in priorites} == set(c.priorites.values_list("pk", flat=True)):
            priorites = None
        if priorites is not None:
            a_ses_regions = {c.region_porteuse_id, *(r.pk for r in (regions or c.autres_regions.all()))}
            ailleurs = [str(p) for p in priorites if p.region_id not in a_ses_regions]
            if ailleurs:
                raise ActionRefusee(
                    _("Ces priorités ne sont pas celles des régions du créneau : %(p)s.") % {"p": ", ".join(ailleurs)},
                    champ="priorites",
                )
        # The name, the regions and the stages' dates are the Ministère's.
        if {"nom", *Creneau.DATE_DU_STATUT.values()} & set(changements) or regions is not None:
            exiger("creneaux.changer_statut", par, c)
        if not changements and regions is None and priorites is None:
            return c
        for champ, valeur in changements.items():
            setattr(c, champ, valeur)
        _verifier_etapes(c)
        _valider(c)
        _nouvelle_version(c)
        _sauver(c, par, _("Fiche modifiée"))
        if regions is not None:
            c.autres_regions.set(regions)
        if priorites is not None:
            c.priorites.set(priorites)
    return c


def dossiers_ouverts(creneau):
    """[(key, label)] of what a merger or a withdrawal must settle (open projects)."""
    return crochets.dossiers_ouverts(creneau)


def _etape_permise(c, statut):
    suivantes = SUITE_DES_ETAPES[c.statut]
    if statut in suivantes:
        return
    if not suivantes:
        message = _("Le créneau est %(statut)s : ses étapes sont closes.") % {"statut": c.get_statut_display().lower()}
    else:
        message = _("Le créneau est « %(statut)s » : il ne peut que passer à %(suite)s, dans l'ordre.") % {
            "statut": c.get_statut_display(),
            "suite": _(" ou ").join(f"« {Statut(s).label} »" for s in suivantes),
        }
    raise ActionRefusee(message, champ="statut")


def _jour_de_l_etape(date, c):
    jour = exiger_date_bornee(date or aujourdhui(), "date")
    if jour > aujourdhui():
        raise ActionRefusee(_("Une étape se consigne une fois décidée : la date ne peut être future."), champ="date")
    return jour


def _etape(creneau, *, par, statut, motif, date, garde=None, dans=None, choix=None) -> Creneau:
    """Move the créneau one step forward (the Ministère's decision): lock, rule, order, date,
    `garde(c, jour)` (the step's own guard), dated history row with the motif, e-mail."""
    with transaction.atomic():
        c = _verrouiller_creneau(creneau)
        exiger("creneaux.changer_statut", par, c)
        motif = exiger_motif(motif)
        _etape_permise(c, statut)
        jour = _jour_de_l_etape(date, c)
        if garde is not None and (citation := garde(c, jour)):
            motif = f"{motif} — {citation}"  # the decision cites what it rests on
        ancien = c.get_statut_display()
        c.statut = statut
        setattr(c, Creneau.DATE_DU_STATUT[statut], jour)
        if statut in STATUTS_TERMINES:
            c.fusionne_dans = dans
            _verifier_etapes(c)
            _valider(c)
            _terminer(c, par=par, dans=dans, choix=choix or {}, motif=motif, jour=jour)
        _verifier_etapes(c)
        _valider(c)
        _nouvelle_version(c)
        _sauver(c, par, motif)
        _notifier(c, par, ancien, motif)
    return c


def _terminer(c, *, par, dans, choix, motif, jour):
    """A merged or withdrawn créneau: its coordination and mandates end on `jour`; each open
    project is transferred to `dans` or withdrawn, as `choix` says ({key: "transferer" | "retirer"})."""
    for coordination in Coordination.objects.select_for_update().filter(creneau=c).filter(actif_q(jour=jour)):
        coordination.fin = max(jour, coordination.debut)
        coordination.save(update_fields=["fin"])
    en_cours = Q(fin__isnull=True) | Q(fin__gt=jour)
    for mandat in Mandat.objects.select_for_update().filter(en_cours, comite__creneau=c):
        mandat.fin = max(jour, mandat.debut)
        _sauver(mandat, par, _("Fin du mandat : créneau %(statut)s") % {"statut": c.get_statut_display().lower()})
    ouverts = dossiers_ouverts(c)
    sans_choix = [libelle for cle, libelle in ouverts if choix.get(cle) not in CHOIX_DE_FIN]
    if sans_choix:
        raise ActionRefusee(
            _("Choisissez pour chaque projet ouvert s'il est transféré ou retiré : %(projets)s.")
            % {"projets": ", ".join(sans_choix)},
            champ="choix",
        )
    if dans is None and any(choix.get(cle) == "transferer" for cle, _l in ouverts):
        raise ActionRefusee(_("Un créneau retiré n'a pas de successeur : ses projets ouverts sont retirés."), champ="choix")
    crochets.regler_dossiers(c, par=par, dans=dans, choix=choix, motif=motif, date=jour)


CHOIX_DE_FIN = ("transferer", "retirer")


def autoriser(creneau, *, par, motif, date=None) -> Creneau:
    """Potentiel → autorisé: the créneau documented its sector and proved its excellence (its
    dossier d'excellence and member companies: _exiger_dossier_excellence, cited in the motif)."""
    return _etape(creneau, par=par, statut=Statut.AUTORISE, motif=motif, date=date, garde=_exiger_dossier_excellence)


def reconnaitre(creneau, *, par, motif, date=None) -> Creneau:
    """Autorisé → reconnu: needs a signed entente de mise en œuvre in force on that day and an
    adopted plan d'action (the plans layer's condition, creneaux.crochets)."""

    def garde(c, jour):
        erreurs = []
        if entente_de_mise_en_oeuvre_en_vigueur(c, jour) is None:
            erreurs.append(
                _("Aucune entente de mise en œuvre signée n'est en vigueur le %(jour)s.") % {"jour": date_format(jour)}
            )
        if refus := crochets.refus_de_reconnaissance(c, jour):
            erreurs.append(refus)
        if erreurs:
            raise ActionRefusee(
                _("Le créneau ne peut pas être reconnu : %(raisons)s") % {"raisons": " ".join(erreurs)}, champ="statut"
            )

    return _etape(creneau, par=par, statut=Statut.RECONNU, motif=motif, date=date, garde=garde)


def fusionner(creneau, *, par, dans, motif, date=None, choix=None) -> Creneau:
    """Reconnu → fusionné into `dans` on `date`: coordination and mandates end, each open project is
    transferred to `dans` or withdrawn by `choix` ({key of dossiers_ouverts: "transferer" |
    "retirer"}); the history stays."""
    if dans is None:
        raise ActionRefusee(_("Un créneau fusionné doit indiquer le créneau qui l'a absorbé."), champ="fusionne_dans")

    def garde(c, jour):
        cible = Creneau.objects.select_related("region_porteuse").get(pk=dans.pk)
        if cible.pk == c.pk:
            raise ActionRefusee(_("Un créneau ne peut pas fusionner en lui-même."), champ="fusionne_dans")
        if cible.termine:
            raise ActionRefusee(
                _("« %(cible)s » est %(statut)s : il ne peut plus absorber un créneau.")
                % {"cible": cible, "statut": cible.get_statut_display().lower()},
                champ="fusionne_dans",
            )

    return _etape(creneau, par=par, statut=Statut.FUSIONNE, motif=motif, date=date, garde=garde, dans=dans, choix=choix)


def retirer(creneau, *, par, motif, date=None, choix=None) -> Creneau:
    """Any open stage → retiré: coordination and mandates end, open projects are withdrawn
    (`choix` must say « retirer » for each)."""
    return _etape(creneau, par=par, statut=Statut.RETIRE, motif=motif, date=date, choix=choix)


ETAPES = {Statut.AUTORISE: autoriser, Statut.RECONNU: reconnaitre, Statut.FUSIONNE: fusionner, Statut.RETIRE: retirer}


def changer_statut(creneau, *, par, statut, motif, date=None, dans=None, choix=None) -> Creneau:
    """The verb of the stage `statut` (autoriser, reconnaitre, fusionner, retirer), for forms."""
    if statut not in ETAPES:
        with transaction.atomic():
            c = _verrouiller_creneau(creneau)
            exiger("creneaux.changer_statut", par, c)
            if statut in Statut.values:
                _etape_permise(c, statut)  # never a next step: refused with the order
        raise ActionRefusee(_("Ce statut n'existe pas."), champ="statut")
    if statut == Statut.FUSIONNE:
        return fusionner(creneau, par=par, dans=dans, motif=motif, date=date, choix=choix)
    if statut == Statut.RETIRE:
        return retirer(creneau, par=par, motif=motif, date=date, choix=choix)
    return ETAPES[statut](creneau, par=par, motif=motif, date=date)


def _notifier(creneau, par, ancien, motif):
    """The coordination of the créneau (and of the one absorbing it) learns the Ministère's decision."""
    coordinations = [*destinataires.coordination(creneau)]
    if creneau.fusionne_dans_id:
        coordinations += destinataires.coordination(creneau.fusionne_dans)
    notifier_apres_commit(
        [u for u in coordinations if u != par],
        lambda: _("[ACCORD] %(creneau)s : %(statut)s") % {"creneau": creneau.nom, "statut": creneau.get_statut_display()},
        "creneaux/courriels/statut.txt",
        {"creneau": creneau, "ancien": ancien, "motif": motif, "auteur": par},
    )


# ---------------------------------------------------------------------------------------------
# Comités and mandates


def enregistrer_comite(comite, *, par, version=None) -> Comite:
    """Create a comité of its créneau, or change a comité's settings (CHAMPS_COMITE; a stale
    `version` is refused). A comité that decides (de créneau, exécutif, interrégional) is created
    or given such a type by the Ministère only (creneaux.creer_comite), with its first règlement;
    an interrégional comité exists only for an interregional créneau."""
    nouveau = comite.pk is None
    with transaction.atomic():
        ancien = (
            {}
            if nouveau
            else Comite.objects.values(*(f"{c}_id" if c == "parent" else c for c in CHAMPS_COMITE)).get(pk=comite.pk)
        )
        ancien = {champ.removesuffix("_id"): valeur for champ, valeur in ancien.items()}
        ancien_type = ancien.get("type")
        c = _ligne(
            comite, Comite.objects.select_related("creneau", "region"), CHAMPS_COMITE, parents=("creneau", "region"),
            version=version,
        )  # fmt: skip
        exiger("creneaux.modifier_comite", par, c)
        if c.type != ancien_type and (c.type in TYPES_DECIDEURS or ancien_type in TYPES_DECIDEURS):
            exiger("creneaux.creer_comite", par, c)
        if c.type == Comite.Type.INTERREGIONAL and not (c.creneau_id and c.creneau.interregional):
            raise ActionRefusee(
                _("Un comité interrégional n'existe que pour un créneau interrégional (porté par plusieurs régions) : "
                  "%(creneau)s ne l'est pas.") % {"creneau": c.creneau.nom if c.creneau_id else "—"},
                champ="type",
            )  # fmt: skip
        if c.parent_id and (c.parent_id == c.pk or not Comite.objects.filter(pk=c.parent_id, creneau=c.creneau_id).exists()):
            raise ActionRefusee(_("Le comité parent est un autre comité du même créneau."), champ="parent")
        if (
            c.type == Comite.Type.CRENEAU
            and Comite.objects.filter(creneau=c.creneau_id, type=Comite.Type.CRENEAU).exclude(pk=c.pk).exists()
        ):
            raise ActionRefusee(_("Ce créneau a déjà son comité de créneau."), champ="type")
        _valider(c)
        if not nouveau:
            if all(getattr(c, "parent_id" if champ == "parent" else champ) == avant for champ, avant in ancien.items()):
                return c  # nothing changed: nothing written
            _nouvelle_version(c)
        _sauver(c, par, _("Comité créé") if nouveau else _("Comité modifié"))
        if nouveau:
            moment = maintenant()
            Reglement.objects.create(
                comite=c, auteur=par, consigne_le=moment, en_vigueur_le=moment, decide_par=par, decide_le=moment,
                motif=str(_("Règlement initial du comité (quorum : la majorité des membres votants)")),
            )  # fmt: skip
    return c


# ---------------------------------------------------------------------------------------------
# The règlement of a comité


def _nouveau_reglement(comite, regles, *, par, motif) -> Reglement:
    """A new version of `comite`'s règlement from `regles` (CHAMPS_REGLEMENT; the others keep
    the current version's values), within its bounds: a quorum never 0, never more than the
    comité's voting members today, at least their majority unless the règlement expressly allows
    less (with its reason); a threshold only for a majority rule; a delegation only to an exécutif."""
    courant = comite.reglement_en_vigueur()
    valeurs = {champ: getattr(courant, champ) for champ in CHAMPS_REGLEMENT}
    valeurs.update({champ: valeur for champ, valeur in regles.items() if champ in CHAMPS_REGLEMENT})
    votants = Mandat.objects.actifs().filter(comite=comite).votants().count()
    majorite = votants // 2 + 1
    quorum = valeurs["quorum"]
    if quorum is not None:
        if quorum < 1:
            raise ActionRefusee(_("Le quorum ne peut pas être nul : au moins un membre votant présent."), champ="quorum")
        if quorum > votants:
            raise ActionRefusee(
                _("Un quorum de %(q)d dépasse les %(n)d membre(s) votant(s) du comité : il ne serait jamais atteint.")
                % {"q": quorum, "n": votants},
                champ="quorum",
            )
        if quorum < majorite and not valeurs["quorum_reduit"]:
            raise ActionRefusee(
                _("Un quorum de %(q)d est inférieur à la majorité des %(n)d membres votants (%(m)d) : le règlement doit "
                  "le permettre expressément (« quorum inférieur à la majorité », avec sa raison).")
                % {"q": quorum, "n": votants, "m": majorite},
                champ="quorum",
            )  # fmt: skip
    if quorum is None or quorum >= majorite:
        valeurs["quorum_reduit"], valeurs["motif_quorum_reduit"] = False, ""
    else:
        valeurs["motif_quorum_reduit"] = exiger_motif(valeurs["motif_quorum_reduit"], "motif_quorum_reduit")
    seuil = valeurs["seuil_consultation"]
    if seuil is not None:
        if valeurs["consultation_electronique"] != ReglesConsultation.MAJORITE:
            raise ActionRefusee(_("Un seuil ne se fixe que pour une consultation à la majorité."), champ="seuil_consultation")
        if not 51 <= seuil <= 100:
            raise ActionRefusee(_("Le seuil est un pourcentage de 51 à 100."), champ="seuil_consultation")
    if valeurs["duree_mandat_mois"] is not None and not 1 <= valeurs["duree_mandat_mois"] <= 120:
        raise ActionRefusee(_("Un mandat dure de 1 à 120 mois."), champ="duree_mandat_mois")
    if valeurs["seances_par_annee"] is not None and not 1 <= valeurs["seances_par_annee"] <= 52:
        raise ActionRefusee(_("Un comité prévoit de 1 à 52 séances par année."), champ="seances_par_annee")
    if valeurs["delegation_resolutions"] and comite.type != Comite.Type.EXECUTIF:
        raise ActionRefusee(
            _("Seul un comité exécutif peut recevoir la délégation des résolutions."), champ="delegation_resolutions"
        )
    if all(valeurs[champ] == getattr(courant, champ) for champ in CHAMPS_REGLEMENT) and courant.pk:
        raise ActionRefusee(_("Ce règlement est celui qui est déjà en vigueur : rien n'a changé."))
    reglement = Reglement(comite=comite, auteur=par, consigne_le=maintenant(), motif=exiger_motif(motif), **valeurs)
    return reglement


def _verrouiller_comite(comite, version=None):
    return verrouiller(Comite.objects.select_related("creneau__region_porteuse", "region"), comite, version, conflit=_conflit)


def _comite_change(c, par, raison):
    """The comité's règlement changed: a form read before is stale, and its history says why."""
    _nouvelle_version(c)
    _sauver(c, par, raison)


def modifier_reglement(comite, *, par, motif, version=None, **regles) -> Reglement:
    """The Ministère sets a new version of the comité's règlement (`regles`: CHAMPS_REGLEMENT),
    in force at once for the séances convened from now on (a séance already convened keeps the
    règlement it was convened under). Dated, with its author and reason."""
    with transaction.atomic():
        c = _verrouiller_comite(comite, version)
        exiger("creneaux.modifier_reglement", par, c)
        r = _nouveau_reglement(c, regles, par=par, motif=motif)
        r.etat, r.en_vigueur_le, r.decide_par, r.decide_le = Reglement.Etat.CONFIRME, r.consigne_le, par, r.consigne_le
        _valider(r)
        r.save()
        _comite_change(c, par, _("Règlement modifié par le Ministère : %(motif)s") % {"motif": r.motif})
    return r


def proposer_reglement(comite, *, par, motif, version=None, **regles) -> Reglement:
    """The créneau's coordination or the comité's bureau proposes a new version of the règlement:
    nothing changes until the Ministère confirms it (`confirmer_reglement`). One proposal at a time."""
    with transaction.atomic():
        c = _verrouiller_comite(comite, version)
        exiger("creneaux.proposer_reglement", par, c)
        if Reglement.objects.filter(comite=c, etat=Reglement.Etat.PROPOSE).exists():
            raise ActionRefusee(_("Une modification du règlement de ce comité attend déjà la décision du Ministère."))
        r = _nouveau_reglement(c, regles, par=par, motif=motif)
        r.etat = Reglement.Etat.PROPOSE
        _valider(r)
        r.save()
        _sauver(c, par, _("Modification du règlement proposée : %(motif)s") % {"motif": r.motif})
        region = c.creneau.region_porteuse if c.creneau_id else c.region
        notifier_apres_commit(
            list(destinataires.direction_regionale(region)),
            lambda: _("[ACCORD] Règlement proposé – %(comite)s") % {"comite": c.nom},
            "creneaux/courriels/reglement_propose.txt",
            {"reglement": r},
        )
    return r


def _reglement_propose(reglement, par):
    try:
        r = verrouiller(Reglement.objects.select_related("comite__creneau__region_porteuse", "comite__region"), reglement)
    except Reglement.DoesNotExist:
        raise ActionRefusee(_("Ce règlement n'existe plus. Rechargez la page.")) from None
    exiger("creneaux.confirmer_reglement", par, r)
    return r


def confirmer_reglement(reglement, *, par, motif="") -> Reglement:
    """The Ministère confirms a proposed règlement: it is in force from now on (séances convened
    from now), within the same bounds as when it was proposed, counted today."""
    with transaction.atomic():
        r = _reglement_propose(reglement, par)
        c = _verrouiller_comite(r.comite)
        regles = {champ: getattr(r, champ) for champ in CHAMPS_REGLEMENT}
        _nouveau_reglement(c, regles, par=par, motif=r.motif)  # the bounds, as of today
        moment = maintenant()
        r.etat, r.en_vigueur_le, r.decide_par, r.decide_le = Reglement.Etat.CONFIRME, moment, par, moment
        r.motif_decision = (motif or "").strip()
        _valider(r)
        r.save()
        _comite_change(c, par, _("Règlement proposé confirmé par le Ministère"))
    return r


def refuser_reglement(reglement, *, par, motif) -> Reglement:
    """The Ministère refuses a proposed règlement, with its reason: the règlement in force stays."""
    with transaction.atomic():
        r = _reglement_propose(reglement, par)
        r.etat, r.decide_par, r.decide_le = Reglement.Etat.REFUSE, par, maintenant()
        r.motif_decision = exiger_motif(motif)
        _valider(r)
        r.save()
    return r


def nommer_membre(comite, *, par, personne, role, college, debut, fin=None, motif="") -> Mandat:
    """Give `personne` a mandate (`role`, `college`, from `debut`, until `fin` if known) in
    `comite`. `personne` may be a new, unsaved Personne: it is created with its mandate.

    Recorded by the Ministère (direction régionale of the comité's region, or central), the
    mandate is confirmed at once; recorded by a coordination, a bureau role or a vote is only
    proposed until the direction régionale confirms it (`confirmer_mandat`); an observer needs no
    confirmation. It never starts before the day it is recorded, unless the Ministère records an
    earlier start with a `motif` (kept in the history row). A créneau's coordination sits on its
    créneau's comités as an observer only: it never votes on nor records their decisions."""
    with transaction.atomic():
        comite = verrouiller(Comite.objects.select_related("creneau", "region"), comite)
        exiger("creneaux.modifier_comite", par, comite)
        ministere = ministere_du_comite(roles_de(par, frais=True), comite)
        motif = (motif or "").strip()
        if personne is None:
            raise ActionRefusee(_("Choisissez une personne ou saisissez le prénom et le nom d'une nouvelle."), champ="personne")
        if debut and debut < aujourdhui():
            if not ministere:
                raise ActionRefusee(
                    _("Un mandat ne commence pas avant le jour où il est consigné (%(jour)s) : seul le Ministère consigne "
                      "un début antérieur, avec un motif.") % {"jour": date_format(aujourdhui())},
                    champ="debut",
                )  # fmt: skip
            if not motif:
                raise ActionRefusee(
                    _("Un mandat qui commence avant aujourd'hui se consigne avec un motif (pourquoi ce début antérieur)."),
                    champ="motif",
                )
            motif = exiger_motif(motif)
        if debut and fin and fin < debut:
            raise ActionRefusee(_("La fin du mandat ne peut précéder son début."), champ="fin")
        _exiger_college(personne, college)
        _exiger_coordination_observatrice(comite, personne, role)
        if personne.pk is None:
            _valider(personne)
            personne.save()
        elif fin is None and Mandat.objects.filter(personne=personne, comite=comite, fin=None).exists():
            raise ActionRefusee(_("Cette personne a déjà un mandat en cours dans ce comité."), champ="personne")
        mandat = Mandat(comite=comite, personne=personne, role=role, college=college, debut=debut, fin=fin)
        if ministere or role == Mandat.Role.OBSERVATEUR:
            mandat.confirme_le, mandat.confirme_par = maintenant(), par
        _valider(mandat)
        raison = _("Nomination") if mandat.confirme else _("Nomination proposée, à confirmer par la direction régionale")
        _sauver(mandat, par, f"{raison} : {motif}" if motif else raison)
    return mandat


def _exiger_coordination_observatrice(comite, personne, role):
    """The coordination of a créneau (active Coordination) holds only an observer's mandate on
    the créneau's comités."""
    if role == Mandat.Role.OBSERVATEUR or personne.pk is None or not comite.creneau_id:
        return
    if Coordination.objects.filter(actif_q(), personne=personne, creneau=comite.creneau_id).exists():
        raise ActionRefusee(
            _("%(personne)s coordonne le créneau %(creneau)s : sur ses comités, la coordination siège comme "
              "observatrice seulement (elle ne vote ni ne consigne leurs décisions).")
            % {"personne": personne, "creneau": comite.creneau.nom},
            champ="role",
        )  # fmt: skip


def confirmer_mandat(mandat, *, par) -> Mandat:
    """The direction régionale of the comité's region (or the central office) confirms a proposed
    mandate: its bureau role or vote takes effect. The person is told by e-mail."""
    with transaction.atomic():
        m = _mandat_propose(mandat, par)
        m.confirme_le, m.confirme_par = maintenant(), par
        _valider(m)
        _sauver(m, par, _("Mandat confirmé par le Ministère"))
        notifier_apres_commit(
            [m.personne.user] if m.personne.user_id else [],
            lambda: _("[ACCORD] Votre mandat au %(comite)s est confirmé") % {"comite": m.comite.nom},
            "creneaux/courriels/mandat_confirme.txt",
            {"mandat": m},
        )
    return m


def refuser_mandat(mandat, *, par, motif) -> None:
    """The direction régionale declines a proposed mandate: the proposal is withdrawn (the history
    keeps it, with the reason) and the créneau's coordination is told why."""
    with transaction.atomic():
        m = _mandat_propose(mandat, par)
        motif = exiger_motif(motif)
        m._history_user = par
        m._history_date = maintenant()
        m._change_reason = str(_("Mandat proposé refusé par le Ministère : %(motif)s") % {"motif": motif})
        m.delete()
        if m.comite.creneau_id:
            notifier_apres_commit(
                [u for u in destinataires.coordination(m.comite.creneau) if u != par],
                lambda: _("[ACCORD] Mandat proposé non confirmé – %(comite)s") % {"comite": m.comite.nom},
                "creneaux/courriels/mandat_refuse.txt",
                {"mandat": m, "motif": motif},
            )


def _mandat_propose(mandat, par):
    """The proposed mandate, locked, once the rule allows `par` to confirm it."""
    try:
        m = verrouiller(Mandat.objects.select_related("comite__creneau", "comite__region", "personne__user"), mandat)
    except Mandat.DoesNotExist:
        raise ActionRefusee(_("Ce mandat a été retiré entre-temps. Rechargez la page.")) from None
    exiger("creneaux.confirmer_mandat", par, m)
    if m.confirme:
        raise ActionRefusee(_("Ce mandat est déjà confirmé."))
    if m.fin is not None and m.fin < aujourdhui():
        raise ActionRefusee(_("Ce mandat a pris fin le %(fin)s : il ne se confirme plus.") % {"fin": date_format(m.fin)})
    return m


def _exiger_college(personne, college):
    """Gens d'affaires ⇔ employed by an entreprise: the business-majority count relies on it."""
    organisation = personne.organisation
    entreprise = organisation is not None and organisation.type == Organisation.Type.ENTREPRISE
    if college == Mandat.College.AFFAIRES and not entreprise:
        raise ActionRefusee(
            _("Le collège des gens d'affaires réunit des personnes d'une entreprise : %(org)s n'en est pas une.")
            % {"org": organisation or _("cette personne n'a pas d'organisation, qui")},
            champ="college",
        )
    if college != Mandat.College.AFFAIRES and entreprise:
        raise ActionRefusee(
            _("%(personne)s travaille pour une entreprise (%(org)s) : son collège est celui des gens d'affaires.")
            % {"personne": personne, "org": organisation},
            champ="college",
        )


def _mandat(mandat, version=None):
    try:
        return verrouiller(
            Mandat.objects.select_related("comite__creneau__region_porteuse", "comite__region", "personne"),
            mandat,
            version,
            conflit=_conflit,
        )
    except Mandat.DoesNotExist:
        raise ActionRefusee(_("Ce mandat a été supprimé entre-temps. Rechargez la page.")) from None


def _exiger_fin_permise(m, fin):
    """An end is never in the past, never later than an end already recorded (a mandate that
    ended is not reopened: the person gets a new mandate, confirmed again), and a bureau member's
    mandate does not end while a séance of the comité is open."""
    jour = aujourdhui()
    if fin is None:
        raise ActionRefusee(_("Indiquez la fin du mandat."), champ="fin")
    if m.fin is not None and m.fin < jour:
        raise ActionRefusee(
            _("Ce mandat a pris fin le %(fin)s : il ne se prolonge ni ne se rouvre. Pour que la personne siège de "
              "nouveau, nommez-la pour un nouveau mandat, qui sera confirmé à nouveau.") % {"fin": date_format(m.fin)},
            champ="fin",
        )  # fmt: skip
    if fin < jour:
        raise ActionRefusee(
            _("Une fin de mandat ne se consigne pas dans le passé : au plus tôt aujourd'hui (%(jour)s).")
            % {"jour": date_format(jour)},
            champ="fin",
        )
    if m.fin is not None and fin > m.fin:
        raise ActionRefusee(
            _("Ce mandat prend fin le %(fin)s : une fin consignée ne se repousse pas. Pour prolonger la présence de la "
              "personne, nommez-la pour un nouveau mandat, qui sera confirmé à nouveau.") % {"fin": date_format(m.fin)},
            champ="fin",
        )  # fmt: skip
    if fin < m.debut:
        raise ActionRefusee(
            _("La fin du mandat ne peut précéder son début (%(debut)s).") % {"debut": date_format(m.debut)}, champ="fin"
        )
    if m.role in Mandat.ROLES_BUREAU:
        ouverte = Reunion.objects.filter(comite=m.comite_id, statut=Reunion.Statut.OUVERTE).order_by("date").first()
        if ouverte is not None:
            raise ActionRefusee(
                _("%(personne)s est %(role)s du comité et une séance est ouverte (%(date)s) : son mandat ne prend pas fin "
                  "pendant une séance. Attendez qu'elle soit levée.")
                % {"personne": m.personne, "role": m.get_role_display().lower(), "date": date_format(ouverte.date)},
                champ="fin",
            )  # fmt: skip


def terminer_mandat(mandat, *, par, fin, motif="", version=None) -> Mandat:
    """The Ministère (direction régionale of the comité's region, or central) ends a mandate on
    `fin` (today or later; never reopening nor extending one, see _exiger_fin_permise)."""
    with transaction.atomic():
        m = _mandat(mandat, version)
        exiger("creneaux.terminer_mandat", par, m)
        _exiger_fin_permise(m, fin)
        motif = (motif or "").strip()
        if m.fin == fin:
            return m
        m.fin = fin
        _valider(m)
        _nouvelle_version(m)
        _sauver(m, par, _("Fin du mandat : %(motif)s") % {"motif": motif} if motif else _("Fin du mandat"))
    return m


def demissionner(mandat, *, par, motif="", version=None) -> Mandat:
    """The person resigns from their mandate, from their own account: it ends today. The
    créneau's coordination and the direction régionale learn it by e-mail."""
    with transaction.atomic():
        m = _mandat(mandat, version)
        exiger("creneaux.demissionner", par, m)
        fin = max(aujourdhui(), m.debut)
        _exiger_fin_permise(m, fin)
        motif = (motif or "").strip()
        m.fin = fin
        _valider(m)
        _nouvelle_version(m)
        _sauver(m, par, _("Démission : %(motif)s") % {"motif": motif} if motif else _("Démission"))
        comite = m.comite
        region = comite.creneau.region_porteuse if comite.creneau_id else comite.region
        avises = [*destinataires.direction_regionale(region)]
        if comite.creneau_id:
            avises += destinataires.coordination(comite.creneau)
        notifier_apres_commit(
            [u for u in avises if u != par],
            lambda: _("[ACCORD] Démission de %(personne)s – %(comite)s") % {"personne": m.personne, "comite": comite.nom},
            "creneaux/courriels/demission.txt",
            {"mandat": m, "motif": motif},
        )
    return m


# ---------------------------------------------------------------------------------------------
# The coordination (the Ministère's act)


def nommer_coordination(creneau, *, par, personne, employeur, debut, motif="") -> Coordination:
    """The Ministère (direction régionale of the créneau's region, or central) appoints
    `personne`, employed by `employeur`, as the créneau's coordination from `debut`. One
    coordination at a time: the current one must have ended before `debut`. A start before today
    is a correction of the record and needs a `motif`; the person must not hold a voting mandate on
    the créneau's comités (a coordination only observes them). The history keeps who and why."""
    with transaction.atomic():
        c = _verrouiller_creneau(creneau)
        exiger("creneaux.nommer_coordination", par, c)
        if personne is None:
            raise ActionRefusee(_("Choisissez la personne nommée à la coordination."), champ="personne")
        if employeur is None:
            raise ActionRefusee(_("Choisissez l'employeur de la coordination."), champ="employeur")
        if debut is None:
            raise ActionRefusee(_("Indiquez le début de la coordination."), champ="debut")
        exiger_date_bornee(debut, "debut")
        motif = (motif or "").strip()
        if debut < aujourdhui():
            if not motif:
                raise ActionRefusee(
                    _("Une coordination qui commence avant aujourd'hui se consigne avec un motif (pourquoi ce début antérieur)."),
                    champ="motif",
                )
            motif = exiger_motif(motif)
        en_cours = (
            Coordination.objects.filter(creneau=c)
            .filter(Q(fin__isnull=True) | Q(fin__gte=debut))
            .select_related("personne")
            .first()
        )
        if en_cours is not None:
            raise ActionRefusee(
                _("Le créneau a déjà une coordination à cette date (%(personne)s, depuis le %(debut)s) : "
                  "terminez-la avant d'en nommer une autre.")
                % {"personne": en_cours.personne, "debut": date_format(en_cours.debut)},
                champ="debut",
            )  # fmt: skip
        votant = (
            Mandat.objects.filter(actif_q(jour=debut), personne=personne, comite__creneau=c)
            .exclude(role=Mandat.Role.OBSERVATEUR)
            .select_related("comite")
            .first()
        )
        if votant is not None:
            raise ActionRefusee(
                _("%(personne)s siège au %(comite)s avec droit de vote : la coordination n'y siège que comme observatrice. "
                  "Terminez d'abord ce mandat.") % {"personne": personne, "comite": votant.comite.nom},
                champ="personne",
            )  # fmt: skip
        coordination = Coordination(creneau=c, personne=personne, employeur=employeur, debut=debut)
        _valider(coordination)
        raison = _("Coordination nommée par le Ministère")
        _sauver(coordination, par, f"{raison} : {motif}" if motif else raison)
    return coordination


def terminer_coordination(coordination, *, par, fin, motif) -> Coordination:
    """The Ministère ends a créneau's coordination on `fin` (today or later, never before its
    start), with a motif kept in the history. An ended coordination is not re-extended: a new
    appointment is `nommer_coordination`."""
    with transaction.atomic():
        try:
            co = verrouiller(Coordination.objects.select_related("creneau__region_porteuse", "personne"), coordination)
        except Coordination.DoesNotExist:
            raise ActionRefusee(_("Cet élément a été supprimé entre-temps. Rechargez la page.")) from None
        exiger("creneaux.nommer_coordination", par, co.creneau)
        if co.fin is not None:
            raise ActionRefusee(
                _("Cette coordination se termine déjà le %(fin)s : une nouvelle coordination se nomme.")
                % {"fin": date_format(co.fin)},
                champ="fin",
            )
        if fin is None:
            raise ActionRefusee(_("Indiquez la fin de la coordination."), champ="fin")
        exiger_date_bornee(fin, "fin")
        if fin < aujourdhui():
            raise ActionRefusee(
                _("La fin d'une coordination ne se consigne pas dans le passé : aujourd'hui (%(jour)s) au plus tôt.")
                % {"jour": date_format(aujourdhui())},
                champ="fin",
            )
        if fin < co.debut:
            raise ActionRefusee(
                _("La fin de la coordination ne peut précéder son début (%(debut)s).") % {"debut": date_format(co.debut)},
                champ="fin",
            )
        motif = exiger_motif(motif)
        co.fin = fin
        _valider(co)
        _sauver(co, par, _("Fin de la coordination : %(motif)s") % {"motif": motif})
    return co


# ---------------------------------------------------------------------------------------------
# Organisations, partnerships, collaborations


def enregistrer_organisation(organisation, *, par) -> Organisation:
    """Add an organisation to the register, or change one (CHAMPS_ORGANISATION)."""
    nouveau = organisation.pk is None
    with transaction.atomic():
        avant = None if nouveau else Organisation.objects.get(pk=organisation.pk)
        o = _ligne(organisation, Organisation.objects, CHAMPS_ORGANISATION)
        exiger("creneaux.gerer_organisations", par, o)
        if neq_deja_pris(o.neq, sauf=o.pk):
            raise ActionRefusee(_("Une autre organisation porte déjà ce NEQ."), champ="neq")
        changes = [] if avant is None else [c for c in CHAMPS_ORGANISATION if getattr(avant, c) != getattr(o, c)]
        sensibles = [c for c in changes if c in ("type", "neq")]
        if sensibles:
            _exiger_organisation_libre(o, par, sensibles[0])
        _valider(o)
        raison = (
            _("Organisation ajoutée")
            if nouveau
            else _("Organisation modifiée : %(champs)s") % {"champs": ", ".join(str(_nom_du_champ(o, c)) for c in changes) or "—"}
        )
        _sauver(o, par, raison)
    return o


def _exiger_organisation_libre(o, par, champ):
    """Type and NEQ of an organisation used by another créneau's open project: the Ministère's."""
    roles = roles_de(par, frais=True)
    if roles.ministere or roles.admin:
        return
    autres = crochets.creneaux_utilisant(o) - roles.coordination
    if autres:
        noms = ", ".join(Creneau.objects.filter(pk__in=autres).order_by("nom").values_list("nom", flat=True))
        raise ActionRefusee(
            _(
                "Le type et le NEQ de %(org)s ne changent que par le Ministère : un projet ouvert d'un autre créneau "
                "l'utilise (%(creneaux)s)."
            )
            % {"org": o, "creneaux": noms},
            champ=champ,
        )


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
    takes part in): CHAMPS_COLLABORATION; the créneaux named are invited, and those taking part
    that are no longer named are asked to consent to leave (never removed by another créneau)."""
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
        _inviter(col, par, creneau, autres)
    return col


def _inviter(col, par, creneau, autres):
    """`creneau` takes part at once; every other créneau named is asked (DemandeCollaboration) and
    takes part once its coordination accepts. A créneau taking part that is no longer named is
    asked to consent to leave (a request of « retrait »): it stays until its coordination accepts.
    A pending request that is no longer wanted is withdrawn."""
    Objet, EnAttente = DemandeCollaboration.Objet, DemandeCollaboration.Statut.EN_ATTENTE
    voulus = {c.pk for c in autres} - {creneau.pk}
    col.creneaux.add(creneau)
    participants = set(col.creneaux.values_list("pk", flat=True)) - {creneau.pk}
    en_attente = DemandeCollaboration.objects.filter(collaboration=col, statut=EnAttente)
    for demande in en_attente.filter(
        Q(objet=Objet.PARTICIPATION) & ~Q(creneau__in=voulus) | Q(objet=Objet.RETRAIT, creneau__in=voulus)
    ):
        demande._history_user, demande._change_reason = par, str(_("Demande retirée"))
        demande.delete()
    deja = participants | set(en_attente.values_list("creneau", flat=True))
    for autre in Creneau.objects.filter(pk__in=voulus - deja):
        _demander(col, par, creneau, autre, Objet.PARTICIPATION)
    sans_demande = participants - voulus - set(en_attente.filter(objet=Objet.RETRAIT).values_list("creneau", flat=True))
    for autre in Creneau.objects.filter(pk__in=sans_demande):
        _demander(col, par, creneau, autre, Objet.RETRAIT)


def _demander(col, par, creneau, autre, objet):
    demande = DemandeCollaboration(
        collaboration=col, creneau=autre, demandeur=creneau, objet=objet, demandee_le=maintenant(), demandee_par=par
    )
    retrait = objet == DemandeCollaboration.Objet.RETRAIT
    _sauver(demande, par, _("Retrait demandé") if retrait else _("Collaboration proposée"))
    notifier_apres_commit(
        list(destinataires.coordination(autre)),
        (lambda: _("[ACCORD] Retrait d'une collaboration demandé par %(creneau)s") % {"creneau": creneau.nom})
        if retrait
        else (lambda: _("[ACCORD] Collaboration proposée par %(creneau)s") % {"creneau": creneau.nom}),
        "creneaux/courriels/collaboration.txt",
        {"demande": demande},
    )


def repondre_collaboration(demande, *, par, accepte) -> DemandeCollaboration:
    """The asked créneau's coordination accepts (it then takes part, or leaves when asked to
    consent to its removal) or declines (it stays as it was). Who answered, when, is recorded."""
    with transaction.atomic():
        try:
            d = verrouiller(DemandeCollaboration.objects.select_related("collaboration", "creneau", "demandeur"), demande)
        except DemandeCollaboration.DoesNotExist:
            raise ActionRefusee(_("Cette demande a été retirée entre-temps.")) from None
        exiger("creneaux.repondre_collaboration", par, d)
        d.statut = DemandeCollaboration.Statut.ACCEPTEE if accepte else DemandeCollaboration.Statut.REFUSEE
        d.repondue_le, d.repondue_par = maintenant(), par
        _sauver(d, par, d.get_statut_display())
        if accepte and d.objet == DemandeCollaboration.Objet.RETRAIT:
            d.collaboration.creneaux.remove(d.creneau)
        elif accepte:
            d.collaboration.creneaux.add(d.creneau)
    return d


def quitter_collaboration(collaboration, *, par, creneau) -> DemandeCollaboration:
    """`creneau` leaves a collaboration by itself (its coordination or its direction régionale):
    recorded as a request of « retrait » it made and accepted at once (who, when)."""
    with transaction.atomic():
        try:
            col = verrouiller(Collaboration.objects, collaboration)
        except Collaboration.DoesNotExist:
            raise ActionRefusee(_("Cette collaboration n'existe plus. Rechargez la page.")) from None
        exiger("creneaux.modifier", par, creneau)
        if not col.creneaux.filter(pk=creneau.pk).exists():
            raise ActionRefusee(_("Ce créneau ne prend pas part à cette collaboration."))
        for demande in DemandeCollaboration.objects.filter(
            collaboration=col, creneau=creneau, statut=DemandeCollaboration.Statut.EN_ATTENTE
        ):
            demande._history_user, demande._change_reason = par, str(_("Demande retirée"))
            demande.delete()
        moment = maintenant()
        d = DemandeCollaboration(
            collaboration=col, creneau=creneau, demandeur=creneau, objet=DemandeCollaboration.Objet.RETRAIT,
            statut=DemandeCollaboration.Statut.ACCEPTEE, demandee_le=moment, demandee_par=par, repondue_le=moment,
            repondue_par=par,
        )  # fmt: skip
        _sauver(d, par, _("Le créneau quitte la collaboration"))
        col.creneaux.remove(creneau)
    return d


# ---------------------------------------------------------------------------------------------
# Ententes


CHAMPS_ENTENTE = ("type", "titre", "parties", "signataires", "date_signature", "debut", "fin", "document")


def enregistrer_entente(entente, *, par, creneaux_nommes=None) -> Entente:
    """The Ministère records an entente (de principe for a region, naming its potential créneaux;
    de mise en œuvre or renouvellement for a créneau), or changes one. Dates bounded, the period
    after the signature's day at the earliest; `creneaux_nommes` (principe only) of its region."""
    nouveau = entente.pk is None
    with transaction.atomic():
        e = _ligne(entente, Entente.objects.select_related("region", "creneau"), CHAMPS_ENTENTE, parents=("region", "creneau"))
        exiger("creneaux.gerer_ententes", par, e)
        for champ in ("date_signature", "debut", "fin"):
            exiger_date_bornee(getattr(e, champ), champ)
        if e.debut and e.fin and e.fin <= e.debut:
            raise ActionRefusee(_("La fin de l'entente doit suivre son début."), champ="fin")
        if e.date_signature and e.date_signature > aujourdhui():
            raise ActionRefusee(
                _("Une entente se consigne une fois signée : la date ne peut être future."), champ="date_signature"
            )
        if e.type == Entente.Type.PRINCIPE:
            if e.region_id is None:
                raise ActionRefusee(_("Une entente de principe est celle d'une région."), champ="type")
            e.creneau = None
        elif e.creneau_id is None:
            raise ActionRefusee(_("Une entente de mise en œuvre ou son renouvellement est celle d'un créneau."), champ="type")
        else:
            e.region = None
        nommes = list(creneaux_nommes or ())
        if nommes and e.type != Entente.Type.PRINCIPE:
            raise ActionRefusee(_("Seule une entente de principe nomme des créneaux."), champ="creneaux_nommes")
        hors_region = [str(c) for c in nommes if c.region_porteuse_id != e.region_id]
        if hors_region:
            raise ActionRefusee(
                _("Ces créneaux ne sont pas portés par la région : %(c)s.") % {"c": ", ".join(hors_region)},
                champ="creneaux_nommes",
            )
        _valider(e)
        _sauver(e, par, _("Entente consignée") if nouveau else _("Entente modifiée"))
        if creneaux_nommes is not None:
            e.creneaux_nommes.set(nommes)
    return e


# ---- Member companies and the dossier d'excellence (the démarche's proof of a sector) --------

CHAMPS_MEMBRE = ("organisation", "debut", "fin", "leader")


def enregistrer_membre(membre, *, par) -> MembreCreneau:
    """Add a member company to its créneau, or change one (CHAMPS_MEMBRE; rule creneaux.modifier):
    an organisation of type « entreprise », its membership ending after it starts, one membership
    per company at a time."""
    nouveau = membre.pk is None
    with transaction.atomic():
        m = _ligne(membre, MembreCreneau.objects.select_related("creneau", "organisation"), CHAMPS_MEMBRE, ("creneau",))
        c = _verrouiller_creneau(m.creneau)
        exiger("creneaux.modifier", par, c)
        if m.organisation_id and m.organisation.type != Organisation.Type.ENTREPRISE:
            raise ActionRefusee(
                _("Seule une entreprise est membre d'un créneau : « %(org)s » est de type « %(type)s ».")
                % {"org": m.organisation.nom, "type": m.organisation.get_type_display()},
                champ="organisation",
            )
        for champ in ("debut", "fin"):
            exiger_date_bornee(getattr(m, champ), champ)
        if m.debut and m.fin and m.fin < m.debut:
            raise ActionRefusee(_("La fin de l'adhésion ne peut précéder son début."), champ="fin")
        chevauche = MembreCreneau.objects.filter(creneau=c, organisation=m.organisation_id).exclude(pk=m.pk)
        if m.debut:
            chevauche = chevauche.filter(Q(fin__isnull=True) | Q(fin__gte=m.debut))
            if m.fin:
                chevauche = chevauche.filter(debut__lte=m.fin)
        if chevauche.exists():
            raise ActionRefusee(_("Cette entreprise est déjà membre du créneau pour cette période."), champ="organisation")
        _valider(m)
        _sauver(m, par, _("Entreprise membre ajoutée") if nouveau else _("Adhésion modifiée"))
    return m


def enregistrer_dossier_excellence(creneau, *, par, avantages_comparatifs, documentation=None) -> DossierExcellence:
    """File (or complete) the créneau's dossier d'excellence (rule creneaux.modifier): its
    comparative advantages and its documentation (checked like every upload: noyau.fichiers).
    Only a potential créneau files one; once cited by the authorisation it no longer changes."""
    with transaction.atomic():
        c = _verrouiller_creneau(creneau)
        exiger("creneaux.modifier", par, c)
        dossier = DossierExcellence.objects.select_for_update().filter(creneau=c).first() or DossierExcellence(creneau=c)
        if dossier.cite_le or c.statut != Statut.POTENTIEL:
            raise ActionRefusee(
                _("Le dossier d'excellence se dépose tant que le créneau est potentiel ; celui-ci est « %(statut)s ».")
                % {"statut": c.get_statut_display()}
            )
        texte = (avantages_comparatifs or "").strip()
        if not texte:
            raise ActionRefusee(_("Décrivez les avantages comparatifs du créneau."), champ="avantages_comparatifs")
        dossier.avantages_comparatifs = texte
        if documentation is not None:
            try:
                verifier_fichier(documentation)
            except ValidationError as e:
                raise ActionRefusee(" ".join(e.messages), champ="documentation") from None
            dossier.documentation = documentation
        if not dossier.documentation:
            raise ActionRefusee(_("Joignez la documentation qui démontre l'excellence du créneau."), champ="documentation")
        dossier.depose_le = maintenant()
        _valider(dossier)
        _sauver(dossier, par, _("Dossier d'excellence déposé"))
    return dossier


def _exiger_dossier_excellence(c, jour):
    """The authorisation's guard: a complete dossier d'excellence and the critical mass of member
    companies (at least one, a leader among them) on `jour`. Freezes the figures in the dossier and
    returns the citation the decision's motif carries."""
    dossier = DossierExcellence.objects.select_for_update().filter(creneau=c).first()
    manque = []
    if dossier is None or not dossier.avantages_comparatifs or not dossier.documentation:
        manque.append(_("aucun dossier d'excellence complet (avantages comparatifs et documentation) n'est déposé."))
    elif timezone.localdate(dossier.depose_le) > jour:
        manque.append(
            _("la décision ne peut précéder le dépôt du dossier d'excellence (le %(depot)s).")
            % {"depot": date_format(timezone.localdate(dossier.depose_le))}
        )
    masse = masse_critique(c, jour)
    if masse["entreprises"] == 0:
        manque.append(_("aucune entreprise n'est membre du créneau le %(jour)s.") % {"jour": date_format(jour)})
    elif masse["leaders"] == 0:
        manque.append(_("aucune de ses %(n)s entreprises membres n'est une entreprise leader.") % {"n": masse["entreprises"]})
    if manque:
        raise ActionRefusee(
            _("Le créneau ne peut pas être autorisé : %(raisons)s") % {"raisons": " ".join(manque)}, champ="statut"
        )
    dossier.cite_le, dossier.entreprises_citees, dossier.leaders_cites = jour, masse["entreprises"], masse["leaders"]
    dossier.save(update_fields=["cite_le", "entreprises_citees", "leaders_cites"])
    return _(
        "Dossier d'excellence déposé le %(depot)s : %(n)s entreprise(s) membre(s), dont %(leaders)s leader(s), "
        "avantages comparatifs et documentation au dossier."
    ) % {"depot": date_format(timezone.localdate(dossier.depose_le)), "n": masse["entreprises"], "leaders": masse["leaders"]}
