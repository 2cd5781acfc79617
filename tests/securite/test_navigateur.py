"""In Chromium, as in production (no trusted test session): a direction régionale logs in with its
password, is sent to enrol an authenticator application, confirms a code, notes its recovery
codes and reaches its pages; the browser reports no Content-Security-Policy violation."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import MOT_DE_PASSE, AffectationMinistereFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_le_ministere_active_sa_double_authentification(page, captures, settings):
    settings.DOUBLE_FACTEUR_CONNEXIONS_DE_CONFIANCE = []
    dr = AffectationMinistereFactory().user
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto("/comptes/connexion/?next=/projets/")
    page.fill("#id_username", dr.username)
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/double-facteur/activer/.*"))
    assert page.locator(".qr-code svg").is_visible()
    page.screenshot(path=captures / "securite-activation.png", full_page=True)
    appareil = TOTPDevice.objects.get(user=dr)
    page.fill("#id_code", f"{totp(appareil.bin_key):06d}")
    page.click("form input[type=submit]")
    page.wait_for_url(re.compile(r".*/double-facteur/codes/.*"))
    assert page.locator(".codes-secours code").count() == 10
    page.screenshot(path=captures / "securite-codes.png", full_page=True)
    page.click("text=J'ai noté mes codes")
    page.wait_for_url(re.compile(r".*/projets/$"))
    assert violations == []
