"""Project pages: list and CSV export, filing steps, project page, attachments, comments, actions."""

import csv
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import DecimalField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.forms.models import construct_instance
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django_filters.views import FilterView

from noyau.exercices import libelle
from noyau.formats import format_argent
from noyau.permissions import verifier
from projets import actions, budget, enveloppes, rules
from projets.fichiers import servir, type_reel
from projets.filters import ProjetFilter
from projets.forms import (
    ETAPE_DU_CHAMP,
    ETAPES,
    AnalyseForm,
    ComiteRegionalForm,
    CommentaireForm,
    ConventionForm,
    DecisionMinistereForm,
    DepenseFormSet,
    DepotRapportFinalForm,
    FinancementFormSet,
    IdentificationForm,
    PieceJointeForm,
    RapportFinalForm,
    ResolutionForm,
    RetraitForm,
    SoumettreForm,
    VersementForm,
)
from projets.models import Commentaire, Decision, Financement, PieceJointe, Programme, Projet
from projets.selectors import visibles

ARGENT = DecimalField(max_digits=14, decimal_places=2)


def avec_demande(queryset):
    """Annotate `demande`: the aid requested from the programme, summed in one subquery."""
    somme = (
        Financement.objects.filter(projet=OuterRef("pk"), source=Financement.Source.FSDCE)
        .order_by()
        .values("projet")
        .annotate(s=Sum("montant"))
        .values("s")
    )
    return queryset.annotate(demande=Coalesce(Subquery(somme, output_field=ARGENT), Value(Decimal(0)), output_field=ARGENT))


# Columns the list and the export show: narrow rows keep joins and sorts cheap on large tables.
COLONNES_LISTE = [
    "numero",
    "titre",
    "enjeu",
    "exercice",
    "statut",
    "statut_depuis",
    "montant_accorde",
    "creneau__nom",
    "creneau__region_porteuse__nom",
    "programme__sigle",
    "porteur__nom",
]


def projets_filtres(request):
    """The filter set of the list and of its CSV export: visible projects only, newest first
    (by primary key: an index scan that stops after one page)."""
    queryset = avec_demande(visibles(request.user).pour_liste().only(*COLONNES_LISTE)).order_by("-pk")
    return ProjetFilter(request.GET or None, queryset=queryset, request=request)


# ---- List and export -------------------------------------------------------------------------


class ListeView(LoginRequiredMixin, FilterView):
    template_name = "projets/liste.html"
    filterset_class = ProjetFilter
    context_object_name = "projets"
    paginate_by = 25

    def get_filterset(self, filterset_class):
        return projets_filtres(self.request)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        tri = self.filterset.form.fields["tri"]
        params = self.request.GET.copy()
        params.pop("tri", None)
        params.pop("page", None)
        ctx.update(
            colonnes=[(cle, lib) for cle, lib in tri.choices if cle and not cle.startswith("-")],
            tri_actuel=self.request.GET.get("tri", ""),
            params_sans_tri=params.urlencode() + "&" if params else "",
            peut_creer=verifier("projets.creer", self.request.user).ok,
        )
        return ctx


@login_required
def export_csv(request):
    filtre = projets_filtres(request)
    reponse = HttpResponse(content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="projets-{timezone.localdate().isoformat()}.csv"'
    reponse.write("\ufeff")  # BOM: Excel opens UTF-8 correctly
    ecrivain = csv.writer(reponse, delimiter=";")
    ecrivain.writerow(
        [
            _("Numéro"),
            _("Titre"),
            _("Créneau"),
            _("Région"),
            _("Programme"),
            _("Porteur"),
            _("Enjeu"),
            _("Exercice"),
            _("État"),
            _("Dans cet état depuis"),
            _("Aide demandée"),
            _("Montant accordé"),
        ]
    )
    for p in filtre.qs.iterator(chunk_size=2000):
        ecrivain.writerow(
            [
                p.numero or "",
                p.titre,
                p.creneau.nom,
                p.creneau.region_porteuse.nom,
                p.programme.sigle,
                p.porteur.nom if p.porteur else "",
                p.get_enjeu_display(),
                libelle(p.exercice) if p.exercice else "",
                p.get_statut_display(),
                timezone.localtime(p.statut_depuis).date().isoformat(),
                _decimal_fr(p.demande),
                _decimal_fr(p.montant_accorde),
            ]
        )
    return reponse


def _decimal_fr(valeur):
    return "" if valeur is None else f"{valeur:.2f}".replace(".", ",")


# ---- Filing steps ----------------------------------------------------------------------------


def projet_a_modifier(request, pk):
    """The project with what the steps need, after rule `projets.modifier` (403 with its reason)."""
    projet = get_object_or_404(
        Projet.objects.pour_detail().prefetch_related("programme__regles").select_related("creneau__region_porteuse"), pk=pk
    )
    v = verifier("projets.modifier", request.user, projet)
    if not v.ok:
        if not verifier("projets.voir", request.user, projet).ok:
            raise PermissionDenied(v.raison)
        messages.warning(request, v.raison)
        return projet, redirect(projet)
    return projet, None


def enregistrer(projet, user, form, formsets=(), soumettre=False):
    """Save a step through actions.modification (row lock, rule, stale-version check) and, when
    asked, submit in the same transaction: a refused submission saves nothing."""
    with transaction.atomic():
        with actions.modification(projet, user, version=form.cleaned_data["version_lue"]) as p:
            construct_instance(form, p, form._meta.fields)
            form.instance = p
            form._save_m2m()
            for fs in formsets:
                fs.instance = p
                fs.save()
        if soumettre:
            p = actions.soumettre(p, user, version=p.version).projet
    return p


def _lignes(projet, formsets):
    """Budget lines: those typed in the step's formsets, else those saved."""
    if formsets:
        return [[f.cleaned_data for f in fs.forms if getattr(f, "cleaned_data", None)] for fs in formsets]
    return [projet.depenses.all(), projet.financements.all()]


def _etat_budget(projet, form, formsets):
    """Arguments of budget.verifier: what the step typed, the rest as saved."""
    donnees = form.cleaned_data
    depenses, financements = _lignes(projet, formsets)
    return {
        "porteur": donnees.get("porteur", projet.porteur),
        "partenaires": donnees["partenaires"] if "partenaires" in donnees else projet.partenaires.all(),
        "date_debut": donnees.get("date_debut", projet.date_debut),
        "date_fin": donnees.get("date_fin", projet.date_fin),
        "depenses": depenses,
        "financements": financements,
    }


def _formsets(etape, projet, data=None):
    if etape != "budget":
        return []
    return [
        DepenseFormSet(data, instance=projet, prefix="depenses"),
        FinancementFormSet(data, instance=projet, prefix="financements"),
    ]


def _totaux(projet, formsets, porteur=None):
    """Totals and the applicable rates, for the budget step and its live preview."""
    t = budget.totaux(*_lignes(projet, formsets))
    porteur = porteur or projet.porteur
    regle = budget.regle_pour(projet.programme, porteur.type) if porteur else None
    return {
        "cout_total": t.cout_total,
        "cout_admissible": t.cout_admissible,
        "financement_total": t.financement_total,
        "ecart": t.ecart,
        "montant_demande": t.montant_demande,
        "taux_aide": t.taux_aide,
        "taux_cumul": t.taux_cumul,
        "taux_max": regle.taux_max if regle else None,
        "taux_cumul_max": regle.taux_cumul_max if regle else None,
    }


class EtapeView(LoginRequiredMixin, View):
    """One step of the filing form. « Enregistrer » keeps a draft (rule limits on what is typed
    refuse, what is still missing is listed); « soumettre » applies the full check first."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.etape = kwargs["etape"]
        if self.etape not in ETAPES:
            return redirect("projets:etape", kwargs["pk"], "identification")
        self.projet, refus = projet_a_modifier(request, kwargs["pk"])
        return refus or super().dispatch(request, *args, **kwargs)

    def form_class(self):
        return ETAPES[self.etape][1]

    def construire(self, data=None, files=None):
        kwargs = {"user": self.request.user} if self.form_class() is IdentificationForm else {}
        form = self.form_class()(data, files, instance=self.projet, **kwargs)
        return form, _formsets(self.etape, self.projet, data)

    def get(self, request, *args, **kwargs):
        form, formsets = self.construire()
        return self.afficher(form, formsets, avertissements=self.manques(budget.verifier_projet(self.projet)))

    def manques(self, erreurs):
        return [(champ, ETAPE_DU_CHAMP.get(champ, "budget"), m) for champ, msgs in erreurs.items() for m in msgs]

    def post(self, request, *args, **kwargs):
        form, formsets = self.construire(request.POST, request.FILES)
        soumettre = request.POST.get("suite") == "soumettre"
        if not (form.is_valid() and all(fs.is_valid() for fs in formsets)):
            return self.afficher(form, formsets)
        programme = form.cleaned_data.get("programme") or self.projet.programme
        erreurs = budget.verifier(programme, complet=soumettre, **_etat_budget(self.projet, form, formsets))
        ici = {c: m for c, m in erreurs.items() if ETAPE_DU_CHAMP.get(c, "budget") == self.etape}
        ailleurs = {c: m for c, m in erreurs.items() if c not in ici}
        for champ, msgs in ici.items():
            for m in msgs if champ in form.fields else ():
                form.add_error(champ, m)
        if ici or (soumettre and ailleurs):
            if soumettre and ailleurs:
                messages.error(request, _("Le projet ne peut pas encore être soumis : rien n'a été enregistré."))
            return self.afficher(form, formsets, avertissements=self.manques(ailleurs), erreurs_budget=ici.get("financements"))
        try:
            projet = enregistrer(self.projet, request.user, form, formsets, soumettre=soumettre)
        except actions.Conflit as exc:
            return self.afficher(form, formsets, conflit=exc.message)
        except actions.ActionRefusee as exc:
            messages.error(request, exc.message)
            return self.afficher(form, formsets, avertissements=self.manques(exc.erreurs))
        if soumettre:
            messages.success(request, _("Projet soumis au comité de créneau sous le numéro %(n)s.") % {"n": projet.numero})
            return redirect(projet)
        messages.success(request, _("Brouillon enregistré."))
        suivante = self.suivante()
        return redirect("projets:etape", projet.pk, suivante) if suivante else redirect(projet)

    def suivante(self):
        cles = list(ETAPES)
        i = cles.index(self.etape)
        return cles[i + 1] if i + 1 < len(cles) else None

    def afficher(self, form, formsets, avertissements=None, **extra):
        budget_formsets = []
        if formsets:
            budget_formsets = [(_("Dépenses"), formsets[0], "depenses"), (_("Financement"), formsets[1], "financements")]
        porteur = form.cleaned_data.get("porteur") if hasattr(form, "cleaned_data") else None
        ctx = {
            "projet": self.projet,
            "form": form,
            "etape": self.etape,
            "etape_libelle": ETAPES[self.etape][0],
            "etapes": [(cle, lib) for cle, (lib, _f) in ETAPES.items()],
            "etape_suivante": self.suivante(),
            "avertissements": avertissements,
            "peut_soumettre": verifier("projets.soumettre", self.request.user, self.projet).ok,
            "budget_formsets": budget_formsets,
            "totaux": _totaux(self.projet, formsets if formsets and all(fs.is_bound for fs in formsets) else None, porteur)
            if self.etape == "budget"
            else None,
            **extra,
        }
        return render(self.request, "projets/etape.html", ctx, status=200)


class NouveauView(LoginRequiredMixin, View):
    """Step 1 of a new project: a draft exists once it has a title, a créneau and a programme."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            v = verifier("projets.creer", request.user)
            if not v.ok:
                raise PermissionDenied(v.raison)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        projet = Projet(programme=Programme.objects.filter(sigle="FSDCE").first() or Programme.objects.first())
        return self.afficher(IdentificationForm(instance=projet, user=request.user), projet)

    def post(self, request):
        projet = Projet()
        form = IdentificationForm(request.POST, instance=projet, user=request.user)
        if not form.is_valid():
            return self.afficher(form, projet)
        projet = form.save(commit=False)
        projet.cree_par = request.user
        projet._change_reason = _("Création du brouillon")
        projet.save()
        messages.success(request, _("Brouillon créé : complétez les étapes suivantes."))
        return redirect("projets:etape", projet.pk, "porteur")

    def afficher(self, form, projet):
        ctx = {
            "projet": projet,
            "form": form,
            "etape": "identification",
            "etape_libelle": ETAPES["identification"][0],
            "etapes": [(cle, lib) for cle, (lib, _f) in ETAPES.items()],
            "etape_suivante": "porteur",
        }
        return render(self.request, "projets/etape.html", ctx)


@login_required
def apercu_budget(request, pk):
    """htmx: the computed totals of the budget being typed (nothing saved)."""
    projet, refus = projet_a_modifier(request, pk)
    if refus:
        raise PermissionDenied
    formsets = _formsets("budget", projet, request.POST)
    for fs in formsets:
        fs.is_valid()
    return render(request, "projets/_totaux.html", {"totaux": _totaux(projet, formsets)})


# ---- Project page ----------------------------------------------------------------------------

HISTORIQUE_MAX = 30
CHAMPS_HISTORIQUE = [
    "numero",
    "titre",
    "creneau",
    "programme",
    "porteur",
    "description",
    "objectifs",
    "enjeu",
    "priorite",
    "action",
    "date_debut",
    "date_fin",
    "statut",
    "exercice",
    "montant_accorde",
]


def historique(projet):
    """Field changes, newest first: who, when, and each field's old → new value (readable).

    Foreign keys are resolved in one query per related model, whatever the number of changes."""
    versions = list(projet.history.select_related("history_user").order_by("-history_date", "-history_id")[: HISTORIQUE_MAX + 1])
    entrees = []
    for recente, ancienne in zip(versions, versions[1:] + [None], strict=False):
        if ancienne is None:
            changements = []
        else:
            delta = recente.diff_against(ancienne, included_fields=CHAMPS_HISTORIQUE)
            changements = [(c.field, c.old, c.new) for c in delta.changes]
        entrees.append({"version": recente, "changements": changements})
    entrees = entrees[:HISTORIQUE_MAX]
    a_resoudre = {}
    for e in entrees:
        for champ, avant, apres in e["changements"]:
            f = Projet._meta.get_field(champ)
            if f.is_relation:
                a_resoudre.setdefault(champ, set()).update(v for v in (avant, apres) if v is not None)
    noms = {
        champ: {o.pk: str(o) for o in Projet._meta.get_field(champ).related_model._default_manager.filter(pk__in=ids)}
        for champ, ids in a_resoudre.items()
    }

    def lisible(champ, valeur):
        if valeur in (None, ""):
            return "—"
        f = Projet._meta.get_field(champ)
        if f.is_relation:
            return noms[champ].get(valeur, f"#{valeur}")
        if f.choices:
            return dict(f.flatchoices).get(valeur, valeur)
        if isinstance(valeur, Decimal):
            return format_argent(valeur)
        return valeur

    for e in entrees:
        e["changements"] = [
            (Projet._meta.get_field(c).verbose_name, lisible(c, avant), lisible(c, apres)) for c, avant, apres in e["changements"]
        ]
    return entrees


def fil_du_projet(projet):
    """Decisions and comments in time order (both prefetched)."""
    evenements = [("decision", d.horodatage, d) for d in projet.decisions.all()]
    evenements += [("commentaire", c.cree_le, c) for c in projet.commentaires.all()]
    return sorted(evenements, key=lambda e: e[1])


def projet_visible(request, pk, queryset=None):
    """The project after rule `projets.voir`: 403 with its reason (anonymous users log in first)."""
    projet = get_object_or_404(queryset if queryset is not None else Projet.objects.select_related("creneau"), pk=pk)
    v = verifier("projets.voir", request.user, projet)
    if not v.ok:
        raise PermissionDenied(v.raison)
    return projet


def detail_queryset():
    return (
        Projet.objects.pour_detail()
        .prefetch_related(
            "programme__regles",
            Prefetch("pieces_jointes", queryset=PieceJointe.objects.select_related("ajoute_par")),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("auteur", "comite", "reunion").prefetch_related("en_conflit"),
            ),
            Prefetch("commentaires", queryset=Commentaire.objects.select_related("auteur")),
            "versements",
        )
        .select_related("rapport_final", "priorite__region")
    )


# Action forms of the project page: form class → the verbs it can run, chosen by its "issue" field
# (or the only verb), and how its cleaned data become the verb's arguments.
def _vote(d):
    return {
        "reunion": d["reunion"],
        "numero": d["numero_resolution"],
        "pour": d["votes_pour"],
        "contre": d["votes_contre"],
        "abstentions": d["abstentions"],
        "motif": d["motif"],
    }


FORMULAIRES_ACTION = {
    "soumettre": (SoumettreForm, {"soumettre": lambda d: {}}),
    "resolution": (
        ResolutionForm,
        {
            "adoptee": ("adopter_resolution", lambda d: {**_vote(d), "en_conflit": d["en_conflit"], "fichier": d["fichier"]}),
            "rejetee": ("rejeter_resolution", lambda d: {**_vote(d), "en_conflit": d["en_conflit"], "fichier": d["fichier"]}),
            "renvoyee": ("renvoyer", lambda d: {**_vote(d), "en_conflit": d["en_conflit"], "fichier": d["fichier"]}),
        },
    ),
    "regional": (
        ComiteRegionalForm,
        {
            "approuver": ("approuver_regional", _vote),
            "refuser": ("refuser_regional", _vote),
            "renvoyer": ("renvoyer", _vote),
        },
    ),
    "analyse": (AnalyseForm, {"analyser": lambda d: {"texte": d["texte"]}}),
    "ministere": (
        DecisionMinistereForm,
        {
            "accepter": ("accepter", lambda d: {"montant": d["montant"], "motif": d["motif"]}),
            "refuser": ("refuser", lambda d: {"motif": d["motif"]}),
            "demander_complement": ("demander_complement", lambda d: {"motif": d["motif"]}),
        },
    ),
    "convention": (ConventionForm, {"signer_convention": lambda d: {"motif": d["motif"], "fichier": d["fichier"]}}),
    "versement": (
        VersementForm,
        {"enregistrer_versement": lambda d: {"date": d["date"], "montant": d["montant"], "note": d["note"]}},
    ),
    "depot_rapport": (
        DepotRapportFinalForm,
        {"deposer_rapport_final": lambda d: {"resume": d["resume"], "fichier": d["fichier"]}},
    ),
    "rapport": (RapportFinalForm, {"accepter_rapport_final": lambda d: {"resume": d["resume"], "fichier": d["fichier"]}}),
    "retrait": (RetraitForm, {"retirer": lambda d: {"motif": d["motif"]}}),
}


# Writes of projets.actions that change no state (no Decision, no optimistic lock).
ECRITURES_SANS_VERSION = {"deposer_rapport_final"}


def _verbes(choix):
    """(issue → (verb, arguments)) with single-verb forms normalised."""
    return {cle: (v if isinstance(v, tuple) else (cle, v)) for cle, v in choix.items()}


def formulaires_action(request, projet, lie=None, donnees=None, fichiers=None):
    """The project's action panel: for each action form, the verdicts of its verbs; a form only
    where at least one verb is open to the user now, else the first reason it is not."""
    panneau = []
    for cle, (classe, choix) in FORMULAIRES_ACTION.items():
        verdicts = {issue: verifier(f"projets.{verbe}", request.user, projet) for issue, (verbe, _a) in _verbes(choix).items()}
        ouverts = [issue for issue, v in verdicts.items() if v.ok]
        form = None
        # Sending back is offered on the form of the comité before which the project is, never alone.
        if any(_verbes(choix)[issue][0] != "renvoyer" for issue in ouverts):
            form = classe(donnees if cle == lie else None, fichiers if cle == lie else None, projet=projet)
            if "issue" in form.fields:
                form.fields["issue"].choices = [c for c in form.fields["issue"].choices if c[0] in ouverts]
        raison = "" if form else next(v.raison for v in verdicts.values() if not v.ok)
        panneau.append({"cle": cle, "libelle": classe.libelle, "form": form, "raison": raison})
    return panneau


def _contexte_detail(request, projet, lie=None, donnees=None, fichiers=None, **extra):
    panneau = formulaires_action(request, projet, lie, donnees, fichiers)
    ouverts = {a["cle"] for a in panneau if a["form"]}
    enveloppe = None
    if ouverts & {"regional", "ministere"}:
        enveloppe = enveloppes.etat(projet.programme, projet.region)
        for part in enveloppe.par_creneau:
            part.part = part.part_de(enveloppe.montant)
    return {
        "projet": projet,
        "totaux": _totaux(projet, None),
        "fil": fil_du_projet(projet),
        "historique": historique(projet),
        "actions": panneau,
        "enveloppe": enveloppe,
        "peut_modifier": verifier("projets.modifier", request.user, projet),
        "form_piece": extra.pop("form_piece", None) or PieceJointeForm(),
        "form_commentaire": extra.pop("form_commentaire", None) or CommentaireForm(),
        "peut_commenter": verifier("projets.commenter", request.user, projet),
        "manques": budget.verifier_projet(projet) if projet.statut in rules.EN_PREPARATION else {},
        **extra,
    }


@login_required
def detail(request, pk):
    projet = projet_visible(request, pk, detail_queryset())
    return render(request, "projets/detail.html", _contexte_detail(request, projet))


@login_required
def agir(request, pk, cle):
    """POST of one action form: run the chosen verb; a refusal goes on its field (or as a
    conflict alert) and the page is shown again with what was typed."""
    if request.method != "POST" or cle not in FORMULAIRES_ACTION:
        return redirect("projets:detail", pk)
    projet = projet_visible(request, pk, detail_queryset())
    classe, choix = FORMULAIRES_ACTION[cle]
    form = classe(request.POST, request.FILES, projet=projet)
    if form.is_valid():
        verbe, arguments = _verbes(choix)[form.cleaned_data.get("issue") or next(iter(choix))]
        try:
            kwargs = arguments(form.cleaned_data)
            if verbe not in ECRITURES_SANS_VERSION:
                kwargs["version"] = form.cleaned_data["version"]
            getattr(actions, verbe)(projet, request.user, **kwargs)
        except actions.Conflit as exc:
            messages.error(request, exc.message)
            return redirect("projets:detail", pk)
        except actions.ActionRefusee as exc:
            champs = {c: m for c, m in exc.erreurs.items() if c in form.fields}
            for champ, msgs in champs.items():
                for m in msgs:
                    form.add_error(champ, m)
            if not champs:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(action)s : enregistré.") % {"action": classe.libelle})
            return redirect("projets:detail", pk)
    ctx = _contexte_detail(request, projet, cle, request.POST, request.FILES, action_ouverte=cle)
    for a in ctx["actions"]:
        if a["cle"] == cle and a["form"] is not None:
            a["form"] = form
    return render(request, "projets/detail.html", ctx, status=200)


@login_required
def ajouter_piece(request, pk):
    projet = projet_visible(request, pk, detail_queryset())
    v = verifier("projets.modifier", request.user, projet)
    if not v.ok:
        raise PermissionDenied(v.raison)
    form = PieceJointeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        piece = form.save(projet, request.user)
        messages.success(request, _("Pièce jointe « %(nom)s » ajoutée.") % {"nom": piece.nom})
        return redirect(f"{projet.get_absolute_url()}#pieces")
    return render(request, "projets/detail.html", _contexte_detail(request, projet, form_piece=form), status=200)


@login_required
def telecharger_piece(request, pk):
    piece = get_object_or_404(PieceJointe.objects.select_related("projet__creneau"), pk=pk)
    v = verifier("projets.telecharger_piece", request.user, piece.projet)
    if not v.ok:
        raise PermissionDenied(v.raison)
    return servir(piece.fichier, piece.nom, piece.type_mime)


@login_required
def document_decision(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("projet__creneau").exclude(fichier=""), pk=pk)
    v = verifier("projets.telecharger_piece", request.user, decision.projet)
    if not v.ok:
        raise PermissionDenied(v.raison)
    fichier = decision.fichier
    return servir(fichier, fichier.name.rsplit("/", 1)[-1], type_reel(fichier) or "application/octet-stream")


@login_required
def commenter(request, pk):
    projet = projet_visible(request, pk, detail_queryset())
    form = CommentaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.commenter(projet, request.user, form.cleaned_data["texte"])
        except actions.ActionRefusee as exc:
            raise PermissionDenied(exc.message) from exc
        messages.success(request, _("Commentaire ajouté."))
        return redirect(f"{projet.get_absolute_url()}#fil")
    return render(request, "projets/detail.html", _contexte_detail(request, projet, form_commentaire=form), status=200)
