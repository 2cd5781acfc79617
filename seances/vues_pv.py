"""Procès-verbal views (placeholders until the PV lands)."""

from django.http import Http404


def pv_pdf(request, **kwargs):
    raise Http404


def approuver_pv(request, **kwargs):
    raise Http404


def deposer_pv_signe(request, **kwargs):
    raise Http404
