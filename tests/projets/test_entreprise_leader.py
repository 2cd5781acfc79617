"""The programme says, as data, which porteur types it accepts (its RegleAide rows) and whether a
project must name its leader company; filing enforces it next to the field."""

import pytest
from django.urls import reverse

from creneaux.models import Organisation
from noyau.actions import ActionRefusee
from projets import actions
from projets.models import Programme, Statut
from tests.factories import OrganisationFactory, fsdce

pytestmark = pytest.mark.django_db


def _porteur(projet, suite="soumettre", **autres):
    return {
        "porteur": projet.porteur_id,
        "partenaires": [o.pk for o in projet.partenaires.all()],
        "version_lue": projet.version,
        "suite": suite,
    } | autres


@pytest.fixture
def exige_leader():
    Programme.objects.filter(pk=fsdce().pk).update(entreprise_leader_requise=True)


def test_sans_entreprise_leader_la_soumission_est_refusee_a_cote_du_champ(client, c, exige_leader):
    projet = c.projet()
    client.force_login(c.coordination)
    page = client.get(reverse("projets:etape", args=[projet.pk, "porteur"])).content.decode()
    assert "Requise par le programme FSDCE" in page
    reponse = client.post(reverse("projets:etape", args=[projet.pk, "porteur"]), _porteur(projet))
    erreurs = reponse.context["form"].errors["entreprise_leader"]
    assert "Le programme FSDCE exige une entreprise leader" in erreurs[0]
    projet.refresh_from_db()
    assert projet.statut == Statut.BROUILLON
    # A draft may be saved without it (what it lacks is for the submission).
    assert (
        client.post(reverse("projets:etape", args=[projet.pk, "porteur"]), _porteur(projet, suite="enregistrer")).status_code
        == 302
    )


def test_l_entreprise_leader_nommee_permet_la_soumission_et_paraît_au_dossier(client, c, exige_leader):
    projet = c.projet()
    leader = OrganisationFactory(nom="Meubles Rhéal inc.", type=Organisation.Type.ENTREPRISE)
    client.force_login(c.coordination)
    reponse = client.post(reverse("projets:etape", args=[projet.pk, "porteur"]), _porteur(projet, entreprise_leader=leader.pk))
    assert reponse.status_code == 302
    projet.refresh_from_db()
    assert projet.entreprise_leader == leader and projet.statut == Statut.COMITE_CRENEAU
    assert "Meubles Rhéal inc." in client.get(projet.get_absolute_url()).content.decode()


def test_une_entreprise_leader_qui_n_est_pas_une_entreprise_est_refusee(client, c):
    projet = c.projet()
    association = OrganisationFactory(nom="Association du meuble", type=Organisation.Type.ASSOCIATION)
    client.force_login(c.coordination)
    reponse = client.post(
        reverse("projets:etape", args=[projet.pk, "porteur"]),
        _porteur(projet, suite="enregistrer", entreprise_leader=association.pk),
    )
    assert "L'entreprise leader doit être une entreprise" in reponse.context["form"].errors["entreprise_leader"][0]
    projet.refresh_from_db()
    assert projet.entreprise_leader is None


def test_le_verbe_refuse_la_soumission_sans_entreprise_leader_avec_la_raison(c, exige_leader):
    projet = c.projet()
    with pytest.raises(ActionRefusee) as refus:
        actions.soumettre(projet, par=c.coordination)
    assert "Le programme FSDCE exige une entreprise leader" in refus.value.erreurs["entreprise_leader"][0]


def test_un_type_de_porteur_sans_regle_d_aide_n_est_pas_admissible(client, c):
    """The porteur types a programme accepts are its RegleAide rows (data): another type is refused."""
    projet = c.projet()
    ministere = OrganisationFactory(type=Organisation.Type.PUBLIC)
    assert not fsdce().regles.filter(type_porteur=Organisation.Type.PUBLIC).exists()
    client.force_login(c.coordination)
    reponse = client.post(reverse("projets:etape", args=[projet.pk, "porteur"]), _porteur(projet, porteur=ministere.pk))
    assert "ne sont pas admissibles au programme FSDCE" in reponse.context["form"].errors["porteur"][0]
