"""The seal of a séance's résolution: only `seances` imports this module (import-linter)."""

from creneaux.resolutions import _SCEAU, Resolution


def sceller(**champs) -> Resolution:
    """Build the Resolution of a closing (seances.actions only)."""
    return Resolution(**champs, _sceau=_SCEAU)
