"""The coordination's verbs: create and edit the draft (budget lines checked against the
programme's rules), attach files, comment, submit it to the comité de créneau, withdraw it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from noyau.actions import ActionRefusee, exiger, exiger_motif, verrouiller
from noyau.exercices import exercice_de
from noyau.horloge import aujourdhui, maintenant
from projets import budget, numeros
from projets.actions.socle import Etape, _sauver, _transition, _verrouiller
from projets.fichiers import valider_piece_jointe
from projets.models import ChangementBudget, Commentaire, Decision, Depense, Financement, PieceJointe, Projet

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
