"""Tasks of the kernel: e-mail sending leaves the request (and retries) on the task worker."""

from email.mime.text import MIMEText

from celery import shared_task
from django.core.mail import EmailMessage, get_connection, send_mass_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def envoyer_courriels(messages):
    """`messages`: [(subject, body, from, [to])] as send_mass_mail takes them."""
    send_mass_mail([tuple(m) for m in messages], fail_silently=False)


def _piece(nom, contenu, type_mime):
    """A text attachment whose MIME type may carry parameters ("text/calendar; method=REQUEST")."""
    type_principal, *parametres = [p.strip() for p in type_mime.split(";")]
    partie = MIMEText(contenu, type_principal.split("/", 1)[1], "utf-8")
    for parametre in parametres:
        cle, _sep, valeur = parametre.partition("=")
        partie.set_param(cle, valeur)
    partie.add_header("Content-Disposition", "attachment", filename=nom)
    return partie


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def envoyer_courriels_avec_pieces(messages):
    """`messages`: [(subject, body, from, [to], [(file name, text, MIME type)])]."""
    with get_connection() as connexion:
        courriels = []
        for sujet, corps, de, a, pieces in messages:
            courriel = EmailMessage(sujet, corps, de, list(a), connection=connexion)
            for nom, contenu, type_mime in pieces:
                courriel.attach(_piece(nom, contenu, type_mime))
            courriels.append(courriel)
        connexion.send_messages(courriels)
