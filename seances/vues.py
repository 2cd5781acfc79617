"""Séance pages (placeholders until the pages land)."""

from django.http import Http404


def liste(request, **kwargs):
    raise Http404


def planifier(request, **kwargs):
    raise Http404


def detail(request, **kwargs):
    raise Http404


def ajouter_point(request, **kwargs):
    raise Http404


def ordonner(request, **kwargs):
    raise Http404


def retirer_point(request, **kwargs):
    raise Http404


def convoquer(request, **kwargs):
    raise Http404


def ouvrir(request, **kwargs):
    raise Http404


def en_cours(request, **kwargs):
    raise Http404


def etat(request, **kwargs):
    raise Http404


def pointer(request, **kwargs):
    raise Http404


def marquer_presence(request, **kwargs):
    raise Http404


def confirmer_presence(request, **kwargs):
    raise Http404


def declarer_conflit(request, **kwargs):
    raise Http404


def ouvrir_vote(request, **kwargs):
    raise Http404


def voter(request, **kwargs):
    raise Http404


def saisir_main_levee(request, **kwargs):
    raise Http404


def clore_vote(request, **kwargs):
    raise Http404


def lever(request, **kwargs):
    raise Http404
