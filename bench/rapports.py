"""Benchmark of the provincial report at the large scale, end to end through the task worker.

    DATABASE_URL=postgres://… .venv/bin/python bench/rapports.py [--projets 10000] [--creneaux 60]

Builds synthetic data with bulk_create when the database holds fewer projects than asked (créneaux
`bench-…`, one exercice), then asks for the provincial report as the portal does
(rapports.generation.demander): a real Celery worker (`celery -A accord worker`, Redis at REDIS_URL,
default redis://127.0.0.1:6379/14) builds it. Printed: the worker's build time (DocumentGenere.duree),
the wall time from request to file, the worker's CPU time and peak RSS (it runs as this script's child,
so resource.RUSAGE_CHILDREN is its own), pages and size; the annex (XLSX) is timed too. The PDF goes
to bench/resultats/. Target (issue « En production pour vrai »): < 10 s and < 1 GiB at 10 000 projects.
Then the project dossier PDF is timed with its free texts at their longest allowed length (target < 2 s).

DEBUG defaults to 1 here (the command works as written, with no SECRET_KEY to invent).
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
EXERCICE = 2026


def preparer(nb_projets, nb_creneaux):
    from django.contrib.auth import get_user_model

    from creneaux.models import Creneau, Enjeu, Organisation
    from demo.projets import acceptation_synthetique
    from projets.models import STATUTS_ENGAGES, Decision, Enveloppe, Financement, Programme, Projet, Statut, Versement
    from regions.models import Region

    existants = Projet.objects.filter(exercice=EXERCICE).count()
    if existants >= nb_projets:
        return existants
    rnd = random.Random(2026)
    regions = list(Region.objects.all())
    programme, _ = Programme.objects.get_or_create(
        sigle="FSDCE", defaults={"nom": "Fonds de soutien au développement des créneaux d'excellence", "ouverture": "2005-04-01"}
    )
    for r in regions:
        montant = Decimal("4800000") if r.region_ressource else Decimal("4000000")
        Enveloppe.objects.get_or_create(programme=programme, region=r, defaults={"montant": montant * 40})
    Creneau.objects.bulk_create(
        [
            Creneau(
                nom=f"Créneau d'excellence synthétique {i:03d}",
                slug=f"bench-{i:03d}",
                statut=Creneau.Statut.RECONNU,
                region_porteuse=regions[i % len(regions)],
            )
            for i in range(nb_creneaux)
        ],
        ignore_conflicts=True,
    )
    creneaux = list(Creneau.objects.filter(slug__startswith="bench-"))
    porteur, _ = Organisation.objects.get_or_create(nom="Association sectorielle synthétique", type=Organisation.Type.ASSOCIATION)
    statuts = [s for s, _l in Statut.choices]
    enjeux = [e for e, _l in Enjeu.choices]
    projets = []
    for i in range(existants, nb_projets):
        statut = rnd.choice(statuts)
        engage = statut in STATUTS_ENGAGES
        demande = Decimal(rnd.randrange(1_000_000, 30_000_000)) / 100
        projets.append(
            Projet(
                numero=f"BENCH-{EXERCICE}-{i:05d}",
                titre=f"Projet synthétique {i} : mise en commun d'expertise et de services aux entreprises",
                creneau=rnd.choice(creneaux),
                programme=programme,
                porteur=porteur,
                enjeu=rnd.choice(enjeux),
                exercice=EXERCICE,
                statut=statut,
                montant_accorde=demande if engage else None,
            )
        )
    Projet.objects.bulk_create(projets, batch_size=2000)
    nouveaux = list(Projet.objects.filter(numero__startswith="BENCH-").order_by("pk").values_list("pk", "statut"))[existants:]
    # The Ministère's acceptance with its amount, in the exercice: the report counts it as granted.
    auteur, _ = get_user_model().objects.get_or_create(username="bench")
    quand = f"{EXERCICE}-06-01T12:00:00-04:00"
    Decision.objects.bulk_create(
        [acceptation_synthetique(p, auteur=auteur, horodatage=quand) for p in projets if p.statut in STATUTS_ENGAGES],
        batch_size=5000,
    )
    Financement.objects.bulk_create(
        [
            Financement(projet_id=pk, source="fsdce", montant=Decimal(rnd.randrange(1_000_000, 30_000_000)) / 100)
            for pk, _s in nouveaux
        ],
        batch_size=5000,
    )
    Versement.objects.bulk_create(
        [
            Versement(projet_id=pk, date=f"{EXERCICE}-09-01", montant=Decimal("10000.00"))
            for pk, s in nouveaux
            if s in (Statut.EN_REALISATION, Statut.TERMINE)
        ],
        batch_size=5000,
    )
    return Projet.objects.filter(exercice=EXERCICE).count()


def mesurer(nb_projets):
    """Ask for the report, let a real worker build it, print the figures."""
    from django.contrib.auth import get_user_model

    from rapports import generation
    from rapports.exports import export_xlsx
    from rapports.indicateurs import calculer
    from rapports.models import DocumentGenere

    demandeur, _ = get_user_model().objects.get_or_create(username="bench-rapports")
    travailleur = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "accord", "worker", "--pool=solo", "-l", "WARNING"], cwd=RACINE
    )
    try:
        t0 = time.perf_counter()
        document = generation.demander(DocumentGenere.Sorte.RAPPORT_PROVINCIAL, demandeur, EXERCICE)
        while not document.termine:
            if travailleur.poll() is not None:
                sys.exit("le travailleur s'est arrêté")
            time.sleep(0.2)
            document.refresh_from_db()
        mur = time.perf_counter() - t0
    finally:
        travailleur.terminate()
        travailleur.wait()
    if document.statut != DocumentGenere.Statut.PRET:
        sys.exit(f"échec : {document.erreur}")
    enfant = resource.getrusage(resource.RUSAGE_CHILDREN)
    sortie = RACINE / "bench" / "resultats"
    sortie.mkdir(parents=True, exist_ok=True)
    pdf = document.fichier.read()
    (sortie / document.fichier.name.rsplit("/", 1)[-1]).write_bytes(pdf)
    t1 = time.perf_counter()
    annexe = export_xlsx(calculer(EXERCICE).liste_projets(), "annexe")
    t2 = time.perf_counter()
    print(
        f"projets={nb_projets} travailleur={document.duree:.2f}s demande→fichier={mur:.2f}s "
        f"cpu_travailleur={enfant.ru_utime + enfant.ru_stime:.1f}s pic_memoire_travailleur={enfant.ru_maxrss / 1024:.0f}Mio "
        f"pages={document.pages} taille={len(pdf) / 1e6:.2f}Mo annexe_xlsx={t2 - t1:.2f}s ({len(annexe.content) / 1e6:.1f}Mo) "
        f"coeurs={os.cpu_count()} charge={os.getloadavg()[0]:.1f}"
    )


def mesurer_dossier():
    """Time the project dossier PDF with every free-text field at its longest allowed length
    (target: < 2 s), inside a transaction that is rolled back."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import RequestFactory

    from noyau.champs import TEXTE_MAX
    from projets.models import Projet
    from rapports.views import DossierProjetPdf

    lecteur, _ = get_user_model().objects.get_or_create(username="bench-dossier", defaults={"is_superuser": True})
    mot = "Développement du créneau d'excellence et de ses partenaires régionaux. "
    long_texte = (mot * (TEXTE_MAX // len(mot) + 1))[:TEXTE_MAX]
    with transaction.atomic():
        projet = Projet.objects.filter(exercice=EXERCICE).first()
        Projet.objects.filter(pk=projet.pk).update(description=long_texte, objectifs=long_texte)
        requete = RequestFactory().get("/")
        requete.user = lecteur
        t0 = time.perf_counter()
        reponse = DossierProjetPdf.as_view()(requete, pk=projet.pk)
        duree = time.perf_counter() - t0
        transaction.set_rollback(True)
    print(f"dossier_pdf_texte_max={duree:.2f}s statut={reponse.status_code} taille={len(reponse.content) / 1e3:.0f}ko")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projets", type=int, default=10_000)
    parser.add_argument("--creneaux", type=int, default=60)
    args = parser.parse_args()
    import django

    django.setup()
    nombre = preparer(args.projets, args.creneaux)
    print(f"projets de l'exercice {EXERCICE} : {nombre}")
    mesurer(nombre)
    mesurer_dossier()


if __name__ == "__main__":
    main()
