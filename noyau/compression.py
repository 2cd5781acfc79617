"""Gzip for the portal's text answers (HTML, CSV, JSON), where it is safe.

BREACH guesses a secret in a compressed page from its size, over many requests that reflect the
attacker's text next to it. Django's GZipMiddleware pads every compressed answer with a random
number of bytes (« Heal The Breach ») and the CSRF token is masked anew in each answer; the
account, API-token and admin pages (a second factor's secret key, recovery codes, a reset token
in the URL, a personal token shown once) are still left uncompressed. PDFs, spreadsheets and
archives are compressed already: gzip would only cost CPU. Static files never get here
(WhiteNoise serves them, pre-compressed, above it)."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

TYPES_TEXTE = ("text/", "application/json", "application/javascript", "image/svg+xml")


def _sans_compression(request):
    correspondance = getattr(request, "resolver_match", None)
    return correspondance is not None and correspondance.route.startswith(("comptes/", "api/jetons/", settings.ADMIN_URL))


class CompressionTexte(GZipMiddleware):
    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(TYPES_TEXTE) or _sans_compression(request):
            return response
        return super().process_response(request, response)
