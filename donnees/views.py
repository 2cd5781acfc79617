"""Open data pages (public, no log-in): the page that explains the datasets, each dataset as CSV
and JSON (streamed: memory and queries do not grow with the data) and the Data Package."""

import csv
import json

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from donnees import jeux
from noyau.views import regle_requise


class _Tampon:
    """A file-like object whose write returns the line: csv.writer feeds a streaming response."""

    def write(self, valeur):
        return valeur


def _jeu(nom):
    try:
        return jeux.JEUX[nom]
    except KeyError:
        raise Http404 from None


@require_GET
@regle_requise("donnees.consulter")
def accueil(request):
    return render(
        request,
        "donnees/accueil.html",
        {
            "jeux": [(jeu, [(c.nom, c.type, c.description) for c in jeu.colonnes]) for jeu in jeux.JEUX.values()],
            "licence": jeux.LICENCE,
            "mise_a_jour": jeux.derniere_mise_a_jour(),
        },
    )


@require_GET
@regle_requise("donnees.consulter")
def csv_jeu(request, nom):
    jeu = _jeu(nom)
    ecrivain = csv.writer(_Tampon(), delimiter=",", lineterminator="\r\n")
    noms = [c.nom for c in jeu.colonnes]

    def lignes():
        yield ecrivain.writerow(noms)
        for objet in jeu.lignes():
            ligne = jeu.ligne(objet)
            yield ecrivain.writerow([jeux.texte(ligne[n]) for n in noms])

    reponse = StreamingHttpResponse(lignes(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'inline; filename="{jeu.nom}.csv"'
    reponse["Access-Control-Allow-Origin"] = "*"
    return reponse


@require_GET
@regle_requise("donnees.consulter")
def json_jeu(request, nom):
    jeu = _jeu(nom)

    def morceaux():
        yield "["
        for i, objet in enumerate(jeu.lignes()):
            ligne = {k: jeux.json_valeur(v) for k, v in jeu.ligne(objet).items()}
            yield ("," if i else "") + "\n" + json.dumps(ligne, ensure_ascii=False)
        yield "\n]\n"

    reponse = StreamingHttpResponse(morceaux(), content_type="application/json; charset=utf-8")
    reponse["Access-Control-Allow-Origin"] = "*"
    return reponse


@require_GET
@regle_requise("donnees.consulter")
def datapackage(request):
    page = request.build_absolute_uri(reverse("donnees:accueil"))
    reponse = JsonResponse(jeux.datapackage(page), json_dumps_params={"ensure_ascii": False, "indent": 2})
    reponse["Access-Control-Allow-Origin"] = "*"
    return reponse
