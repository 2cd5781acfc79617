"""The kernel every app builds on: the verb contract's refusals, the one ?exercice= parser, the clock."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils import timezone, translation

from noyau import horloge
from noyau.actions import ActionRefusee, exiger_motif
from noyau.champs import NOTE_MAX
from noyau.dates import exiger_date_bornee
from noyau.exercices import exercice_de, exercice_demande
from noyau.formulaires import ChampMontant, FormulaireBase, montant_saisi


def test_un_motif_vide_ou_trop_long_est_refuse_sur_son_champ():
    with pytest.raises(ActionRefusee) as vide:
        exiger_motif("   ", champ="texte")
    assert vide.value.erreurs == {"texte": ["Indiquez le motif."]}
    with pytest.raises(ActionRefusee) as long:
        exiger_motif("x" * (NOTE_MAX + 1))
    assert long.value.champ == "motif" and str(NOTE_MAX + 1) in long.value.message
    assert exiger_motif("  Hors programme  ") == "Hors programme"


@pytest.mark.parametrize(
    "valeur,attendu",
    [("2024", 2024), ("1990", 1990), ("2100", 2100), ("1989", None), ("2101", None), ("-1", None), ("abc", None), (None, None)],
)
def test_un_seul_analyseur_de_l_exercice_avec_ses_bornes(valeur, attendu):
    assert exercice_demande(valeur) == (attendu if attendu is not None else exercice_de())


def test_l_horloge_figee_date_les_verbes_sans_toucher_a_django():
    moment = timezone.make_aware(datetime.datetime(2025, 4, 1, 9, 30))
    with horloge.figee(moment):
        assert horloge.maintenant() == moment
        assert horloge.aujourdhui() == datetime.date(2025, 4, 1)
        assert exercice_de() == 2025
    assert horloge.maintenant() != moment and timezone.now() != moment


@pytest.mark.parametrize(
    "jour,refuse", [("1989-12-31", True), ("1990-01-01", False), ("2100-12-31", False), ("9999-12-31", True)]
)
def test_une_date_hors_de_1990_2100_est_refusee_sur_son_champ(jour, refuse):
    class Formulaire(FormulaireBase, forms.Form):
        jour = forms.DateField()
        moment = forms.DateTimeField(required=False)

    form = Formulaire({"jour": jour})
    assert form.is_valid() is not refuse
    if refuse:
        assert "entre le 1 janvier 1990 et le 31 décembre 2100" in form.errors["jour"][0].replace("1er", "1")
        with pytest.raises(ActionRefusee) as refus:
            exiger_date_bornee(datetime.date.fromisoformat(jour), "jour")
        assert refus.value.champ == "jour"


@pytest.mark.parametrize(
    ("saisie", "langue", "attendu"),
    [
        ("45 000", "fr", "45000"),
        ("45\u00a0000,00 $", "fr", "45000.00"),
        ("45\u202f000,5", "fr", "45000.5"),
        ("1.234,56", "fr", "1234.56"),
        ("45000.50", "fr", "45000.50"),
        ("45,000.00", "en", "45000.00"),
        ("45,000", "en", "45000"),
        ("$45,000", "en", "45000"),
    ],
)
def test_un_montant_se_saisit_comme_le_portail_l_affiche(saisie, langue, attendu):
    assert montant_saisi(saisie, langue) == attendu


def test_un_champ_montant_lit_le_format_quebecois_et_refuse_le_reste_sur_son_champ():
    class F(FormulaireBase, forms.Form):
        montant = ChampMontant(min_value=0)

    with translation.override("fr-ca"):
        f = F(data={"montant": "12 500,00 $"})
        assert f.is_valid(), f.errors
        assert f.cleaned_data["montant"] == Decimal("12500.00")
        assert 'inputmode="decimal"' in str(f["montant"]) and 'type="text"' in str(f["montant"])
        f = F(data={"montant": "douze mille"})
        assert not f.is_valid()
        assert f.errors["montant"] == ["Saisissez un nombre."]


def test_une_duree_toute_neuve_se_dit_a_l_instant_jamais_depuis_0_minute():
    from noyau.templatetags.formats import depuis, en_attente_depuis

    with translation.override("fr-ca"):
        assert depuis(timezone.now()) == "à l'instant"
        assert en_attente_depuis(timezone.now()) == "en attente depuis un instant"
        assert depuis(timezone.now() - datetime.timedelta(days=3)) == "depuis 3\xa0jours"
    with translation.override("en"):
        assert depuis(timezone.now() - datetime.timedelta(weeks=4)) == "for 4\xa0weeks"
