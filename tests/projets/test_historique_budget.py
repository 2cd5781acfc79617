"""A change of budget shows in the project's history: the line, its amount before → after."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projets.models import ChangementBudget, Depense, Financement
from tests.projets.test_formulaires import _budget, _etape

pytestmark = pytest.mark.django_db

HONORAIRES, DEPLACEMENT = Depense.Categorie.HONORAIRES, Depense.Categorie.DEPLACEMENT
FSDCE, PORTEUR = Financement.Source.FSDCE, Financement.Source.PORTEUR


def _avec_ids(projet, data):
    """Mark the rows of `data` as the saved lines (same order), as the budget step's formset does."""
    for prefixe, lignes in (("depenses", projet.depenses.order_by("pk")), ("financements", projet.financements.order_by("pk"))):
        lignes = list(lignes)
        data[f"{prefixe}-INITIAL_FORMS"] = len(lignes)
        for i, ligne in enumerate(lignes):
            data[f"{prefixe}-{i}-id"] = ligne.pk
    return data


def test_l_historique_du_projet_montre_chaque_ligne_de_budget_changee(client, c, brouillon):
    client.force_login(c.coordination)
    client.post(
        _etape(brouillon, "budget"),
        _budget(brouillon, [(HONORAIRES, "90000", True), (DEPLACEMENT, "10000", False)], [(FSDCE, "45000"), (PORTEUR, "55000")]),
    )
    brouillon.refresh_from_db()
    assert brouillon.depenses.count() == 2
    # Second saving: fees raised, travel made eligible then… removed; requested aid lowered.
    data = _avec_ids(
        brouillon,
        _budget(brouillon, [(HONORAIRES, "95000", True), (DEPLACEMENT, "10000", False)], [(FSDCE, "40000"), (PORTEUR, "65000")]),
    )
    data["depenses-1-DELETE"] = "on"
    data["depenses-0-montant"] = "105000"
    data["financements-1-montant"] = "65000"
    reponse = client.post(_etape(brouillon, "budget"), data)
    assert reponse.status_code in (200, 302)
    brouillon.refresh_from_db()
    assert [d.montant for d in brouillon.depenses.all()] == [105000]

    page = client.get(reverse("projets:historique_fiche", args=[brouillon.pk])).content.decode().replace("\xa0", " ")
    assert "Aucun champ suivi modifié" not in page
    assert "Honoraires professionnels" in page
    assert "90 000,00 $" in page and "105 000,00 $" in page
    assert "Aide demandée au programme" in page and "45 000,00 $" in page and "40 000,00 $" in page
    assert "ligne retirée" in page and "ligne ajoutée" in page
    derniere = ChangementBudget.objects.filter(projet=brouillon).order_by("-pk").first()
    assert derniere.version_historique == brouillon.history.first().history_id


def test_un_enregistrement_sans_changement_de_budget_n_en_inscrit_aucun(client, c):
    projet = c.projet()
    avant = ChangementBudget.objects.count()
    client.force_login(c.coordination)
    client.post(_etape(projet, "description"), {"description": "Revue", "version_lue": projet.version, "suite": "enregistrer"})
    assert ChangementBudget.objects.count() == avant


def test_un_changement_de_budget_inscrit_ne_se_modifie_ni_ne_s_efface(client, c, brouillon):
    client.force_login(c.coordination)
    client.post(_etape(brouillon, "budget"), _budget(brouillon, [(HONORAIRES, "1000", True)], [(FSDCE, "500"), (PORTEUR, "500")]))
    changement = ChangementBudget.objects.filter(projet=brouillon).first()
    changement.montant_apres = 1
    with pytest.raises(ValidationError, match="ne se modifie pas"):
        changement.save()
    with pytest.raises(ValidationError, match="ne s'efface pas"):
        changement.delete()


def test_l_historique_est_refuse_a_qui_ne_voit_pas_le_projet(client, c, brouillon):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("projets:historique_fiche", args=[brouillon.pk])).status_code == 403
