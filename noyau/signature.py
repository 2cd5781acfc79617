"""The portal's electronic signature of its final documents (PAdES, with pyHanko).

The certificate is a PKCS#12 file named by settings.SIGNATURE_CERTIFICAT, opened with
settings.SIGNATURE_MOT_DE_PASSE (both from the environment). Without one, documents are not
signed and the pages say so. The signature is an incremental update: the tagged structure of the
PDF (PDF/UA) is left as it is, and the signature covers the whole file as it was produced.
"""

import datetime
import functools
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

journal = logging.getLogger(__name__)

NOM_DU_CHAMP = "SignatureACCORD"


@dataclass(frozen=True)
class Signature:
    """Who signed a document (the certificate's subject), and when."""

    signataire: str
    emetteur: str
    le: datetime.datetime | None = None


def _chemin():
    chemin = getattr(settings, "SIGNATURE_CERTIFICAT", "") or ""
    return Path(chemin) if chemin else None


def _mot_de_passe():
    mdp = getattr(settings, "SIGNATURE_MOT_DE_PASSE", "") or ""
    return mdp.encode() if mdp else None


@functools.lru_cache(maxsize=4)
def _signataire(chemin, mot_de_passe, _modifie_le):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(chemin), passphrase=mot_de_passe)
    if signer is None:
        raise ValueError(f"Certificat de signature illisible : {chemin}")
    return signer


def signataire():
    """The pyHanko signer of the configured certificate, or None when none is configured (or it
    cannot be read: logged, and the documents go out unsigned)."""
    chemin = _chemin()
    if chemin is None:
        return None
    try:
        return _signataire(chemin, _mot_de_passe(), chemin.stat().st_mtime)
    except Exception:
        journal.exception("Certificat de signature inutilisable : %s", chemin)
        return None


def _nom(nom):
    """The common name of an X.509 name (asn1crypto), else its readable form."""
    return nom.native.get("common_name") or nom.human_friendly


def configuree():
    """The Signature the portal would put on a document now, or None."""
    signer = signataire()
    if signer is None:
        return None
    cert = signer.signing_cert
    return Signature(signataire=_nom(cert.subject), emetteur=_nom(cert.issuer))


def signer_pdf(pdf: bytes) -> bytes:
    """`pdf` signed by the portal (PAdES baseline B, SHA-256, an invisible signature field), or
    unchanged when no certificate is configured."""
    signer = signataire()
    if signer is None:
        return pdf
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    ecrivain = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=NOM_DU_CHAMP,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Document définitif du Portail ACCORD",
        location="Québec",
    )
    return signers.sign_pdf(ecrivain, meta, signer=signer).getvalue()


def lire(flux) -> Signature | None:
    """The portal's signature found in a PDF (bytes or a binary file), or None if it has none.
    Only reads who signed; `pdfsig` (or any reader) checks the signature itself."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        if isinstance(flux, bytes | bytearray):
            flux = io.BytesIO(flux)
        signatures = PdfFileReader(flux, strict=False).embedded_signatures
    except Exception:
        return None
    for sig in signatures:
        cert = sig.signer_cert
        return Signature(signataire=_nom(cert.subject), emetteur=_nom(cert.issuer), le=sig.self_reported_timestamp)
    return None


def certificat_autosigne(chemin, *, nom="Portail ACCORD (démonstration)", mot_de_passe="", jours=3650):
    """Write a self-signed certificate and its key as a PKCS#12 file at `chemin` (for the demo
    and the tests: a real deployment uses a certificate from a recognised authority)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    # An ECDSA P-256 key: quick to make and to load (pyHanko loads the key at each signature).
    cle = ec.generate_private_key(ec.SECP256R1())
    sujet = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CA"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Québec"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Portail ACCORD"),
            x509.NameAttribute(NameOID.COMMON_NAME, nom),
        ]
    )
    maintenant = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(sujet)
        .issuer_name(sujet)
        .public_key(cle.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(maintenant - datetime.timedelta(days=1))
        .not_valid_after(maintenant + datetime.timedelta(days=jours))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .sign(cle, hashes.SHA256())
    )
    chiffrement = serialization.BestAvailableEncryption(mot_de_passe.encode()) if mot_de_passe else serialization.NoEncryption()
    chemin = Path(chemin)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_bytes(pkcs12.serialize_key_and_certificates(nom.encode(), cle, cert, None, chiffrement))
    return chemin
