"""Helpers shared by the apps' demo loaders (`manage.py demo`)."""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

MOT_DE_PASSE_DEMO = "accord-demo-2026"


@cache
def _empreinte_demo():
    # One hash for every demo log-in: the password is public anyway, and hashing it anew for each
    # of the ~40 accounts (PBKDF2) would cost a quarter of the demo's loading time.
    return make_password(MOT_DE_PASSE_DEMO)


def compte_demo(username, prenom, nom, **extra):
    """Get or create a demo log-in with the shared demo password."""
    User = get_user_model()
    user, _cree = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": prenom,
            "last_name": nom,
            "email": f"{username}@demo.accord.quebec",
            "password": _empreinte_demo(),
            **extra,
        },
    )
    return user
