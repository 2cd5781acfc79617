"""The demo log-ins (README « Comptes de démonstration ») and the accounts of the people who act
in the demo data without logging in."""

import base64
import hashlib
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

MOT_DE_PASSE_DEMO = "accord-demo-2026"

# (username, first name, last name, what the log-in is for) — the order of the command's output.
COMPTES = [
    ("coordination", "Chantal", "Placage", "Coordination – Meuble (Centre-du-Québec)"),
    ("coordination.rstm", "Yannick", "Marémotrice", "Coordination – RSTM (interrégional)"),
    ("presidence.creneau", "Marcel", "Mortaise", "Présidence du comité de créneau Meuble"),
    ("comite.creneau", "Sylvie", "Procès-Verbal", "Secrétaire du comité de créneau Meuble"),
    ("membre", "Bruno", "Copeau", "Membre votant du comité de créneau Meuble"),
    ("comite.regional", "Hélène", "Présidial", "Présidence du comité régional Centre-du-Québec"),
    ("secretariat.regional", "Josée", "Registre", "Secrétaire du comité régional Centre-du-Québec"),
    ("membre.regional", "Nadia", "Scrutin", "Membre votant du comité régional Centre-du-Québec"),
    ("dr.centre", "Denis", "Directionnel", "Direction régionale Centre-du-Québec"),
    ("dr.bas-saint-laurent", "Maude", "Littorale", "Direction régionale Bas-Saint-Laurent"),
    ("ministere", "Paul", "Centralier", "Ministère – central"),
    ("admin", "Ada", "Administratrice", "Administration"),
]
ADMINISTRATION = {"is_staff": True, "is_superuser": True}
# The demo log-ins posted at the Ministère: (username, niveau, code of the region).
AFFECTATIONS = [("dr.centre", "regional", "17"), ("dr.bas-saint-laurent", "regional", "01"), ("ministere", "central", None)]


# The demo log-ins that must give a second factor (ministry staff, administration): each has a
# TOTP application registered with a fixed key, public like the demo password.
DOUBLE_FACTEUR = {"dr.centre", "dr.bas-saint-laurent", "ministere", "admin"}


def cle_totp_demo(username):
    """The fixed TOTP key of a demo log-in (hex for django-otp, base32 for people)."""
    brut = hashlib.sha256(f"{MOT_DE_PASSE_DEMO}:{username}".encode()).digest()[:20]
    return brut.hex(), base64.b32encode(brut).decode()


def connexions():
    """(what the log-in is for, username) of every demo log-in, for the command's output."""
    return [(role, username) for username, _prenom, _nom, role in COMPTES]


def tableau_des_connexions(comptes):
    """The lines of the command's table of demo log-ins: username, then what it is for, in two
    aligned columns; an account that needs a second factor has its TOTP key on a line of its own,
    in the second column (add it to an authenticator application, or: oathtool --totp -b KEY)."""
    largeur = max(len(username) for _role, username in comptes)
    lignes = []
    for role, username in comptes:
        lignes.append(f"  {username:<{largeur}}  {role}")
        if username in DOUBLE_FACTEUR:
            lignes.append(f"  {'':<{largeur}}  2e facteur, clé TOTP {cle_totp_demo(username)[1]}")
    return lignes


def _double_facteur_demo(user):
    hexa, _b32 = cle_totp_demo(user.username)
    TOTPDevice.objects.update_or_create(
        user=user, name="Démonstration", defaults={"key": hexa, "confirmed": True, "digits": 6, "step": 30}
    )


@cache
def _empreinte_demo():
    # One hash for every demo log-in: the password is public anyway, and hashing it anew for each
    # of the ~40 accounts (PBKDF2) would cost a quarter of the demo's loading time.
    return make_password(MOT_DE_PASSE_DEMO)


def _compte(username, prenom, nom, mot_de_passe, **extra):
    user, _cree = get_user_model().objects.get_or_create(
        username=username[:150],
        defaults={
            "first_name": prenom,
            "last_name": nom,
            "email": f"{username}@demo.accord.quebec",
            "password": mot_de_passe,
            **extra,
        },
    )
    return user


def compte_demo(username, prenom, nom, **extra):
    """Get or create a demo log-in with the shared demo password."""
    return _compte(username, prenom, nom, _empreinte_demo(), **extra)


def compte_sans_connexion(username, prenom, nom):
    """An account that acts in the demo data but does not log in (unusable password, no hashing)."""
    return _compte(username, prenom, nom, make_password(None))


def comptes_demo():
    """Every demo log-in of COMPTES, by username; those of DOUBLE_FACTEUR with their TOTP key."""
    comptes = {
        username: compte_demo(username, prenom, nom, **(ADMINISTRATION if username == "admin" else {}))
        for username, prenom, nom, _role in COMPTES
    }
    for username in DOUBLE_FACTEUR:
        _double_facteur_demo(comptes[username])
    return comptes
