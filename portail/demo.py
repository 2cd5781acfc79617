"""Helpers shared by the apps' demo loaders (`manage.py demo`)."""

from django.contrib.auth import get_user_model

MOT_DE_PASSE_DEMO = "accord-demo-2026"


def compte_demo(username, prenom, nom, **extra):
    """Get or create a demo log-in with the shared demo password."""
    User = get_user_model()
    user, cree = User.objects.get_or_create(
        username=username,
        defaults={"first_name": prenom, "last_name": nom, "email": f"{username}@demo.accord.quebec", **extra},
    )
    if cree:
        user.set_password(MOT_DE_PASSE_DEMO)
        user.save(update_fields=["password"])
    return user
