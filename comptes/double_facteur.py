"""Two-factor authentication (django-otp): who must use it, whether this session is verified,
and the devices — one TOTP application and one set of one-time recovery codes per account."""

import base64
import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import transaction
from django.db.models import Q
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptes.models import AffectationMinistere, EvenementSecurite
from comptes.securite import journaliser
from noyau.horloge import aujourdhui

NOMBRE_CODES_SECOURS = 10
# Whether 2FA is required is kept in the session and computed again after this many seconds.
CLE_EXIGE = "_df_exige"
DUREE_EXIGE = 300


def affecte_au_ministere(user):
    jour = aujourdhui()
    return AffectationMinistere.objects.filter(Q(debut__lte=jour) & (Q(fin__isnull=True) | Q(fin__gte=jour)), user=user).exists()


def exige_double_facteur(user):
    """Ministry staff (an active affectation), superusers and staff (the admin) must use 2FA."""
    return bool(user.is_authenticated and (user.is_superuser or user.is_staff or affecte_au_ministere(user)))


def doit_verifier(user):
    """Required (exige_double_facteur) or chosen: an account with a second factor must give it."""
    return exige_double_facteur(user) or a_un_second_facteur(user)


def exige_pour_session(request):
    """doit_verifier(request.user), remembered in the session for DUREE_EXIGE seconds."""
    memo = request.session.get(CLE_EXIGE)
    maintenant = time.time()
    if not memo or maintenant - memo[1] > DUREE_EXIGE:
        memo = [doit_verifier(request.user), maintenant]
        request.session[CLE_EXIGE] = memo
    return memo[0]


def session_verifiee(request):
    """A second factor was given in this session (or, in tests only, the session was opened by a
    backend that the test settings list: production lists none)."""
    user = request.user
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    return request.session.get(BACKEND_SESSION_KEY) in settings.DOUBLE_FACTEUR_CONNEXIONS_DE_CONFIANCE


def application(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def a_un_second_facteur(user):
    return any(True for _d in devices_for_user(user, confirmed=True))


def cle_base32(appareil):
    return base64.b32encode(appareil.bin_key).decode()


def appareil_en_attente(user):
    """The unconfirmed TOTP device being enrolled (a new secret on first call)."""
    appareil = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return appareil or TOTPDevice.objects.create(user=user, name="Application d'authentification", confirmed=False)


def _nouveaux_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    appareil = StaticDevice.objects.create(user=user, name="Codes de secours", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(NOMBRE_CODES_SECOURS)]
    StaticToken.objects.bulk_create([StaticToken(device=appareil, token=c) for c in codes])
    return codes


@transaction.atomic
def confirmer_application(request, appareil, code):
    """Confirm the TOTP device being enrolled with a code it shows; return the recovery codes,
    or None when the code is wrong."""
    if not appareil.verify_token(code):
        journaliser(EvenementSecurite.Type.CODE_REFUSE, request, user=request.user, detail="activation")
        return None
    TOTPDevice.objects.filter(user=request.user).exclude(pk=appareil.pk).delete()
    appareil.confirmed = True
    appareil.save(update_fields=["confirmed"])
    codes = _nouveaux_codes(request.user)
    otp_login(request, appareil)
    request.session.pop(CLE_EXIGE, None)
    journaliser(EvenementSecurite.Type.DF_ACTIVEE, request, user=request.user)
    return codes


@transaction.atomic
def regenerer_codes(request):
    codes = _nouveaux_codes(request.user)
    journaliser(EvenementSecurite.Type.CODES_REGENERES, request, user=request.user)
    return codes


@transaction.atomic
def desactiver(request):
    TOTPDevice.objects.filter(user=request.user).delete()
    StaticDevice.objects.filter(user=request.user).delete()
    request.session.pop(CLE_EXIGE, None)
    journaliser(EvenementSecurite.Type.DF_DESACTIVEE, request, user=request.user)


def valider_code(request, code):
    """Check a TOTP code or a recovery code for request.user; mark the session verified."""
    code = "".join(str(code).split())[:32]
    appareil = match_token(request.user, code) if code else None
    if appareil is None:
        journaliser(EvenementSecurite.Type.CODE_REFUSE, request, user=request.user)
        return False
    otp_login(request, appareil)
    if isinstance(appareil, StaticDevice):
        journaliser(EvenementSecurite.Type.CODE_SECOURS_UTILISE, request, user=request.user)
    return True


def codes_restants(user):
    return StaticToken.objects.filter(device__user=user).count()
