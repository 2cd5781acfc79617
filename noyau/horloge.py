"""The portal's clock. Domain code asks `maintenant()` / `aujourdhui()` rather than
`timezone.now()`, so a caller can run verbs at another moment (`figee(moment)`): the demo data
replays months of decisions each on its own day, with no patching of Django at run time."""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.utils import timezone

_fige: ContextVar[datetime | None] = ContextVar("horloge_figee", default=None)


def maintenant() -> datetime:
    return _fige.get() or timezone.now()


def aujourdhui():
    return timezone.localdate(maintenant())


@contextmanager
def figee(moment: datetime):
    """Within the block, the clock reads `moment` (an aware datetime)."""
    jeton = _fige.set(moment)
    try:
        yield moment
    finally:
        _fige.reset(jeton)
