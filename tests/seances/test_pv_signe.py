"""The approved procès-verbal is signed by the portal when it is frozen (PAdES): `pdfsig` finds the
signature valid over the whole document, and invalid once one byte is changed; the séance's page
says it is signed and by what. Without a certificate it is stored unsigned and the page says so."""

import pytest
from django.urls import reverse

from tests.rapports.conftest import verifier_balisage
from tests.seances.test_pv import Seance
from tests.signature import assert_signe, pdfsig

pytestmark = pytest.mark.django_db


@pytest.fixture
def seance():
    s = Seance()
    s.convoquer()
    s.tenir()
    return s


def test_le_pv_approuve_est_signe_par_le_portail(client, seance, certificat):
    import io

    from pypdf import PdfReader

    s = seance.approuver()
    fige = s.pv.read()
    assert_signe(fige)
    verifier_balisage(PdfReader(io.BytesIO(fige)))  # the tagging survives the signature
    client.force_login(seance.m1)
    assert b"".join(client.get(reverse("seances:pv_pdf", args=[s.pk])).streaming_content) == fige
    page = client.get(reverse("seances:detail", args=[s.pk])).content.decode()
    assert "Document signé électroniquement (PAdES) par « Portail ACCORD (essais) »" in page


def test_sans_certificat_le_pv_approuve_n_est_pas_signe_et_la_page_le_dit(client, seance):
    s = seance.approuver()
    assert "Signature #1" not in pdfsig(s.pv.read())
    client.force_login(seance.m1)
    page = client.get(reverse("seances:detail", args=[s.pk])).content.decode()
    assert "Document non signé" in page
