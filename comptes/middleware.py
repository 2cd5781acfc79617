"""Session rules applied to every request: idle timeout and absolute lifetime, the second factor
required of ministry staff and administrators, and the account's language at log-in."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from comptes.double_facteur import a_un_second_facteur, exige_pour_session, session_verifiee

DEBUT = "_debut"
ACTIVITE = "_activite"
# The last activity is written back at most this often (one session write per minute at most).
PRECISION_ACTIVITE = 60


def debuter_session(request):
    """Called when someone logs in: the clocks of this session start now."""
    request.session[DEBUT] = request.session[ACTIVITE] = time.time()


def _rediriger(request, url):
    if request.headers.get("HX-Request"):
        reponse = HttpResponse(status=204)
        reponse["HX-Redirect"] = url
        return reponse
    return redirect(url)


class ExpirationSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            maintenant = time.time()
            debut = request.session.get(DEBUT)
            activite = request.session.get(ACTIVITE, debut)
            if debut is None:
                debuter_session(request)
            else:
                inactivite = (
                    settings.SESSION_INACTIVITE_MINISTERE_MINUTES
                    if exige_pour_session(request)
                    else settings.SESSION_INACTIVITE_MINUTES
                )
                if maintenant - activite > inactivite * 60 or maintenant - debut > settings.SESSION_DUREE_MAX_MINUTES * 60:
                    logout(request)
                    messages.info(request, _("Votre session a expiré. Reconnectez-vous pour continuer."))
                    suite = request.get_full_path() if request.method == "GET" else ""
                    url = reverse("login") + (f"?{urlencode({'next': suite})}" if suite else "")
                    return _rediriger(request, url)
                if maintenant - activite > PRECISION_ACTIVITE:
                    request.session[ACTIVITE] = maintenant
        return self.get_response(request)


# Pages reachable before the second factor: the 2FA pages themselves, log-out, language, and the
# icon (a browser's request for it must not become the page to return to).
PAGES_LIBRES = {"double_facteur_verifier", "double_facteur_activer", "double_facteur_codes", "logout", "set_language", "favicon"}


class DoubleFacteurMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, vue, args, kwargs):
        if not request.user.is_authenticated or session_verifiee(request):
            return None
        if getattr(request.resolver_match, "url_name", None) in PAGES_LIBRES or not exige_pour_session(request):
            return None
        page = "double_facteur_verifier" if a_un_second_facteur(request.user) else "double_facteur_activer"
        suite = request.get_full_path() if request.method == "GET" else ""
        url = reverse(page) + (f"?{urlencode({'next': suite})}" if suite else "")
        return _rediriger(request, url)


# The language cookie outlives the browser session (Django's default cookie does not).
DUREE_TEMOIN_LANGUE = 365 * 24 * 3600
# Set on the request by comptes.signaux.langue when someone logs in: the language they chose.
LANGUE_CONNEXION = "langue_connexion"


def poser_cookie_langue(reponse, langue):
    reponse.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        langue,
        max_age=settings.LANGUAGE_COOKIE_AGE or DUREE_TEMOIN_LANGUE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LangueConnexionMiddleware:
    """Once logged in, by whichever page (the portal's, the admin's), the language the user chose
    before applies again: the response carries it in the language cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        if langue := getattr(request, LANGUE_CONNEXION, None):
            poser_cookie_langue(reponse, langue)
        return reponse
