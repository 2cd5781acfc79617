"""Every change of a project's state, one verb each (docs/circuit.md). Nothing else writes `statut`.

Each verb `verbe(projet, *, par, version=None, **données)` (the contract of noyau.actions): takes
the project, the acting user `par` (and the `version` the caller's form was read at), locks the
project row (SELECT … FOR UPDATE), refuses a stale version (`Conflit`), asks the
rule `projets.<verbe>` of projets/rules.py (role, scope, state), checks its own guard
(`ActionRefusee`, with `champ` naming the form field at fault), moves the state through the FSM
graph on `Projet`, bumps `version`, sets `statut_depuis`, writes exactly one append-only
`Decision` in the same transaction (and a history row of the project naming `par`) and e-mails
the next actors after commit. It returns the Decision; `decision.projet` is the updated project.
A refused verb changes nothing and raises `noyau.actions.ActionRefusee(message, champ=None,
erreurs=None)` (`erreurs`: {field: [messages]}) or its subclass `Conflit` (stale version /
concurrent action). `version=None` means "the version of the
instance passed in". `statut_depuis` changes only when the state does.

Verb (rule)                         from → to                          guard
soumettre                           brouillon / à compléter            coordination of the créneau; budget.controler_projet
                                      → au comité de créneau           passes; gives the number at the first submission
adopter_resolution                  comité de créneau → comité régional a Resolution of a comité adopting the créneau's
                                                                       résolutions, adopted (see « comités »)
rejeter_resolution                  comité de créneau → refusé (créneau) same; the résolution rejected
renvoyer                            comité de créneau / comité régional a Resolution of the comité before which the project
                                      → à compléter                    is, adopting the renvoi put to the vote
approuver_regional                  comité régional → au Ministère     a Resolution of the comité régional of the project's
                                                                       region (region porteuse), adopted; the créneau's share
refuser_regional                    comité régional → refusé (régional) same; the résolution rejected
analyser                            au Ministère (no change)           direction régionale of the region; text required
demander_complement                 au Ministère → à compléter         direction régionale of the region or central; motif
                                                                       (no analysis needed)
accepter                            au Ministère → accepté             central, once the direction régionale has analysed
                                                                       this passage at the Ministère (derniere_analyse);
                                                                       0 < montant ≤ requested, ≤ programme rules
                                                                       (rate, maximum, cumul), ≤ envelope available (locked)
refuser                             au Ministère → refusé (Ministère)  central, once analysed (same); motif required
signer_convention                   accepté → en réalisation           central or direction régionale of the region
enregistrer_versement               en réalisation (no change)         same; sum of payments ≤ montant accordé
accepter_rapport_final              en réalisation → terminé           same; a final report deposited (or its summary given)
retirer                             any open state → retiré            coordination of the créneau; motif required

Comités (résolutions and comité régional decisions, and the envelope's répartition): the verb
takes one `resolution` (creneaux.resolutions), built by the séance whose vote decided it: the
séance owns and has checked its facts (who sits on its bureau, quorum, conflicts of interest,
named votes or the confirmed show-of-hands tally, the résolution number). The verb refuses any
other value, and checks only the project's own guards: it is before the résolution's comité, the
résolution says what the verb records (adopted / rejected / renvoi), and for the comité régional
the créneau's share of the envelope. It records the résolution's figures as they are.

Not transitions, but writes of this module (same lock and rule, no Decision): `creer` (rule
projets.creer) and `modifier_brouillon` (projets.modifier; history row, new version) for the
filing steps, `joindre_piece` (projets.modifier), `commenter` (projets.commenter) and
`deposer_rapport_final` (projets.deposer_rapport_final).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from creneaux import destinataires
from creneaux.models import Comite
from creneaux.resolutions import exiger_resolution
from creneaux.roles import roles_de
from noyau.actions import ActionRefusee, Conflit, exiger, exiger_motif, verrouiller
from noyau.champs import TEXTE_MAX
from noyau.courriels import notifier_apres_commit
from noyau.dates import exiger_date_bornee
from noyau.exercices import exercice_de
from noyau.formats import format_argent
from noyau.horloge import aujourdhui, maintenant
from projets import analyse, budget, enveloppes, numeros
from projets.fichiers import valider_piece_jointe
from projets.models import (
    STATUTS_OUVERTS,
    ChangementBudget,
    Commentaire,
    Decision,
    Depense,
    Enveloppe,
    Financement,
    PartRepartition,
    PieceJointe,
    Projet,
    RapportFinal,
    Repartition,
    Statut,
    Versement,
)
from projets.selectors import date_convention, derniere_analyse

Etape = Decision.Etape


def _conflit(projet):
    dernier = projet.history.select_related("history_user").first()
    qui = dernier.history_user if dernier and dernier.history_user else None
    nom = (qui.get_full_name() or qui.get_username()) if qui else _("une autre personne")
    quand = date_format(timezone.localtime(dernier.history_date), "j F Y à H:i") if dernier else ""
    return Conflit(
        _("Ce projet a été modifié entre-temps par %(qui)s (%(quand)s). Rechargez la page pour voir son état actuel.")
        % {"qui": nom, "quand": quand}
    )


def _verrouiller(projet, par, version) -> Projet:
    """Lock the project's row for this transaction; refuse if it changed since `version` (None:
    the version of `projet` as passed) with a Conflit naming who changed it, told only to someone
    who may see the project."""

    def conflit():
        actuel = Projet.objects.select_related("creneau").get(pk=projet.pk)
        exiger("projets.voir", par, actuel)
        return _conflit(actuel)

    charge = Projet.objects.select_related("creneau__region_porteuse", "programme", "porteur").prefetch_related(
        "partenaires", "depenses", "financements", "programme__regles"
    )
    return verrouiller(charge, projet, projet.version if version is None else version, conflit=conflit)


def _sauver(projet, par, raison, *, change_etat=True):
    """Save the locked project with a new version and its history row (who, when, why)."""
    projet.version += 1
    if change_etat:
        projet.statut_depuis = maintenant()
    projet._history_user, projet._history_date, projet._change_reason = par, maintenant(), str(raison)
    projet.save()


def _transition(projet, par, mouvement, etape, *, regle, version=None, garde=None, deja=None, **champs) -> Decision:
    """Lock, check rule `regle` (none when False), `garde(projet) -> dict of extra Decision
    fields`, make the FSM graph's move `mouvement` (Projet._soumettre, …), record. Both are named
    literally by each verb, so grep finds who uses them.

    `garde` runs under the lock and may change the project; it raises ActionRefusee to refuse.
    `deja(projet, champs)`, under the lock too, returns the Decision that already records the
    same thing: it is returned and nothing is written (a re-save is not a new step).
    """
    with transaction.atomic():
        p = _verrouiller(projet, par, version)
        if regle is not False:  # False: a comité's résolution, whose séance checked who decided
            exiger(regle, par, p)
        de = p.statut
        if garde is not None:
            champs.update(garde(p) or {})
        if deja is not None and (existante := deja(p, champs)) is not None:
            return existante
        conflits = champs.pop("en_conflit", ())
        etape = Etape(champs.pop("etape", etape))
        mouvement(p)
        _sauver(p, par, etape.label, change_etat=p.statut != de)
        decision = Decision.objects.create(projet=p, etape=etape, de_statut=de, vers_statut=p.statut, auteur=par, **champs)
        if conflits:
            decision.en_conflit.set(conflits)
        _notifier(p, decision)
    return decision


# ---------------------------------------------------------------------------------------------
# Coordination: the draft


# Fields the filing steps change (their budget-rule errors are keyed by these names too).
CHAMPS_BROUILLON = (
    "titre",
    "creneau",
    "programme",
    "porteur",
    "entreprise_leader",
    "partenaires",
    "description",
    "objectifs",
    "enjeu",
    "priorite",
    "action",
    "activite",
    "date_debut",
    "date_fin",
)
# Budget lines: the related name → (model, fields written from a line).
LIGNES = {
    "depenses": (Depense, ("categorie", "description", "montant", "admissible")),
    "financements": (Financement, ("source", "description", "montant", "confirme")),
}


def _exiger_creneau(par, creneau):
    """The coordination files only for its own créneaux (rule projets.creer), said on the field."""
    try:
        exiger("projets.creer", par, creneau)
    except ActionRefusee as refus:
        raise ActionRefusee(refus.message, champ="creneau") from None


def _exiger_programme_ouvert(programme):
    if not programme.ouvert_le(aujourdhui()):
        raise ActionRefusee(
            _("Le programme %(p)s n'accepte pas de demande aujourd'hui.") % {"p": programme.sigle}, champ="programme"
        )


def creer(creneau, *, par, titre, programme) -> Projet:
    """A new draft of `creneau` (its coordination only), for a programme open today."""
    titre = (titre or "").strip()
    if not titre:
        raise ActionRefusee(_("Indiquez le titre du projet."), champ="titre")
    _exiger_creneau(par, creneau)
    _exiger_programme_ouvert(programme)
    projet = Projet(titre=titre, creneau=creneau, programme=programme, cree_par=par)
    projet._history_user, projet._history_date, projet._change_reason = par, maintenant(), _("Création du brouillon")
    projet.save()
    return projet


def _exiger_budget(p, champs, depenses, financements, *, complet):
    """The programme's rules on the project as it would be saved. A draft (`complet=False`) is
    refused only when a field being saved breaks one (what it lacks elsewhere is for the
    submission); a refusal lists every error found, keyed by field."""
    erreurs = budget.controler_budget(
        champs.get("programme") or p.programme,
        porteur=champs.get("porteur", p.porteur),
        entreprise_leader=champs.get("entreprise_leader", p.entreprise_leader),
        partenaires=champs["partenaires"] if "partenaires" in champs else p.partenaires.all(),
        date_debut=champs.get("date_debut", p.date_debut),
        date_fin=champs.get("date_fin", p.date_fin),
        depenses=p.depenses.all() if depenses is None else depenses,
        financements=p.financements.all() if financements is None else financements,
        complet=complet,
    )
    saisis = set(champs) | (set(LIGNES) if depenses is not None or financements is not None else set())
    if (complet and erreurs) or saisis & set(erreurs):
        message = (
            _("Le projet ne peut pas encore être soumis : rien n'a été enregistré.")
            if complet
            else _("Le brouillon ne respecte pas les règles du programme : rien n'a été enregistré.")
        )
        raise ActionRefusee(message, erreurs=erreurs)


def _remplacer_lignes(projet, nom, lignes):
    """Make the project's `nom` lines (depenses / financements) exactly `lignes`: a line with the
    `id` of a saved one updates it, the others are added, saved lines not listed are deleted.
    Returns the changes (unsaved ChangementBudget rows: line, before → after)."""
    modele, champs = LIGNES[nom]
    poste, qualite = champs[0], champs[3]
    nature = ChangementBudget.Nature.DEPENSE if nom == "depenses" else ChangementBudget.Nature.FINANCEMENT
    existantes = {ligne.pk: ligne for ligne in modele.objects.filter(projet=projet)}
    changements = []
    for ligne in budget.lignes_retenues(lignes):
        ident = budget.valeur(ligne, "id")
        obj = existantes.pop(getattr(ident, "pk", ident), None) or modele(projet=projet)
        avant = None if obj.pk is None else {champ: getattr(obj, champ) for champ in champs}
        for champ in champs:
            setattr(obj, champ, budget.valeur(ligne, champ, getattr(obj, champ)))
        obj.save()
        apres = {champ: getattr(obj, champ) for champ in champs}
        if avant != apres:
            changements.append(
                ChangementBudget(
                    projet=projet,
                    nature=nature,
                    poste=apres[poste],
                    description=apres["description"],
                    montant_avant=avant["montant"] if avant else None,
                    montant_apres=apres["montant"],
                    qualite_avant=avant[qualite] if avant else None,
                    qualite_apres=apres[qualite],
                )
            )
    for obj in existantes.values():
        changements.append(
            ChangementBudget(
                projet=projet,
                nature=nature,
                poste=getattr(obj, poste),
                description=obj.description,
                montant_avant=obj.montant,
                qualite_avant=getattr(obj, qualite),
            )
        )
    modele.objects.filter(pk__in=existantes).delete()
    return changements


def _inscrire_changements_budget(projet, changements):
    """Attach the budget changes to the project's history row just written (same transaction)."""
    if not changements:
        return
    version = projet.history.order_by("-history_id").values_list("history_id", flat=True).first()
    for c in changements:
        c.version_historique = version
    ChangementBudget.objects.bulk_create(changements)


def modifier_brouillon(
    projet, *, par, version=None, donnees=None, depenses=None, financements=None, puis_soumettre=False
) -> Projet:
    """Save what a filing step typed, on a draft or a project « à compléter » (rule projets.modifier).

    `donnees`: {field: value} among CHAMPS_BROUILLON (other keys are ignored, so a form's
    cleaned_data may be passed as is); `depenses` / `financements`: the whole budget (model
    instances or formset cleaned_data, with `id` for a saved line and `DELETE`), which replaces the
    saved lines; None leaves them. A new créneau must be one of `par`'s, a new programme open today.
    Refused, nothing saved, when the result breaks the programme's rules (see `_exiger_budget`).
    `puis_soumettre`: every rule is checked, then the project is submitted in the same transaction
    (a refused submission saves nothing). Returns the project (submitted when asked).
    """
    champs = {champ: v for champ, v in (donnees or {}).items() if champ in CHAMPS_BROUILLON}
    with transaction.atomic():
        p = _verrouiller(projet, par, version)
        exiger("projets.modifier", par, p)
        creneau = champs.get("creneau")
        if creneau is not None and creneau.pk != p.creneau_id:
            _exiger_creneau(par, creneau)
        programme = champs.get("programme")
        if programme is not None and programme.pk != p.programme_id:
            _exiger_programme_ouvert(programme)
        activite = champs.get("activite")
        if activite is not None and activite.creneau_id != (creneau or p.creneau).pk:
            raise ActionRefusee(_("Cette activité n'est pas une activité du créneau du projet."), champ="activite")
        _exiger_budget(p, champs, depenses, financements, complet=puis_soumettre)
        for champ, v in champs.items():
            if champ != "partenaires":
                setattr(p, champ, v)
        _sauver(p, par, _("Brouillon modifié"), change_etat=False)
        if "partenaires" in champs:
            p.partenaires.set(champs["partenaires"])
        changements = []
        for nom, lignes in (("depenses", depenses), ("financements", financements)):
            if lignes is not None:
                changements += _remplacer_lignes(p, nom, lignes)
        _inscrire_changements_budget(p, changements)
        if puis_soumettre:
            p = soumettre(p, par=par).projet
    return p


def joindre_piece(projet, *, par, fichier) -> PieceJointe:
    """Attach a file to a project being prepared (rule projets.modifier); its content decides
    whether it is accepted (PDF, DOCX, XLSX, PNG, JPEG) and its type."""
    with transaction.atomic():
        p = verrouiller(Projet.objects.select_related("creneau"), projet)
        exiger("projets.modifier", par, p)
        try:
            type_mime = valider_piece_jointe(fichier)
        except ValidationError as e:
            raise ActionRefusee(" ".join(e.messages), champ="fichier") from None
        piece = PieceJointe(projet=p, ajoute_par=par, fichier=fichier, nom=fichier.name, taille=fichier.size, type_mime=type_mime)
        piece.save()
    return piece


def commenter(projet, *, par, texte) -> Commentaire:
    with transaction.atomic():
        p = verrouiller(Projet.objects.select_related("creneau"), projet)
        exiger("projets.commenter", par, p)
        texte = exiger_motif(texte, champ="texte")
        return Commentaire.objects.create(projet=p, auteur=par, texte=texte)


# ---------------------------------------------------------------------------------------------
# Coordination: the circuit


def soumettre(projet, *, par, version=None) -> Decision:
    """Submit (or resubmit, from « à compléter ») to the comité de créneau."""

    def garde(p):
        erreurs = budget.controler_projet(p)
        if erreurs:
            details = " ".join(m for messages in erreurs.values() for m in messages)
            raise ActionRefusee(
                _("Le projet ne respecte pas les règles du programme : %(details)s") % {"details": details}, erreurs=erreurs
            )
        p.type_porteur = p.porteur.type  # the aid rates follow the type at submission
        if not p.numero:
            p.exercice = exercice_de(aujourdhui())
            p.numero = numeros.prochain_numero(p.programme, p.exercice, p.region)
            p.soumis_le = maintenant()
        return {"montant": p.montant_demande}

    return _transition(projet, par, Projet._soumettre, Etape.SOUMISSION, regle="projets.soumettre", version=version, garde=garde)


def retirer(projet, *, par, motif, version=None) -> Decision:
    motif = exiger_motif(motif)
    return _transition(projet, par, Projet._retirer, Etape.RETRAIT, regle="projets.retirer", version=version, motif=motif)


def deposer_rapport_final(projet, *, par, resume, fichier=None) -> RapportFinal:
    """The coordination deposits (or replaces) the final report; the Ministère then accepts it.
    No version: it changes no state, and a payment recorded meanwhile must not lose the text."""
    with transaction.atomic():
        p = verrouiller(Projet.objects.select_related("creneau"), projet)
        exiger("projets.deposer_rapport_final", par, p)
        resume = exiger_motif(resume, champ="resume", max_length=TEXTE_MAX)
        _exiger_apres_debut(p, aujourdhui(), "resume")
        rapport, _cree = RapportFinal.objects.update_or_create(
            projet=p, defaults={"resume": resume, "fichier": fichier or "", "depose_le": maintenant(), "accepte_le": None}
        )
    return rapport


# ---------------------------------------------------------------------------------------------
# Comités (at a meeting)


def _comite_de_creneau(p):
    return lambda comite: comite.creneau_id == p.creneau_id and comite.adopte_resolutions


def _comite_regional(p):
    return lambda comite: comite.type == Comite.Type.REGIONAL and comite.region_id == p.creneau.region_porteuse_id


def _motif(r):
    """The text a résolution records on the project: the motif of the renvoi, else the
    proposition put to the vote (may be empty). Its number and votes have their own fields: the
    log, the dossier and the e-mails print them from there."""
    return r.motif_renvoi if r.renvoi else r.texte


# What each comité's move records, from the résolution: (renvoi?, adopted?).
_ISSUES = {
    Projet._adopter_resolution: (False, True),
    Projet._rejeter_resolution: (False, False),
    Projet._renvoyer: (True, True),
    Projet._approuver_regional: (False, True),
    Projet._refuser_regional: (False, False),
}
_ETATS = {
    Projet._adopter_resolution: (Statut.COMITE_CRENEAU,),
    Projet._rejeter_resolution: (Statut.COMITE_CRENEAU,),
    Projet._renvoyer: (Statut.COMITE_CRENEAU, Statut.COMITE_REGIONAL),
    Projet._approuver_regional: (Statut.COMITE_REGIONAL,),
    Projet._refuser_regional: (Statut.COMITE_REGIONAL,),
}


def _au_comite(projet, mouvement, resolution, *, fichier=None, version=None) -> Decision:
    """A comité's résolution on the project, handed by the séance that decided it (`resolution`,
    creneaux.resolutions): the séance has checked its own facts (quorum, conflicts, votes, tally,
    number); this verb checks only the project's own guards — it is before that comité, the
    résolution says what the verb records — and records the résolution as it is."""
    r = exiger_resolution(resolution)

    def garde(p):
        if p.statut not in _ETATS[mouvement]:
            raise ActionRefusee(
                _("Ce projet n'est pas devant ce comité (il est « %(s)s »).") % {"s": p.get_statut_display().lower()}
            )
        au_creneau = p.statut == Statut.COMITE_CRENEAU
        exiger_resolution(
            r,
            _comite_de_creneau(p) if au_creneau else _comite_regional(p),
            _("Cette réunion n'est pas celle d'un comité qui décide de ce projet."),
        )
        if (r.renvoi, r.adoptee) != _ISSUES[mouvement]:
            raise ActionRefusee(
                _("La résolution %(n)s (%(pour)d pour, %(contre)d contre) ne décide pas cela.")
                % {"n": r.numero, "pour": r.pour, "contre": r.contre}
            )
        if mouvement is Projet._approuver_regional:
            _exiger_part(p, p.montant_demande, en_attente=True, champ="votes_pour")
        return {
            "etape": Etape.RESOLUTION if au_creneau else Etape.COMITE_REGIONAL,
            "comite": r.comite,
            "reunion": r.seance,
            "numero_resolution": r.numero,
            "votes_pour": r.pour,
            "votes_contre": r.contre,
            "abstentions": r.abstentions,
            "en_conflit": list(r.en_conflit),
            "motif": _motif(r),
            "fichier": fichier or "",
        }

    try:
        return _transition(projet, r.par, mouvement, None, version=version, garde=garde, regle=False)
    except IntegrityError as e:  # two decisions racing for the same résolution number
        if "resolution_numero_unique_par_comite" not in str(e):
            raise
        raise ActionRefusee(_("Ce numéro de résolution vient d'être utilisé par ce comité."), champ="numero_resolution") from e


def adopter_resolution(projet, *, resolution, fichier=None, version=None) -> Decision:
    """The comité de créneau adopts its résolution: the project goes to the comité régional.
    `resolution`: what its séance decided (creneaux.resolutions); `fichier`: the signed résolution
    (optional). The other comité verbs take the same arguments."""
    return _au_comite(projet, Projet._adopter_resolution, resolution, fichier=fichier, version=version)


def rejeter_resolution(projet, *, resolution, fichier=None, version=None) -> Decision:
    """The comité de créneau does not carry the project (pour ≤ contre): refusé (créneau)."""
    return _au_comite(projet, Projet._rejeter_resolution, resolution, fichier=fichier, version=version)


def renvoyer(projet, *, resolution, fichier=None, version=None) -> Decision:
    """The comité before which the project is (de créneau or régional) sends it back to complete
    (the renvoi put to the vote was adopted)."""
    return _au_comite(projet, Projet._renvoyer, resolution, fichier=fichier, version=version)


def approuver_regional(projet, *, resolution, fichier=None, version=None) -> Decision:
    """The comité régional approves: the project goes to the Ministère."""
    return _au_comite(projet, Projet._approuver_regional, resolution, fichier=fichier, version=version)


def refuser_regional(projet, *, resolution, fichier=None, version=None) -> Decision:
    """The comité régional refuses (pour ≤ contre): refusé (régional)."""
    return _au_comite(projet, Projet._refuser_regional, resolution, fichier=fichier, version=version)


# ---------------------------------------------------------------------------------------------
# Ministère


def analyser(projet, *, par, texte, recommandation=None, montant_recommande=None, fichier=None, version=None) -> Decision:
    """The direction régionale records its analysis (the project stays « au Ministère »): the
    admissibility grid computed by the portal (projets.analyse), its judgement (`texte`), and —
    to advise the bureau central — a recommendation (accepter / refuser) with, to accept, the
    recommended amount (> 0, ≤ the aid requested)."""
    texte = exiger_motif(texte, champ="texte")
    Reco = Decision.Recommandation
    if recommandation not in (None, "") and recommandation not in Reco.values:
        raise ActionRefusee(_("Choisissez une recommandation : accepter ou refuser."), champ="recommandation")

    def garde(p):
        montant = None
        if recommandation == Reco.ACCEPTER:
            montant = Decimal(montant_recommande) if montant_recommande not in (None, "") else None
            if montant is None or montant <= 0:
                raise ActionRefusee(_("Indiquez le montant recommandé, supérieur à zéro."), champ="montant_recommande")
            if montant > p.montant_demande:
                raise ActionRefusee(
                    _("Le montant recommandé (%(m)s) dépasse l'aide demandée (%(d)s).")
                    % {"m": format_argent(montant), "d": format_argent(p.montant_demande)},
                    champ="montant_recommande",
                )
        return {"grille": analyse.grille(p), "recommandation": recommandation or "", "montant": montant}

    def deja(p, champs):
        # The same analyst saving the same judgement again (no new document) adds no entry; the
        # grid needs no comparing, the project being frozen while au Ministère.
        d = derniere_analyse(p)
        meme = d is not None and d.auteur_id == par.pk and not champs["fichier"]
        return (
            d
            if meme and (d.motif, d.recommandation, d.montant) == (champs["motif"], champs["recommandation"], champs["montant"])
            else None
        )

    return _transition(
        projet,
        par,
        Projet._analyser,
        Etape.ANALYSE,
        regle="projets.analyser",
        version=version,
        garde=garde,
        deja=deja,
        motif=texte,
        fichier=fichier or "",
    )


def demander_complement(projet, *, par, motif, version=None) -> Decision:
    motif = exiger_motif(motif)
    etape = Etape.DECISION_MINISTERE if roles_de(par).central else Etape.ANALYSE
    return _transition(
        projet, par, Projet._demander_complement, etape, regle="projets.demander_complement", version=version, motif=motif
    )


def accepter(projet, *, par, montant, motif="", fichier=None, version=None) -> Decision:
    """The Ministère grants `montant`; the region's envelope row is locked while it is checked."""

    def garde(p):
        m = Decimal(montant) if montant not in (None, "") else None
        if m is None or m <= 0:
            raise ActionRefusee(_("Indiquez un montant accordé supérieur à zéro."), champ="montant")
        demande = p.montant_demande
        if m > demande:
            raise ActionRefusee(
                _("Le montant accordé (%(m)s) dépasse l'aide demandée (%(d)s).")
                % {"m": format_argent(m), "d": format_argent(demande)},
                champ="montant",
            )
        regle = budget.regle_pour(p.programme, p.type_porteur_applicable) if p.porteur else None
        if regle is None:
            raise ActionRefusee(_("Le porteur de ce projet n'est pas admissible au programme."), champ="montant")
        cumul = p.aide_gouvernementale - demande + m
        erreurs = budget.erreurs_montant_aide(p.programme, regle, m, cumul, p.cout_admissible, libelle=_("Le montant accordé"))
        if erreurs:
            raise ActionRefusee(" ".join(erreurs), champ="montant")
        region = p.region
        try:  # the lock serialises the Ministère's decisions on this envelope
            enveloppe = Enveloppe.objects.select_for_update().get(programme=p.programme, region=region)
        except Enveloppe.DoesNotExist:
            raise ActionRefusee(
                _("Le programme %(programme)s n'a pas d'enveloppe pour la région %(region)s.")
                % {"programme": p.programme.sigle, "region": region.nom},
                champ="montant",
            ) from None
        disponible = enveloppe.montant - enveloppes.accorde(p.programme, region)
        if m > disponible:
            raise ActionRefusee(
                _("Le montant accordé (%(m)s) dépasse le disponible de l'enveloppe %(region)s (%(d)s).")
                % {"m": format_argent(m), "region": region.nom, "d": format_argent(disponible)},
                champ="montant",
            )
        _exiger_part(p, m, en_attente=False, champ="montant", enveloppe=enveloppe)
        _exiger_motif_d_ecart(p, "accepter", m, motif)
        p.montant_accorde = m
        return {"montant": m}

    return _transition(
        projet,
        par,
        Projet._accepter,
        Etape.DECISION_MINISTERE,
        regle="projets.accepter",
        version=version,
        garde=garde,
        motif=motif or "",
        fichier=fichier or "",
    )


def _exiger_part(p, montant, *, en_attente, champ, enveloppe=None):
    """Refuse, with the figures, a decision that would take the créneau beyond its share of the
    envelope (the répartition in force; none adopted: no share to respect). The envelope's row is
    locked, so two decisions on the same envelope are judged one after the other.
    `en_attente`: count the projects already waiting for the Ministère (an approval)."""
    if enveloppe is None:
        enveloppe = Enveloppe.objects.select_for_update().filter(programme=p.programme, region=p.region).first()
        if enveloppe is None:
            return
    part, engage, attente = enveloppes.situation_creneau(enveloppe, p.creneau, sauf=p)
    if part is None:
        return
    attente = attente if en_attente else Decimal(0)
    if engage + attente + montant > part:
        raise ActionRefusee(
            _(
                "Ce projet dépasserait la part du créneau « %(creneau)s » dans l'enveloppe %(region)s : part %(part)s, "
                "engagé %(engage)s, en attente %(attente)s, disponible %(disponible)s, ce projet %(montant)s. "
                "Le comité régional peut réviser sa répartition."
            )
            % {
                "creneau": p.creneau.nom,
                "region": p.region.nom,
                "part": format_argent(part),
                "engage": format_argent(engage),
                "attente": format_argent(attente),
                "disponible": format_argent(part - engage - attente),
                "montant": format_argent(montant),
            },
            champ=champ,
        )


def _exiger_motif_d_ecart(p, decision, montant, motif):
    """A Ministère decision departing from the direction régionale's recommendation gives its reason
    (the rule projets.accepter has made sure the analysis is there)."""
    analyse = derniere_analyse(p)
    if not analyse.recommandation or (motif or "").strip():
        return
    Reco = Decision.Recommandation
    ecart = analyse.recommandation != (Reco.ACCEPTER if decision == "accepter" else Reco.REFUSER) or (
        decision == "accepter" and analyse.montant is not None and montant != analyse.montant
    )
    if ecart:
        raise ActionRefusee(
            _("Cette décision s'écarte de la recommandation de la direction régionale (%(reco)s%(montant)s) : motivez-la.")
            % {
                "reco": analyse.get_recommandation_display().lower(),
                "montant": f", {format_argent(analyse.montant)}" if analyse.montant is not None else "",
            },
            champ="motif",
        )


def refuser(projet, *, par, motif, fichier=None, version=None) -> Decision:
    motif = exiger_motif(motif)
    return _transition(
        projet,
        par,
        Projet._refuser,
        Etape.DECISION_MINISTERE,
        regle="projets.refuser",
        version=version,
        motif=motif,
        fichier=fichier or "",
    )


def signer_convention(projet, *, par, fichier=None, motif="", version=None) -> Decision:
    return _transition(
        projet,
        par,
        Projet._signer_convention,
        Etape.CONVENTION,
        regle="projets.signer_convention",
        version=version,
        motif=motif,
        fichier=fichier or "",
    )


def verse(p) -> Decimal:
    return sum((v.montant for v in p.versements.all()), Decimal(0))


def enregistrer_versement(projet, *, par, date, montant, note="", version=None) -> Decision:
    """Record a payment (after the convention, dated on or after its signature, never beyond the
    amount granted less any balance released)."""

    def garde(p):
        m = Decimal(montant) if montant not in (None, "") else None
        if m is None or m <= 0:
            raise ActionRefusee(_("Indiquez un montant versé supérieur à zéro."), champ="montant")
        if date is None:
            raise ActionRefusee(_("Indiquez la date du versement."), champ="date")
        exiger_date_bornee(date, "date")
        convention = date_convention(p)
        if convention is None:
            raise ActionRefusee(_("Aucune convention n'est signée pour ce projet : rien ne peut être versé."), champ="date")
        if date < convention:
            raise ActionRefusee(
                _("Un versement ne peut précéder la signature de la convention (%(jour)s).") % {"jour": date_format(convention)},
                champ="date",
            )
        deja = verse(p)
        plafond = p.engage
        if deja + m > plafond:
            raise ActionRefusee(
                _("Avec ce versement, le total versé (%(total)s) dépasserait le montant accordé (%(accorde)s).")
                % {"total": format_argent(deja + m), "accorde": format_argent(plafond)},
                champ="montant",
            )
        Versement.objects.create(projet=p, date=date, montant=m, note=note)
        return {"montant": m, "motif": note}

    return _transition(
        projet,
        par,
        Projet._enregistrer_versement,
        Etape.VERSEMENT,
        regle="projets.enregistrer_versement",
        version=version,
        garde=garde,
    )


def desengager(projet, *, par, motif, version=None) -> Decision:
    """The Ministère releases the unpaid balance of a project en réalisation: it returns to the
    envelope (the project's `montant_desengage`); the project may then close with its report."""

    def garde(p):
        solde = p.engage - verse(p)
        if solde <= 0:
            raise ActionRefusee(_("Le montant accordé est entièrement versé : il n'y a pas de solde à désengager."))
        p.montant_desengage += solde
        return {"montant": solde}

    motif = exiger_motif(motif)
    return _transition(
        projet,
        par,
        Projet._desengager,
        Etape.DESENGAGEMENT,
        regle="projets.desengager",
        version=version,
        garde=garde,
        motif=motif,
    )


def _exiger_apres_debut(p, jour, champ):
    if p.date_debut and jour < p.date_debut:
        raise ActionRefusee(
            _("Le rapport final ne peut être daté avant le début du projet (%(debut)s).") % {"debut": date_format(p.date_debut)},
            champ=champ,
        )


def accepter_rapport_final(projet, *, par, resume=None, fichier=None, motif="", version=None) -> Decision:
    """Accept the final report (the one deposited, or the one given here): terminé. Only when the
    grant is fully paid or its balance released, and the report dated on or after the start."""

    def garde(p):
        solde = p.engage - verse(p)
        if solde > 0:
            raise ActionRefusee(
                _(
                    "Il reste %(solde)s à verser sur %(accorde)s accordés : enregistrez le dernier versement ou "
                    "désengagez le solde avant de clore le projet."
                )
                % {"solde": format_argent(solde), "accorde": format_argent(p.montant_accorde)}
            )
        _exiger_apres_debut(p, aujourdhui(), "resume")
        rapport = RapportFinal.objects.filter(projet=p).first()
        if rapport is not None:
            _exiger_apres_debut(p, timezone.localdate(rapport.depose_le), "resume")
        if rapport is None:
            if not (resume or "").strip():
                raise ActionRefusee(_("Aucun rapport final n'a été déposé : joignez-en le résumé."), champ="resume")
            rapport = RapportFinal(projet=p, resume=resume.strip(), fichier=fichier or "")
        rapport.accepte_le = maintenant()
        rapport.save()
        return {}

    return _transition(
        projet,
        par,
        Projet._accepter_rapport_final,
        Etape.RAPPORT_FINAL,
        regle="projets.accepter_rapport_final",
        version=version,
        garde=garde,
        motif=motif,
    )


# ---------------------------------------------------------------------------------------------
# A merged or withdrawn créneau's open projects (creneaux.actions.fusionner / retirer call these
# through creneaux/crochets.py, registered in ProjetsConfig.ready)


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


# ---------------------------------------------------------------------------------------------
# The comité régional's répartition of its envelope


def adopter_repartition(enveloppe, *, resolution, parts) -> Repartition:
    """The comité régional adopts (the résolution of its séance, creneaux.resolutions) the split
    of `enveloppe` among its region's créneaux: `parts` {Creneau: amount}. A later one revises it.
    Refused when the total exceeds the envelope, a share is below what the créneau already has
    engaged, a créneau is not carried by the region or is merged / withdrawn."""
    r = exiger_resolution(resolution)
    with transaction.atomic():
        env = verrouiller(Enveloppe.objects.select_related("programme", "region"), enveloppe)
        exiger_resolution(
            r,
            lambda c: c.type == Comite.Type.REGIONAL and c.region_id == env.region_id,
            _("Cette réunion n'est pas celle du comité régional de la région."),
        )
        if not r.adoptee:
            raise ActionRefusee(_("La résolution %(n)s n'adopte pas cette répartition.") % {"n": r.numero})
        montants = {}
        for creneau, montant in parts.items():
            m = Decimal(montant if montant not in (None, "") else 0)
            if m < 0:
                raise ActionRefusee(_("Une part ne peut être négative."), champ="parts")
            if creneau.region_porteuse_id != env.region_id:
                raise ActionRefusee(
                    _("« %(c)s » n'est pas porté par la région %(r)s.") % {"c": creneau.nom, "r": env.region.nom}, champ="parts"
                )
            if creneau.termine and m > 0:
                raise ActionRefusee(
                    _("« %(c)s » est %(s)s : il ne reçoit plus de part.")
                    % {"c": creneau.nom, "s": creneau.get_statut_display().lower()},
                    champ="parts",
                )
            montants[creneau] = m
        total = sum(montants.values(), Decimal(0))
        if total > env.montant:
            raise ActionRefusee(
                _("Le total des parts (%(total)s) dépasse l'enveloppe (%(montant)s).")
                % {"total": format_argent(total), "montant": format_argent(env.montant)},
                champ="parts",
            )
        etat = enveloppes.etat(env.programme, env.region)
        engages = {pc.creneau.pk: pc.accorde for pc in etat.par_creneau}
        for pc in etat.par_creneau:
            part = next((m for c, m in montants.items() if c.pk == pc.creneau.pk), Decimal(0))
            if pc.accorde > part:
                raise ActionRefusee(
                    _("La part de « %(c)s » (%(part)s) serait inférieure à ce qui lui est déjà engagé (%(engage)s).")
                    % {"c": pc.creneau.nom, "part": format_argent(part), "engage": format_argent(engages[pc.creneau.pk])},
                    champ="parts",
                )
        repartition = Repartition.objects.create(
            enveloppe=env,
            comite=r.comite,
            reunion=r.seance,
            numero_resolution=r.numero,
            motif=(r.texte or "").strip(),
            auteur=r.par,
        )
        PartRepartition.objects.bulk_create(
            [PartRepartition(repartition=repartition, creneau=c, montant=m) for c, m in montants.items()]
        )
    return repartition


# ---------------------------------------------------------------------------------------------
# E-mails to the next actors


def _suivants(projet, statut):
    """Users who must act on a project in `statut` (and the coordination, told of outcomes)."""
    region = projet.region
    if statut == Statut.COMITE_CRENEAU:
        return list(destinataires.bureau_resolution(projet.creneau))
    if statut == Statut.COMITE_REGIONAL:
        return list(destinataires.bureau_comite_regional(region))
    if statut in (Statut.MINISTERE, Statut.ACCEPTE):
        return [*destinataires.direction_regionale(region), *destinataires.ministere_central()]
    return []


def _notifier(projet, decision):
    """Those who must act on the new state get « à traiter »; the coordination is told the outcome.

    On a withdrawal, those before whom the project was are told too. The author gets nothing.
    """
    contexte = {"projet": projet, "decision": decision, "url": projet.get_absolute_url()}
    sujet = f"[ACCORD] {projet.numero or projet.titre}"
    coordination = list(destinataires.coordination(projet.creneau))
    if decision.vers_statut == Statut.RETIRE:
        a_agir, informes = [], [*_suivants(projet, decision.de_statut), *coordination]
    else:
        a_agir = _suivants(projet, decision.vers_statut)
        informes = [u for u in coordination if u not in a_agir]
    notifier_apres_commit(
        [u for u in a_agir if u != decision.auteur],
        lambda: _("%(sujet)s – À traiter : %(statut)s") % {"sujet": sujet, "statut": projet.get_statut_display()},
        "projets/courriels/a_traiter.txt",
        contexte,
    )
    notifier_apres_commit(
        [u for u in informes if u != decision.auteur],
        lambda: f"{sujet} – {decision.get_etape_display()}",
        "projets/courriels/information.txt",
        contexte,
    )
