"""gunicorn settings for Portail ACCORD (`gunicorn accord.wsgi`, read from this folder).

Pages are CPU-bound (about 20 ms of Python per page, a few ms waiting on PostgreSQL), so the
worker count follows the cores: 2 × cores + 1 sync processes keep every core busy while some
wait on the database. Two threads per worker cover those waits and slow clients without the
memory of more processes. PDF reports are built by the task worker, not here, so a request never
needs the long timeout; 60 s only ends a stuck worker. Each setting can be overridden from the
environment (WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_TIMEOUT, ADRESSE).
"""

import gc
import multiprocessing
import os

bind = os.environ.get("ADRESSE", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# Django and the portal are imported once, by the master, and the workers share that memory. Its
# objects are then frozen out of the garbage collector, which would otherwise walk them again at
# each collection a request triggers (about a fifth of a page's CPU, measured in-process).
preload_app = True


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    # Nothing opens a connection at import; should anything do so, no worker inherits it.
    from django.db import connections

    connections.close_all()


# Restart workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# Request line and headers are capped here (a forged giant header never reaches Django); the body
# is capped by Django from its Content-Length before it is read (noyau.pannes.TailleRequete,
# DATA_UPLOAD_MAX_MEMORY_SIZE) and should also be by the proxy in front (e.g. nginx
# client_max_body_size 12m).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
