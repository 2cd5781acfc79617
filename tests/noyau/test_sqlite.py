"""On the embedded SQLite default, two people deciding at once are served one after the other: the
second gets the same conflict as on PostgreSQL, never "database is locked" (a 500)."""

import subprocess
import sys
from pathlib import Path


def test_deux_soumissions_simultanees_sur_sqlite_donnent_un_depot_et_un_conflit(tmp_path):
    script = Path(__file__).with_name("_sqlite_concurrence.py")
    sortie = subprocess.run(
        [sys.executable, script, tmp_path / "accord.sqlite3"], capture_output=True, text=True, timeout=300, check=True
    )
    assert sortie.stdout.strip().splitlines()[-1] == "conflit | ok", sortie.stdout + sortie.stderr
