"""Benchmark of the provincial report at the large scale: time, peak memory, pages.

    DEBUG=1 DATABASE_URL=postgres://… .venv/bin/python bench/rapports.py [--projets 10000] [--creneaux 60]

Builds synthetic data with bulk_create when the database holds fewer projects than asked (créneaux
`bench-…`, one exercice), then renders the provincial report the way the background process does
(rapports.generation.rendre_par_tranches) in a fresh child process, so that its peak RSS
(resource.getrusage) is the report's alone. CPU time is printed too: on a loaded machine the wall
time says little. The PDF goes to bench/resultats/.

Measured on 23 November 2026 (2 cores, shared with other jobs, load average 9 to 13), 10 000 projects
of one exercice over 60 créneaux:
    indicators 0.5 s · PDF 108 s of CPU (346 s wall on the loaded machine) · peak RSS 366 MiB ·
    486 pages · 2.5 MB.
In a single WeasyPrint pass the same report took 1 664 MiB (annex laid out at once), hence the
slices. Either way it is far over 10 s: above rapports.generation.SEUIL_ARRIERE_PLAN (400) projects the
report is built in the background with a progress page (a regional report of 714 projects: 39
pages in 14 s through the real `manage.py generer_document` process).
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
EXERCICE = 2026


def preparer(nb_projets, nb_creneaux):
    from creneaux.models import Creneau, Enjeu, Organisation
    from projets.models import Enveloppe, Financement, Programme, Projet, Statut, Versement
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
        engage = statut in (Statut.ACCEPTE, Statut.EN_REALISATION, Statut.TERMINE)
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


def mesurer():
    """Child process: render the provincial report, print time / peak RSS / pages."""
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser

    from rapports import generation
    from rapports.documents import rapport_provincial

    t0 = time.perf_counter()
    gabarit, contexte, nom = rapport_provincial(AnonymousUser(), EXERCICE)
    t1 = time.perf_counter()
    # The path a large report takes in production: the background process, annex in slices.
    pdf, pages = generation.rendre_par_tranches(gabarit, contexte)
    t2 = time.perf_counter()
    sortie = RACINE / "bench" / "resultats"
    sortie.mkdir(parents=True, exist_ok=True)
    (sortie / nom).write_bytes(pdf)
    pic = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"projets={len(contexte['ind'].projets)} indicateurs={t1 - t0:.2f}s pdf={t2 - t1:.2f}s total={t2 - t0:.2f}s "
        f"cpu={time.process_time():.1f}s pic_memoire={pic:.0f}Mio pages={pages} taille={len(pdf) / 1e6:.1f}Mo "
        f"charge={os.getloadavg()[0]:.1f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projets", type=int, default=10_000)
    parser.add_argument("--creneaux", type=int, default=60)
    parser.add_argument("--mesurer", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mesurer:
        return mesurer()
    import django

    django.setup()
    print(f"projets de l'exercice {EXERCICE} : {preparer(args.projets, args.creneaux)}")
    subprocess.run([sys.executable, __file__, "--mesurer"], check=True)


if __name__ == "__main__":
    main()
