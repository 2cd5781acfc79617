# Shared by scripts/demarrer and scripts/tester: a virtualenv with the pinned requirements.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3

installer_python() {  # $1: requirements file
  if [ ! -x .venv/bin/python ]; then
    echo "→ Création de l'environnement virtuel (.venv)"
    "$PYTHON" -m venv .venv
  fi
  # Reinstall only when the requirements changed since the last install.
  local empreinte
  empreinte=$(cat requirements*.txt | sha256sum | cut -c1-16)-$1
  if [ "$(cat .venv/.installe 2>/dev/null)" != "$empreinte" ]; then
    echo "→ Installation des dépendances ($1)"
    .venv/bin/pip install --quiet --disable-pip-version-check -r "$1"
    echo "$empreinte" > .venv/.installe
  fi
}

installer_paquets_debian() {  # packages needed by WeasyPrint (fonts) and the browser tests
  local manquants=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || manquants+=("$p"); done
  [ ${#manquants[@]} -eq 0 ] && return 0
  echo "→ Installation des paquets Debian : ${manquants[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${manquants[@]}" >/dev/null
}

# Fonts for PDF documents (declared here rather than assumed).
PAQUETS_POLICES=(fonts-dejavu-core fonts-liberation2)

# The English catalogue: locale/*/LC_MESSAGES/django.po is kept in git, its .mo is compiled here
# (msgfmt comes from Debian's gettext).
compiler_traductions() {
  installer_paquets_debian gettext
  DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv --verbosity 0
}

# The Nu Html Checker (W3C validator, npm package vnu-jar) for tests/portail/test_html_valide.py:
# a jar run by Java, kept out of git in .cache/vnu/ and fetched again only when VNU_VERSION changes.
VNU_VERSION=26.9.27
VNU_JAR=.cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar
installer_vnu() {
  command -v java >/dev/null || installer_paquets_debian default-jre-headless
  [ "$(cat .cache/vnu/.installe 2>/dev/null)" = "$VNU_VERSION" ] && [ -f "$VNU_JAR" ] && return 0
  command -v npm >/dev/null || installer_paquets_debian npm
  echo "→ Installation du validateur HTML (vnu-jar $VNU_VERSION)"
  mkdir -p .cache/vnu
  npm install --prefix .cache/vnu --no-save --no-audit --no-fund --loglevel=error "vnu-jar@$VNU_VERSION" >/dev/null
  echo "$VNU_VERSION" > .cache/vnu/.installe
}

# The PostgreSQL database of DATABASE_URL, created when the server answers but the database does
# not exist yet; one clear line (no traceback) when the server does not answer.
preparer_base_postgresql() {
  case "${DATABASE_URL:-}" in postgres*) ;; *) return 0 ;; esac
  .venv/bin/python - <<'PY'
import os, sys
import environ, psycopg2
c = environ.Env.db_url_config(os.environ["DATABASE_URL"])
params = dict(host=c["HOST"] or None, port=c["PORT"] or 5432, user=c["USER"] or None, password=c["PASSWORD"] or None, connect_timeout=3)
try:
    cx = psycopg2.connect(dbname="postgres", **params)
except psycopg2.OperationalError as e:
    sys.exit(f"ERREUR : le serveur PostgreSQL de DATABASE_URL ne répond pas ({str(e).strip().splitlines()[0]}).")
cx.autocommit = True
cur = cx.cursor()
cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (c["NAME"],))
if cur.fetchone() is None:
    cur.execute(f'CREATE DATABASE "{c["NAME"]}"')
    print(f"→ Base PostgreSQL « {c['NAME']} » créée")
PY
}
