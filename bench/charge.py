"""Load test: the page mix of six demo roles, many concurrent users, on gunicorn with production settings.

    DATABASE_URL=postgres://…/base_avec_la_demo .venv/bin/python bench/charge.py [--utilisateurs 50] [--duree 30] [--port 8799]

Loopback only, bounded in time, stops by itself. The database must hold the demo data
(`manage.py demo`). The script starts gunicorn (gunicorn.conf.py, DEBUG off, collectstatic) on
127.0.0.1:PORT unless --url names a portal already running on this machine. Each role logs in for
real, through the log-in page and, for the Ministère, its second factor (the demo's TOTP keys), so
the server's own settings sign its session; then its mix is the internal links of its home page
(downloads and PDFs left out). A role whose home page is still a log-in or second-factor page, or
any mix page that answers with a redirect to them, stops the run: nothing is reported. Each
simulated user loops over its role's mix without pause. Printed: requests/s, p50/p95/p99 latency,
errors (status ≥ 500 or failed connections), the CPU time per request of the web server
(gunicorn's processes, its system share apart), of PostgreSQL (its processes on this machine, from
/proc) and of this client, the cores, the load average and the machine's speed (`etalon`). A
warm-up (--echauffement, 10 s) runs the same load first, uncounted.
"""

import argparse
import asyncio
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
os.environ.setdefault("DEBUG", "1")  # for this script's own Django (sessions); the server runs with DEBUG off

ROLES = ["coordination", "comite.creneau", "membre", "comite.regional", "dr.centre", "ministere"]
EXCLUS = re.compile(r"\.(pdf|csv|xlsx)$|/static/|/admin/|deconnexion|/fichier|/telecharger|/document")
CONNEXION = re.compile(r"/comptes/(connexion|double-facteur)/")


def _formulaire(ouvreur, url):
    """GET a page with a form: (its csrf token, the final URL after redirects)."""
    with ouvreur.open(url, timeout=30) as r:
        page = r.read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1), r.url


def _poster(ouvreur, url, donnees):
    corps = urllib.parse.urlencode(donnees).encode()
    with ouvreur.open(urllib.request.Request(url, data=corps, headers={"Referer": url}), timeout=30) as r:
        return r.url, r.read().decode()


def se_connecter(url, nom):
    """The sessionid of `nom` after a real log-in (password, then the second factor when asked)."""
    from django_otp.oath import totp

    from demo.comptes import MOT_DE_PASSE_DEMO, cle_totp_demo

    jarre = http.cookiejar.CookieJar()
    ouvreur = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jarre))
    jeton, _url = _formulaire(ouvreur, f"{url}/comptes/connexion/")
    arrivee, page = _poster(
        ouvreur,
        f"{url}/comptes/connexion/",
        {"csrfmiddlewaretoken": jeton, "username": nom, "password": MOT_DE_PASSE_DEMO},
    )
    for _essai in range(2):
        if "/comptes/double-facteur/" not in arrivee:
            break
        # A TOTP code serves once: a rerun within the same 30 s waits for the next one.
        jeton, verification = _formulaire(ouvreur, arrivee)
        code = f"{totp(bytes.fromhex(cle_totp_demo(nom)[0])):06d}"
        arrivee, page = _poster(ouvreur, verification, {"csrfmiddlewaretoken": jeton, "code": code})
        if "/comptes/double-facteur/" in arrivee:
            time.sleep(31 - time.time() % 30)
    if CONNEXION.search(arrivee) or "Se déconnecter" not in page:
        sys.exit(f"ÉCHEC : {nom} n'a pas pu se connecter (arrivé à {arrivee}) : rien n'est mesuré.")
    return next(c.value for c in jarre if c.name == "sessionid")


def sessions(url):
    """{username: sessionid} of the demo roles, each logged in for real."""
    import django

    django.setup()
    return {nom: se_connecter(url, nom) for nom in ROLES}


def reglages_de_production(**autres):
    """The environment of a production start on plain HTTP over loopback (DEBUG off, manifest
    static files collected into a fresh folder, sessions and roles in Redis), for the server this
    script starts and for bench/projets.py's in-process pages alike."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-charge-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": tempfile.mkdtemp(),
        # As in production: sessions and roles in Redis, shared by the workers.
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        **autres,
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=RACINE, env=env, check=True)
    return env


def demarrer_serveur(port):
    env = reglages_de_production(ADRESSE=f"127.0.0.1:{port}")
    serveur = subprocess.Popen(
        [str(RACINE / ".venv/bin/gunicorn"), "accord.wsgi", "--access-logfile", "/dev/null"],
        cwd=RACINE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return serveur, f"http://127.0.0.1:{port}"


def etalon():
    """CPU ms of a fixed pure-Python workload on one core. A cloud VM's speed drifts with its
    neighbours (the same code measured here gave 69 and 105 req/s within the hour): runs are
    comparable only alongside this figure."""
    debut, total = time.process_time(), 0
    for i in range(2_000_000):
        total += i % 7
    return (time.process_time() - debut) * 1000


def cpu_postgresql():
    """CPU seconds of this machine's PostgreSQL processes (server and backends), from /proc."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            texte = stat.read_text()
        except OSError:
            continue
        if "(postgres)" in texte or "(postmaster)" in texte:
            champs = texte.rsplit(")", 1)[1].split()
            total += int(champs[11]) + int(champs[12])
    return total / os.sysconf("SC_CLK_TCK")


def cpu_des_processus(racine_pid):
    """CPU seconds (user, system) of a process and its children, from /proc."""
    pids = [racine_pid]
    try:
        pids += [int(p) for p in Path(f"/proc/{racine_pid}/task/{racine_pid}/children").read_text().split()]
    except OSError:
        return 0.0, 0.0
    usager = systeme = 0
    for pid in pids:
        try:
            champs = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            usager, systeme = usager + int(champs[11]), systeme + int(champs[12])  # in clock ticks
        except OSError:
            pass
    return usager / os.sysconf("SC_CLK_TCK"), systeme / os.sysconf("SC_CLK_TCK")


async def charger(url, cookies, utilisateurs, duree):
    import aiohttp

    latences, erreurs, vers_connexion = [], 0, set()
    connecteur = aiohttp.TCPConnector(limit=utilisateurs)
    async with aiohttp.ClientSession(connector=connecteur) as http:
        melanges = {}
        for nom, session in cookies.items():
            async with http.get(f"{url}/", cookies={"sessionid": session}, allow_redirects=False) as r:
                page = await r.text()
            if r.status != 200 or "Se déconnecter" not in page:
                vers = r.headers.get("Location", "")
                sys.exit(f"ÉCHEC : l'accueil de {nom} n'est pas une session ouverte ({r.status} {vers}) : rien n'est mesuré.")
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
                        elif r.status in (301, 302) and CONNEXION.search(r.headers.get("Location", "")):
                            vers_connexion.add((nom, chemin))
                except aiohttp.ClientError:
                    erreurs += 1
                latences.append(time.perf_counter() - debut)

        await asyncio.gather(*(utilisateur(i) for i in range(utilisateurs)))
    if vers_connexion:
        sys.exit(f"ÉCHEC : des pages renvoient à la connexion {sorted(vers_connexion)[:5]} : rien n'est rapporté.")
    return latences, erreurs, melanges


def attendre(url):
    """Wait (30 s at most) for the server to answer."""
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{url}/sante/", timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"ÉCHEC : {url} ne répond pas.")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--utilisateurs", type=int, default=50)
    parser.add_argument("--duree", type=float, default=30.0, help="secondes (au plus 300)")
    parser.add_argument("--echauffement", type=float, default=10.0, help="secondes de charge non comptées d'abord (au plus 60)")
    parser.add_argument("--url", help="un portail déjà démarré sur cette machine (http://127.0.0.1:…)")
    parser.add_argument("--port", type=int, default=8799, help="port du gunicorn démarré par le banc")
    args = parser.parse_args()
    if args.url and not re.match(r"^http://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$", args.url):
        sys.exit("--url : une adresse de bouclage seulement (127.0.0.1, localhost)")
    duree = min(args.duree, 300)
    serveur, url = (None, args.url) if args.url else demarrer_serveur(args.port)
    try:
        attendre(url)
        cookies = sessions(url)
        if args.echauffement:
            # Not counted: each worker's first pages (its first queries, caches) as a server that
            # has been running a while no longer pays them.
            asyncio.run(charger(url, cookies, args.utilisateurs, min(args.echauffement, 60)))
        vitesse = etalon()
        cpu_avant, pg_avant = (cpu_des_processus(serveur.pid) if serveur else (0, 0)), cpu_postgresql()
        client_avant, t0 = os.times(), time.monotonic()
        latences, erreurs, melanges = asyncio.run(charger(url, cookies, args.utilisateurs, duree))
        ecoule, client = time.monotonic() - t0, os.times()
        cpu = [apres - avant for apres, avant in zip(cpu_des_processus(serveur.pid), cpu_avant, strict=True)] if serveur else None
        cpu_pg = cpu_postgresql() - pg_avant
        # This script's own CPU: on the same cores as the server, it is not the server's to spend.
        cpu_client = client.user + client.system - client_avant.user - client_avant.system
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
        + (f"cpu_web={sum(cpu) * 1000 / len(latences):.1f} ms/req (système {cpu[1] * 1000 / len(latences):.1f}) " if cpu else "")
        + f"cpu_postgresql={cpu_pg * 1000 / len(latences):.1f} ms/req cpu_client={cpu_client * 1000 / len(latences):.1f} ms/req "
        + f"coeurs={os.cpu_count()} charge={os.getloadavg()[0]:.1f} étalon={vitesse:.0f} ms"
    )


if __name__ == "__main__":
    main()
