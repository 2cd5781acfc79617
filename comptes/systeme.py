"""The portal's own actor: who records what the portal does by itself (a consultation électronique
closed at its deadline), so that no person is named for an act they did not do. An inactive
account without password: nobody logs in as it."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

IDENTIFIANT = "portail-accord-systeme"


def acteur_systeme():
    """The system user (created at its first use)."""
    User = get_user_model()
    user = User.objects.filter(username=IDENTIFIANT).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = User(username=IDENTIFIANT, first_name="Portail ACCORD", last_name="(système)", is_active=False)
            user.set_unusable_password()
            user.save()
            return user
    except IntegrityError:  # created meanwhile by another closing
        return User.objects.get(username=IDENTIFIANT)


def est_systeme(user):
    return user is not None and user.username == IDENTIFIANT
