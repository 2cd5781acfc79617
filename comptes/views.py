"""Log-in pages: password reset with a rate limit, and the second factor (enrol, verify,
recovery codes, manage)."""

from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from comptes import double_facteur
from comptes.forms import CodeForm
from comptes.middleware import poser_cookie_langue
from comptes.models import EvenementSecurite, retenir_langue
from comptes.securite import adresse_client, depasse_limite, journaliser

CODES_A_MONTRER = "_df_codes"


def _suite(request):
    suite = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(suite, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return suite
    return reverse(settings.LOGIN_REDIRECT_URL)


def verrouillage(request, reponse_originale=None, identifiants=None):
    """django-axes' answer to a locked-out account+address (also when the password is right)."""
    from axes.helpers import get_cool_off, get_failure_limit

    duree = get_cool_off(request)
    minutes = max(1, round(duree.total_seconds() / 60)) if duree else 60
    contexte = {"failure_limit": get_failure_limit(request, identifiants), "minutes": minutes}
    return render(request, "comptes/verrouille.html", contexte, status=429)


@require_POST
def langue(request):
    """The header's language switch: Django's set_language (cookie, then back to `next`), and the
    choice saved on the account when logged in, so it follows the user to other browsers."""
    choisie = request.POST.get("language", "")
    if choisie not in dict(settings.LANGUAGES):
        return redirect(_suite(request))
    retenir_langue(request.user, choisie)
    reponse = set_language(request)
    poser_cookie_langue(reponse, choisie)
    return reponse


class ReinitialisationView(auth_views.PasswordResetView):
    """Password reset by e-mail: at most REINITIALISATION_LIMITE_HEURE e-mails an hour to one
    address (past it, the page says the same as usual: no mail bombing, nothing revealed), and
    REINITIALISATION_LIMITE_IP_HEURE requests an hour from one IP (past it, a message)."""

    def form_valid(self, form):
        limite = settings.REINITIALISATION_LIMITE_HEURE
        courriel = form.cleaned_data["email"]
        if depasse_limite("reinitialisation-ip", adresse_client(self.request), settings.REINITIALISATION_LIMITE_IP_HEURE):
            journaliser(EvenementSecurite.Type.REINITIALISATION_LIMITEE, self.request, identifiant=courriel, detail="adresse IP")
            form.add_error(None, _("Trop de demandes de réinitialisation depuis cette adresse. Réessayez dans une heure."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if depasse_limite("reinitialisation-courriel", courriel, limite):
            journaliser(EvenementSecurite.Type.REINITIALISATION_LIMITEE, self.request, identifiant=courriel, detail="courriel")
            return HttpResponseRedirect(self.get_success_url())
        # The link points to PORTAIL_URL, never to the Host header a client sent.
        portail = urlsplit(settings.PORTAIL_URL)
        form.save(
            domain_override=portail.netloc,
            use_https=portail.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=self.extra_email_context,
        )
        return HttpResponseRedirect(self.get_success_url())


@login_required
def second_facteur(request):
    if double_facteur.session_verifiee(request):
        return redirect(_suite(request))
    if not double_facteur.a_un_second_facteur(request.user):
        return redirect(reverse("double_facteur_activer") + "?" + request.GET.urlencode())
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if double_facteur.valider_code(request, form.cleaned_data["code"]):
            return redirect(_suite(request))
        form.add_error("code", _("Ce code n'est pas valide (ou a déjà servi). Vérifiez l'heure de votre appareil et réessayez."))
    return render(request, "comptes/second_facteur.html", {"form": form, "next": request.GET.get("next", "")})


@login_required
def activer(request):
    """Enrol an authenticator application: QR code and secret, then a code to confirm."""
    if double_facteur.a_un_second_facteur(request.user) and not double_facteur.session_verifiee(request):
        return redirect(reverse("double_facteur_verifier") + "?" + request.GET.urlencode())
    appareil = double_facteur.appareil_en_attente(request.user)
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = _("Les 6 chiffres que votre application affiche pour le Portail ACCORD.")
    if request.method == "POST" and form.is_valid():
        codes = double_facteur.confirmer_application(request, appareil, "".join(form.cleaned_data["code"].split()))
        if codes is not None:
            request.session[CODES_A_MONTRER] = codes
            messages.success(request, _("La double authentification est activée."))
            return redirect(reverse("double_facteur_codes") + "?" + request.GET.urlencode())
        form.add_error("code", _("Ce code ne correspond pas. Vérifiez l'heure de votre appareil et réessayez."))
    qr = segno.make(appareil.config_url, error="m").svg_inline(scale=4, title=_("Code QR à lire avec l'application"))
    return render(
        request,
        "comptes/activer.html",
        {
            "form": form,
            "qr": mark_safe(qr),  # noqa: S308 — generated by segno from our own otpauth:// URL
            "cle": double_facteur.cle_base32(appareil),
            "next": request.GET.get("next", ""),
            "exige": double_facteur.exige_double_facteur(request.user),
        },
    )


@login_required
def codes(request):
    """The recovery codes, shown once right after they are made."""
    liste = request.session.pop(CODES_A_MONTRER, None)
    if not liste:
        return redirect("securite")
    return render(request, "comptes/codes.html", {"codes": liste, "suite": _suite(request)})


@login_required
def securite(request):
    user = request.user
    return render(
        request,
        "comptes/securite.html",
        {
            "application": double_facteur.application(user),
            "codes_restants": double_facteur.codes_restants(user),
            "exige": double_facteur.exige_double_facteur(user),
            "evenements": EvenementSecurite.objects.filter(user=user)[:10],
        },
    )


@login_required
@require_POST
def regenerer_codes(request):
    if not double_facteur.application(request.user):
        return redirect("securite")
    request.session[CODES_A_MONTRER] = double_facteur.regenerer_codes(request)
    return redirect(reverse("double_facteur_codes") + "?next=" + reverse("securite"))


@login_required
@require_POST
def desactiver(request):
    if double_facteur.exige_double_facteur(request.user):
        messages.error(request, _("La double authentification est obligatoire pour votre compte."))
    else:
        double_facteur.desactiver(request)
        messages.success(request, _("La double authentification est désactivée."))
    return redirect("securite")
