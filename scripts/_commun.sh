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
