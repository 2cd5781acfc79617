"""Backup and restore (scripts/sauvegarder, scripts/restaurer) on PostgreSQL: a restored copy holds
every row of every table, and the uploaded files."""

import os
import subprocess
import uuid
from contextlib import contextmanager

import psycopg2
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from tests.factories import ProjetFactory

RACINE = settings.BASE_DIR


@contextmanager
def _curseur(base):
    """A cursor in autocommit (CREATE/DROP DATABASE cannot run in a transaction)."""
    cx = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname=base)
    cx.autocommit = True
    try:
        yield cx.cursor()
    finally:
        cx.close()


def _contenu(base):
    """{table: (row count, md5 of its rows in key order)} of every table of the public schema."""
    with _curseur(base) as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [t for (t,) in cur.fetchall()]
        contenu = {}
        for table in tables:
            cur.execute(f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t")
            contenu[table] = cur.fetchone()
    return contenu


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_new_database_with_every_row_and_file(tmp_path):
    projets = ProjetFactory.create_batch(3)
    default_storage.save("pieces/preuve.pdf", ContentFile(b"%PDF-1.4 preuve"))
    source = connection.settings_dict["NAME"]
    copie = f"{source}_copie_{uuid.uuid4().hex[:6]}"
    env = {**os.environ, "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    sauvegarde = tmp_path / "sauvegarde"
    subprocess.run(
        [RACINE / "scripts/sauvegarder", sauvegarde],
        env={**env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{source}"},
        check=True,
        capture_output=True,
    )
    with _curseur("postgres") as cur:
        cur.execute(f'CREATE DATABASE "{copie}"')
    try:
        media_copie = tmp_path / "media-restaure"
        subprocess.run(
            [RACINE / "scripts/restaurer", sauvegarde],
            env={**env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{copie}", "MEDIA_ROOT": str(media_copie)},
            check=True,
            capture_output=True,
        )
        originale, restauree = _contenu(source), _contenu(copie)
        assert restauree == originale
        assert originale["projets_projet"][0] == len(projets)
        assert (media_copie / "pieces/preuve.pdf").read_bytes() == b"%PDF-1.4 preuve"
    finally:
        with _curseur("postgres") as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{copie}" WITH (FORCE)')
