"""Load test: the page mix of six demo roles, many concurrent users, on gunicorn with production settings.

    DATABASE_URL=postgres://…/base_avec_la_demo .venv/bin/python bench/charge.py [--utilisateurs 50] [--duree 30]

Loopback only, bounded in time, stops by itself. The database must hold the demo data
(`manage.py demo`). The script starts gunicorn (gunicorn.conf.py, DEBUG off, collectstatic) on
127.0.0.1:8799 unless --url names a portal already running on this machine. Each role's session is
opened server-side (Django's test client `force_login`, written to the session table), then its mix
is the internal links of its home page (downloads and PDFs left out). Each simulated user loops
over its role's mix without pause. Printed: requests/s, p50/p95/p99 latency, errors (status ≥ 500 or
failed connections), the server's CPU time per request (gunicorn's processes, from /proc), the cores
and the load average.
"""

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
os.environ.setdefault("DEBUG", "1")  # for this script's own Django (sessions); the server runs with DEBUG off

ROLES = ["coordination", "comite.creneau", "membre", "comite.regional", "dr.centre", "ministere"]
EXCLUS = re.compile(r"\.(pdf|csv|xlsx)$|/static/|/admin/|deconnexion|/fichier|/telecharger|/document")
PORT = 8799


def sessions():
    """{username: sessionid} of the demo roles, opened server-side."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    cookies = {}
    for nom in ROLES:
        client = Client()
        client.force_login(get_user_model().objects.get(username=nom))
        cookies[nom] = client.cookies["sessionid"].value
    return cookies


def demarrer_serveur():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-charge-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": tempfile.mkdtemp(),
        "ADRESSE": f"127.0.0.1:{PORT}",
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=RACINE, env=env, check=True)
    serveur = subprocess.Popen(
        [str(RACINE / ".venv/bin/gunicorn"), "accord.wsgi", "--access-logfile", "/dev/null"],
        cwd=RACINE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return serveur, f"http://127.0.0.1:{PORT}"


def cpu_des_processus(racine_pid):
    """CPU seconds (user + system) of a process and its children, from /proc."""
    pids = [racine_pid]
    try:
        pids += [int(p) for p in Path(f"/proc/{racine_pid}/task/{racine_pid}/children").read_text().split()]
    except OSError:
        return 0.0
    total = 0
    for pid in pids:
        try:
            champs = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(champs[11]) + int(champs[12])  # utime + stime, in clock ticks
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


async def charger(url, cookies, utilisateurs, duree):
    import aiohttp

    latences, erreurs = [], 0
    connecteur = aiohttp.TCPConnector(limit=utilisateurs)
    async with aiohttp.ClientSession(connector=connecteur) as http:
        melanges = {}
        for nom, session in cookies.items():
            async with http.get(f"{url}/", cookies={"sessionid": session}) as r:
                page = await r.text()
            liens = sorted({h for h in re.findall(r'href="(/[^"#?]*)"', page) if not EXCLUS.search(h)})
            melanges[nom] = ["/", *liens[:12]]
        fin = time.monotonic() + duree

        async def utilisateur(i):
            nonlocal erreurs
            nom = ROLES[i % len(ROLES)]
            melange, n = melanges[nom], i
            while time.monotonic() < fin:
                chemin = melange[n % len(melange)]
                n += 1
                debut = time.perf_counter()
                try:
                    async with http.get(url + chemin, cookies={"sessionid": cookies[nom]}, allow_redirects=False) as r:
                        await r.read()
                        if r.status >= 500:
                            erreurs += 1
                except aiohttp.ClientError:
                    erreurs += 1
                latences.append(time.perf_counter() - debut)

        await asyncio.gather(*(utilisateur(i) for i in range(utilisateurs)))
    return latences, erreurs, melanges


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--utilisateurs", type=int, default=50)
    parser.add_argument("--duree", type=float, default=30.0, help="secondes (au plus 300)")
    parser.add_argument("--url", help="un portail déjà démarré sur cette machine (http://127.0.0.1:…)")
    args = parser.parse_args()
    if args.url and not re.match(r"^http://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$", args.url):
        sys.exit("--url : une adresse de bouclage seulement (127.0.0.1, localhost)")
    duree = min(args.duree, 300)
    cookies = sessions()
    serveur, url = (None, args.url) if args.url else demarrer_serveur()
    try:
        time.sleep(0 if args.url else 3)
        cpu_avant = cpu_des_processus(serveur.pid) if serveur else 0
        t0 = time.monotonic()
        latences, erreurs, melanges = asyncio.run(charger(url, cookies, args.utilisateurs, duree))
        ecoule = time.monotonic() - t0
        cpu = (cpu_des_processus(serveur.pid) - cpu_avant) if serveur else None
    finally:
        if serveur:
            serveur.terminate()
            serveur.wait()
    latences.sort()
    quantile = statistics.quantiles(latences, n=100)
    print(f"pages par rôle : {', '.join(f'{r} {len(m)}' for r, m in melanges.items())}")
    print(
        f"utilisateurs={args.utilisateurs} requêtes={len(latences)} débit={len(latences) / ecoule:.0f} req/s "
        f"p50={quantile[49] * 1000:.0f} ms p95={quantile[94] * 1000:.0f} ms p99={quantile[98] * 1000:.0f} ms erreurs={erreurs} "
        + (f"cpu_serveur={cpu * 1000 / len(latences):.1f} ms/req " if cpu is not None else "")
        + f"coeurs={os.cpu_count()} charge={os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
