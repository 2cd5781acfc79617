"""The procès-verbal of a séance as a PDF (filled in by the PV work)."""


def pdf_du_pv(seance) -> bytes:
    raise NotImplementedError
