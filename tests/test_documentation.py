"""The documentation tells the truth about the code: the catalogue of verbs in docs/architecture.md
is the one list of each `<app>/actions.py` (or package `<app>/actions/`, one module per phase), and
the repository documents itself (it cites no document a clone does not have)."""

import importlib
import inspect
import os
import pkgutil
import re
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent
ARCHITECTURE = RACINE / "docs" / "architecture.md"
HORS_DU_DEPOT = {".venv", ".git", ".cache", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"}
# Spelled in two pieces so that this file does not hold what it looks for.
INTERDITS = ("DES" + "IGN §", "../" + "shared")


def _catalogue():
    """{module path: (verbs, helpers)} from the table « Les verbes de chaque application »."""
    texte = ARCHITECTURE.read_text(encoding="utf-8")
    debut = texte.index("| module | verbes |")
    lignes = []
    for ligne in texte[debut:].splitlines()[2:]:
        if not ligne.startswith("|"):
            break
        lignes.append(ligne)
    catalogue = {}
    for ligne in lignes:
        module, verbes, appui = (cellule.strip() for cellule in ligne.strip("|").split(" | "))
        catalogue[module.strip("`")] = (set(re.findall(r"`([^`]+)`", verbes)), set(re.findall(r"`([^`]+)`", appui)))
    return catalogue


def _fonctions_publiques(chemin):
    """The public functions defined in the module `chemin`, or in the modules of the package `chemin/`."""
    nom_module = chemin.removesuffix(".py").removesuffix("/").replace("/", ".")
    module = importlib.import_module(nom_module)
    modules = [module]
    if hasattr(module, "__path__"):
        modules += [importlib.import_module(m.name) for m in pkgutil.iter_modules(module.__path__, f"{nom_module}.")]
    return {
        nom
        for m in modules
        for nom, fonction in inspect.getmembers(m, inspect.isfunction)
        if (fonction.__module__ == nom_module or fonction.__module__.startswith(f"{nom_module}.")) and not nom.startswith("_")
    }


def test_le_catalogue_nomme_chaque_module_de_verbes():
    modules = {str(p.relative_to(RACINE)) for p in RACINE.glob("*/actions.py")} - {"noyau/actions.py"}
    paquets = {f"{p.parent.relative_to(RACINE)}/" for p in RACINE.glob("*/actions/__init__.py")}
    assert set(_catalogue()) == modules | paquets, (
        "docs/architecture.md : une ligne par module <app>/actions.py ou paquet <app>/actions/ (noyau : le contrat)"
    )


@pytest.mark.parametrize("chemin", sorted(_catalogue()))
def test_le_catalogue_des_verbes_est_celui_du_code(chemin):
    verbes, appui = _catalogue()[chemin]
    code = _fonctions_publiques(chemin)
    documentees = verbes | appui
    assert not verbes & appui, f"{chemin} : à la fois verbe et fonction d'appui : {sorted(verbes & appui)}"
    manquantes, en_trop = sorted(code - documentees), sorted(documentees - code)
    assert not (manquantes or en_trop), (
        f"docs/architecture.md, ligne de {chemin} : absentes du tableau {manquantes}; nommées mais absentes du module {en_trop}"
    )


def _fichiers_du_depot():
    for dossier, sous_dossiers, fichiers in os.walk(RACINE):
        sous_dossiers[:] = [d for d in sous_dossiers if d not in HORS_DU_DEPOT]
        for nom in fichiers:
            yield Path(dossier) / nom


def test_le_depot_ne_cite_aucun_document_qu_il_n_a_pas():
    fautifs = []
    for chemin in _fichiers_du_depot():
        try:
            texte = chemin.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary: images, PDFs, compiled catalogues
        fautifs += [f"{chemin.relative_to(RACINE)} : {cite}" for cite in INTERDITS if cite in texte]
    assert not fautifs, "la documentation du projet est dans docs/ : " + ", ".join(fautifs)


def _modules_python():
    return [c for c in _fichiers_du_depot() if c.suffix == ".py"]


def test_une_chose_un_nom_vues_et_a_traiter():
    """docs/architecture.md, « Noms » : views in views.py or views/, « À traiter » providers in
    a_traiter.py (tasks.py is Celery's); no other spelling comes back."""
    ecarts = [
        str(c.relative_to(RACINE))
        for c in _modules_python()
        if c.parts[len(RACINE.parts)] != "tests"
        and (c.stem.startswith(("vues", "views_")) or c.parent.name == "vues" or c.stem == "taches")
    ]
    assert not ecarts, "les vues vont dans views.py ou views/, « À traiter » dans a_traiter.py : " + ", ".join(ecarts)
    assert (RACINE / "noyau" / "a_traiter.py").exists() and (RACINE / "noyau" / "views.py").exists()


def test_verifier_ne_designe_que_le_controle_d_une_regle():
    """Only noyau.permissions defines `verifier`; other checks have their own names."""
    definitions = [
        str(c.relative_to(RACINE))
        for c in _modules_python()
        if re.search(r"^\s*def verifier\(", c.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert definitions == ["noyau/permissions.py"]
