"""A Redis cache that an outage turns into misses, never into errors.

The cache only holds what can be lost (rate-limit counters; sessions, also in the database; roles,
recomputed): when Redis is down or frozen, each call gives up after the socket timeouts of the
settings and answers as an empty cache would, so a page or a saved decision never turns into a
500 because of it. The failure is logged once per call.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _tolerante(nom, repli):
    def methode(self, *args, **kwargs):
        try:
            return getattr(super(CacheRedisTolerante, self), nom)(*args, **kwargs)
        except (RedisError, OSError):
            logger.warning("Cache Redis injoignable (%s) : réponse par défaut", nom)
            return repli(*args, **kwargs) if callable(repli) else repli

    methode.__name__ = nom
    return methode


def _defaut(key, default=None, *args, **kwargs):
    return default


def _compte(key, delta=1, *args, **kwargs):
    return delta  # an increment on an unreachable cache counts this one request


class CacheRedisTolerante(RedisCache):
    get = _tolerante("get", _defaut)
    set = _tolerante("set", None)
    add = _tolerante("add", True)
    touch = _tolerante("touch", False)
    delete = _tolerante("delete", False)
    incr = _tolerante("incr", _compte)
    get_many = _tolerante("get_many", lambda *a, **k: {})
    set_many = _tolerante("set_many", lambda *a, **k: [])
    delete_many = _tolerante("delete_many", None)
    has_key = _tolerante("has_key", False)
    clear = _tolerante("clear", False)
