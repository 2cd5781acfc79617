"""The verbs of creneaux.actions: each one allowed to whom its rule names, refused to the others
(another créneau's coordination, another region's direction régionale, anonymous) without
changing anything; their guards; their history rows and e-mails."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from creneaux import actions
from creneaux.models import (
    Collaboration,
    Comite,
    Creneau,
    Mandat,
    Organisation,
    PartenariatInternational,
    Personne,
)
from noyau import horloge
from noyau.actions import ActionRefusee
from tests.factories import (
    CollaborationFactory,
    ComiteFactory,
    CreneauFactory,
    MandatFactory,
    OrganisationFactory,
    PartenariatFactory,
    PersonneFactory,
)

D = datetime.date
HIER = timezone.now() - datetime.timedelta(days=1)


def etat():
    """Every row of the créneaux' tables (history and many-to-many tables included)."""
    return {
        m._meta.db_table: sorted(map(repr, m.objects.values_list()))
        for m in apps.get_app_config("creneaux").get_models(include_auto_created=True)
    }


@pytest.fixture
def anonyme():
    return AnonymousUser()


@pytest.fixture
def mandat(comite):
    return MandatFactory(comite=comite)


# Each verb: (name, fixtures it needs, call(objects, par)), who may, who may not.
VERBES = {
    "modifier_fiche": (
        lambda o, par: actions.modifier_fiche(o["creneau"], par=par, donnees={"vision": "Nouvelle vision"}),
        ["coordination", "dr_centre", "central"],
        ["coordination_autre", "dr_autre", "secretaire", "anonyme"],
    ),
    "changer_statut": (
        lambda o, par: actions.changer_statut(o["creneau"], par=par, statut="retire", date=D(2020, 3, 31), motif="Inactif"),
        ["dr_centre", "central"],
        ["coordination", "coordination_autre", "dr_autre", "anonyme"],
    ),
    "fusionner": (
        lambda o, par: actions.fusionner(o["creneau"], par=par, dans=o["autre_creneau"], date=D(2020, 3, 31), motif="Fusion"),
        ["dr_centre", "central"],
        ["coordination", "coordination_autre", "dr_autre", "anonyme"],
    ),
    "enregistrer_comite": (
        lambda o, par: actions.enregistrer_comite(Comite(creneau=o["creneau"], type="travail", nom="Main-d'œuvre"), par=par),
        ["coordination", "dr_centre"],
        ["coordination_autre", "dr_autre", "secretaire", "anonyme"],
    ),
    "nommer_membre": (
        lambda o, par: actions.nommer_membre(
            o["comite"], par=par, personne=o["personne"], role="membre", college="intervenant", debut=horloge.aujourdhui()
        ),
        ["coordination", "dr_centre"],
        ["coordination_autre", "dr_autre", "secretaire", "anonyme"],
    ),
    "enregistrer_comite_decideur": (
        lambda o, par: actions.enregistrer_comite(
            Comite(creneau=o["creneau"], type="executif", nom="Exécutif", parent=o["comite"]), par=par
        ),
        ["dr_centre", "central"],
        ["coordination", "coordination_autre", "dr_autre", "secretaire", "anonyme"],
    ),
    "terminer_mandat": (
        lambda o, par: actions.terminer_mandat(o["mandat"], par=par, fin=timezone.localdate()),
        ["dr_centre", "central"],
        ["coordination", "coordination_autre", "dr_autre", "membre", "anonyme"],
    ),
    "enregistrer_organisation": (
        lambda o, par: actions.enregistrer_organisation(Organisation(nom="Meubles Fictifs inc.", type="entreprise"), par=par),
        ["coordination", "coordination_autre", "dr_autre"],
        ["membre", "sans_role", "anonyme"],
    ),
    "enregistrer_partenariat": (
        lambda o, par: actions.enregistrer_partenariat(
            PartenariatInternational(creneau=o["creneau"], partenaire="Xylofutur", pays="France", type="pole"), par=par
        ),
        ["coordination", "dr_centre"],
        ["coordination_autre", "dr_autre", "membre", "anonyme"],
    ),
    "enregistrer_collaboration": (
        lambda o, par: actions.enregistrer_collaboration(
            Collaboration(titre="Table du bois"), par=par, creneau=o["creneau"], autres=[o["autre_creneau"]]
        ),
        ["coordination", "dr_centre"],
        ["coordination_autre", "dr_autre", "anonyme"],
    ),
}
OBJETS = ["creneau", "autre_creneau", "comite", "mandat", "personne"]


@pytest.fixture
def personne(db):
    return PersonneFactory()


def _objets(request):
    return {nom: request.getfixturevalue(nom) for nom in OBJETS}


PERMIS = [(verbe, qui) for verbe, (_a, oui, _n) in VERBES.items() for qui in oui]
REFUSES = [(verbe, qui) for verbe, (_a, _o, non) in VERBES.items() for qui in non]


@pytest.mark.parametrize(("verbe", "qui"), PERMIS, ids=[f"{v}-{q}" for v, q in PERMIS])
def test_le_verbe_est_permis_et_laisse_sa_trace(request, verbe, qui):
    objets = _objets(request)
    par = request.getfixturevalue(qui)
    obj = VERBES[verbe][0](objets, par)
    trace = obj.history.first()
    assert trace.history_user == par and trace.history_change_reason


@pytest.mark.parametrize(("verbe", "qui"), REFUSES, ids=[f"{v}-{q}" for v, q in REFUSES])
def test_le_verbe_refuse_ne_change_rien(request, verbe, qui):
    objets = _objets(request)
    par = request.getfixturevalue(qui)
    avant = etat()
    with pytest.raises(ActionRefusee) as refus:
        VERBES[verbe][0](objets, par)
    assert refus.value.message, "a refusal always says why"
    assert etat() == avant


# --- The créneau's stage -------------------------------------------------------------------------


def test_le_changement_de_statut_est_date_motive_et_annonce_a_la_coordination(
    creneau, coordination, dr_centre, mailoutbox, django_capture_on_commit_callbacks
):
    moment = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    with horloge.figee(moment), django_capture_on_commit_callbacks(execute=True):
        actions.changer_statut(creneau, par=dr_centre, statut="retire", motif="Plus de comité depuis deux ans.")
    creneau.refresh_from_db()
    assert creneau.statut == Creneau.Statut.RETIRE and creneau.date_fin == timezone.localdate(moment)
    trace = creneau.history.latest("history_id")
    assert (trace.history_user, trace.history_date, trace.history_change_reason) == (
        dr_centre,
        moment,
        "Plus de comité depuis deux ans.",
    )
    assert [m.to for m in mailoutbox] == [[coordination.email]]
    assert "Plus de comité depuis deux ans." in mailoutbox[0].body and "Retiré" in mailoutbox[0].body


def test_rien_n_est_envoye_si_le_changement_est_refuse(
    creneau, coordination, dr_centre, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ActionRefusee, match="La fin ne peut précéder la reconnaissance"),
    ):
        actions.changer_statut(creneau, par=dr_centre, statut="retire", date=D(2001, 1, 1), motif="Trop tôt")
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("donnees", "champ"),
    [
        ({"statut": "retire", "motif": "  "}, "motif"),
        ({"statut": "reconnu", "motif": "Déjà"}, "statut"),
        ({"statut": "fusionne", "motif": "Fusion"}, "fusionne_dans"),
        ({"statut": "inconnu", "motif": "?"}, "statut"),
        ({"statut": "retire", "motif": "Avant la reconnaissance", "date": D(2001, 1, 1)}, "date_fin"),
    ],
)
def test_un_changement_de_statut_mal_forme_est_refuse_sur_son_champ(creneau, dr_centre, donnees, champ):
    avant = etat()
    with pytest.raises(ActionRefusee) as refus:
        actions.changer_statut(creneau, par=dr_centre, **donnees)
    assert champ in refus.value.erreurs
    assert etat() == avant


def test_une_fusion_est_definitive_et_le_creneau_fusionne_en_lecture_seule(creneau, autre_creneau, dr_centre, central):
    creneau = actions.fusionner(creneau, par=dr_centre, dans=autre_creneau, date=D(2015, 1, 1), motif="Fusion")
    avant = etat()
    for appel in [
        lambda: actions.changer_statut(creneau, par=dr_centre, statut="reconnu", date=D(2016, 1, 1), motif="Annulée"),
        lambda: actions.retirer(creneau, par=central, motif="Retrait"),
        lambda: actions.modifier_fiche(creneau, par=dr_centre, donnees={"vision": "Autre"}),
        lambda: actions.enregistrer_comite(Comite(creneau=creneau, type="travail", nom="T"), par=dr_centre),
    ]:
        with pytest.raises(ActionRefusee, match="fusionné"):
            appel()
    assert etat() == avant


def test_une_fusion_vise_un_autre_creneau_encore_actif(creneau, autre_creneau, dr_centre):
    retire = CreneauFactory(statut=Creneau.Statut.RETIRE, date_fin=D(2012, 1, 1))
    for cible in (creneau, retire, None):
        with pytest.raises(ActionRefusee) as refus:
            actions.fusionner(creneau, par=dr_centre, dans=cible, motif="Fusion")
        assert "fusionne_dans" in refus.value.erreurs
    actions.fusionner(creneau, par=dr_centre, dans=autre_creneau, motif="Fusion")
    avant = etat()
    with pytest.raises(ActionRefusee, match="est fusionné"):  # a second merger of a merged créneau
        actions.fusionner(creneau, par=dr_centre, dans=autre_creneau, motif="Encore")
    assert etat() == avant


# --- The file -----------------------------------------------------------------------------------


def test_la_fiche_sans_changement_n_ecrit_rien_et_le_nom_releve_du_ministere(creneau, coordination, dr_centre):
    avant = etat()
    actions.modifier_fiche(creneau, par=coordination, donnees={"vision": creneau.vision, "statut": "retire"})
    assert etat() == avant
    with pytest.raises(ActionRefusee, match="relève du Ministère"):
        actions.modifier_fiche(creneau, par=coordination, donnees={"nom": "Autre nom"})
    assert etat() == avant
    actions.modifier_fiche(creneau, par=dr_centre, donnees={"nom": "Meuble et bois"})
    creneau.refresh_from_db()
    assert creneau.nom == "Meuble et bois" and creneau.statut == Creneau.Statut.RECONNU


def test_des_etapes_dans_le_desordre_sont_refusees_par_le_verbe(creneau, coordination, dr_centre):
    with pytest.raises(ActionRefusee, match="relève du Ministère"):  # the stages' dates are the Ministère's
        actions.modifier_fiche(creneau, par=coordination, donnees={"date_reconnu": D(2009, 1, 1)})
    with pytest.raises(ActionRefusee) as refus:
        actions.modifier_fiche(creneau, par=dr_centre, donnees={"date_reconnu": D(2001, 1, 1)})
    assert list(refus.value.erreurs) == ["date_reconnu"]


# --- Comités and mandates -----------------------------------------------------------------------


def test_un_comite_releve_d_un_parent_du_meme_creneau_et_le_comite_de_creneau_est_unique(
    creneau, comite, autre_creneau, coordination, dr_centre
):
    ailleurs = ComiteFactory(creneau=autre_creneau)
    avant = etat()
    for comite_neuf, champ in [
        (Comite(creneau=creneau, type="executif", nom="Exécutif", parent=ailleurs), "parent"),
        (Comite(creneau=creneau, type="creneau", nom="Deuxième"), "type"),
        (Comite(creneau=creneau, type="interregional", nom="Interrégional"), "type"),
    ]:
        with pytest.raises(ActionRefusee) as refus:
            actions.enregistrer_comite(comite_neuf, par=dr_centre)
        assert champ in refus.value.erreurs, champ
    assert etat() == avant
    comite.nom, comite.creneau = "Déplacé", autre_creneau
    with pytest.raises(ActionRefusee, match="changer de créneau"):
        actions.enregistrer_comite(comite, par=coordination)
    assert etat() == avant


def test_nommer_une_nouvelle_personne_la_cree_avec_son_mandat(comite, coordination):
    nouvelle = Personne(prenom="Rosalie", nom="Plausible", organisation=OrganisationFactory(type="entreprise"))
    mandat = actions.nommer_membre(
        comite, par=coordination, personne=nouvelle, role="president", college="affaires", debut=horloge.aujourdhui()
    )
    assert mandat.personne.pk and mandat.history.get().history_user == coordination
    avant = etat()
    with pytest.raises(ActionRefusee) as refus:
        actions.nommer_membre(
            comite, par=coordination, personne=mandat.personne, role="membre", college="affaires", debut=horloge.aujourdhui()
        )
    assert "personne" in refus.value.erreurs
    with pytest.raises(ActionRefusee) as refus:
        actions.nommer_membre(
            comite, par=coordination, personne=PersonneFactory.build(organisation=None), role="membre", college="affaires",
            debut=horloge.aujourdhui() + datetime.timedelta(days=30), fin=horloge.aujourdhui(),
        )  # fmt: skip
    assert "fin" in refus.value.erreurs
    assert etat() == avant


def test_un_mandat_ne_finit_pas_avant_son_debut(comite, dr_centre):
    mandat = MandatFactory(comite=comite, debut=horloge.aujourdhui() + datetime.timedelta(days=10))
    avant = etat()
    with pytest.raises(ActionRefusee) as refus:
        actions.terminer_mandat(mandat, par=dr_centre, fin=mandat.debut - datetime.timedelta(days=1))
    assert "fin" in refus.value.erreurs and "ne peut précéder son début" in refus.value.message
    assert etat() == avant
    actions.terminer_mandat(mandat, par=dr_centre, fin=mandat.debut)
    mandat.refresh_from_db()
    assert (
        mandat.fin == mandat.debut
        and not Mandat.objects.actifs(mandat.debut + datetime.timedelta(days=1)).filter(pk=mandat.pk).exists()
    )


# --- Organisations, partnerships, collaborations ------------------------------------------------


def test_le_neq_d_une_organisation_est_unique(coordination):
    OrganisationFactory(neq="1170000001")
    avant = etat()
    for neq in ("1170000001", "12345"):
        with pytest.raises(ActionRefusee) as refus:
            actions.enregistrer_organisation(Organisation(nom="Doublon", type="entreprise", neq=neq), par=coordination)
        assert "neq" in refus.value.erreurs
    assert etat() == avant


def test_on_ne_deplace_pas_le_partenariat_d_un_autre_creneau(creneau, autre_creneau, coordination):
    partenariat = PartenariatFactory(creneau=autre_creneau)
    partenariat.creneau, partenariat.pays = creneau, "Belgique"
    with pytest.raises(ActionRefusee, match="changer de créneau"):
        actions.enregistrer_partenariat(partenariat, par=coordination)
    assert PartenariatInternational.objects.get().pays == "France"


def test_une_collaboration_se_modifie_depuis_un_creneau_qui_y_prend_part(creneau, autre_creneau, coordination):
    tierce = CreneauFactory()
    collaboration = CollaborationFactory(creneaux=[autre_creneau, tierce])
    collaboration.titre = "Détournée"
    with pytest.raises(ActionRefusee, match="ne prend pas part"):
        actions.enregistrer_collaboration(collaboration, par=coordination, creneau=creneau, autres=[autre_creneau])
    collaboration.refresh_from_db()
    assert collaboration.titre != "Détournée"
    collaboration = CollaborationFactory(creneaux=[creneau, tierce])
    collaboration.fin, collaboration.debut = D(2020, 1, 1), D(2021, 1, 1)
    with pytest.raises(ActionRefusee) as refus:
        actions.enregistrer_collaboration(collaboration, par=coordination, creneau=creneau, autres=[tierce])
    assert "fin" in refus.value.erreurs


# --- The pages: anonymous users log in first, and nothing changes --------------------------------


def _pages_d_edition(creneau, comite, mandat):
    organisation = OrganisationFactory()
    partenariat = PartenariatFactory(creneau=creneau)
    collaboration = CollaborationFactory(creneaux=[creneau])
    return [
        reverse("creneaux:modifier", args=[creneau.slug]),
        reverse("creneaux:comite_ajouter", args=[creneau.slug]),
        reverse("creneaux:comite_modifier", args=[comite.pk]),
        reverse("creneaux:mandat_ajouter", args=[comite.pk]),
        reverse("creneaux:mandat_terminer", args=[mandat.pk]),
        reverse("creneaux:organisation_ajouter"),
        reverse("creneaux:organisation_modifier", args=[organisation.pk]),
        reverse("creneaux:partenariat_ajouter", args=[creneau.slug]),
        reverse("creneaux:partenariat_modifier", args=[creneau.slug, partenariat.pk]),
        reverse("creneaux:collaboration_ajouter", args=[creneau.slug]),
        reverse("creneaux:collaboration_modifier", args=[creneau.slug, collaboration.pk]),
    ]


def test_l_anonyme_est_envoye_a_la_connexion_par_chaque_page_d_edition(client, creneau, comite, mandat):
    pages = _pages_d_edition(creneau, comite, mandat)
    avant = etat()
    for url in pages:
        for reponse in (client.get(url), client.post(url, {"nom": "Anonyme", "fin": "2030-01-01", "titre": "Anonyme"})):
            assert reponse.status_code == 302 and reponse.url.startswith(reverse("login")), url
    assert etat() == avant


def test_la_coordination_d_un_autre_creneau_est_refusee_par_la_page_et_rien_ne_change(
    client, creneau, comite, mandat, coordination_autre
):
    pages = [u for u in _pages_d_edition(creneau, comite, mandat) if "organisations" not in u]
    client.force_login(coordination_autre)
    avant = etat()
    for url in pages:
        assert client.post(url, {"nom": "Piraté", "fin": "2030-01-01", "titre": "Piraté"}).status_code == 403, url
    assert etat() == avant


def test_le_ministere_retire_un_creneau_depuis_sa_page_d_etape_avec_un_motif(client, creneau, dr_centre):
    client.force_login(dr_centre)
    url = reverse("creneaux:etape", args=[creneau.slug])
    donnees = {"statut": "retire", "date": "2020-03-31"}
    refuse = client.post(url, donnees)
    assert refuse.context["form"].errors["motif"]
    creneau.refresh_from_db()
    assert creneau.statut == "reconnu"
    assert client.post(url, donnees | {"motif": "Aucune activité depuis 2018."}).status_code == 302
    creneau.refresh_from_db()
    assert (creneau.statut, creneau.date_fin) == ("retire", D(2020, 3, 31))
    assert creneau.history.order_by("-history_id")[0].history_change_reason == "Aucune activité depuis 2018."
