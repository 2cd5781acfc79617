"""What the API returns (OpenAPI schemas). Only what the matching page shows, never more."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema


class Erreur(Schema):
    detail: Any


class RegionCourte(Schema):
    code: str
    nom: str


class CreneauCourt(Schema):
    slug: str
    nom: str


class Creneau(Schema):
    slug: str
    nom: str
    sigle: str
    statut: str
    secteur: str
    region: RegionCourte
    autres_regions: list[str]
    organisme_gestionnaire: str | None
    date_potentiel: date | None
    date_autorise: date | None
    date_reconnu: date | None
    date_fin: date | None
    site_web: str
    url: str

    @staticmethod
    def resolve_region(c):
        return c.region_porteuse

    @staticmethod
    def resolve_autres_regions(c):
        return sorted(r.code for r in c.autres_regions.all())

    @staticmethod
    def resolve_organisme_gestionnaire(c):
        return c.organisme_gestionnaire.nom if c.organisme_gestionnaire_id else None

    @staticmethod
    def resolve_url(c):
        return c.get_absolute_url()


class Comite(Schema):
    id: int
    nom: str
    type: str
    creneau: CreneauCourt | None
    region: RegionCourte | None
    delegation_resolutions: bool
    quorum: int | None


class ComiteCourt(Schema):
    id: int
    nom: str
    type: str


class Point(Schema):
    ordre: int
    type: str
    titre: str
    etat: str
    projet_id: int | None


class Seance(Schema):
    id: int
    comite: ComiteCourt
    date: datetime
    mode: str
    lieu: str
    statut: str
    convoquee_le: datetime | None
    ouverte_le: datetime | None
    levee_le: datetime | None


class SeanceDetail(Seance):
    points: list[Point]

    @staticmethod
    def resolve_points(s):
        return list(s.points.all())


class Projet(Schema):
    id: int
    numero: str | None
    titre: str
    statut: str
    statut_depuis: datetime
    exercice: int | None
    enjeu: str
    creneau: CreneauCourt
    region: RegionCourte
    programme: str
    porteur: str | None
    demande: Decimal | None = None
    montant_accorde: Decimal | None

    @staticmethod
    def resolve_region(p):
        return p.creneau.region_porteuse

    @staticmethod
    def resolve_programme(p):
        return p.programme.sigle

    @staticmethod
    def resolve_porteur(p):
        return p.porteur.nom if p.porteur_id else None

    @staticmethod
    def resolve_demande(p):
        return getattr(p, "demande", None)


class Decision(Schema):
    etape: str
    de_statut: str
    vers_statut: str
    horodatage: datetime
    auteur: str
    comite: ComiteCourt | None
    reunion_id: int | None
    numero_resolution: str
    votes_pour: int | None
    votes_contre: int | None
    abstentions: int | None
    montant: Decimal | None
    motif: str

    @staticmethod
    def resolve_auteur(d):
        return d.auteur.get_full_name() or d.auteur.get_username()


class Versement(Schema):
    date: date
    montant: Decimal


class ProjetDetail(Projet):
    description: str
    objectifs: str
    date_debut: date | None
    date_fin: date | None
    soumis_le: datetime | None
    montant_desengage: Decimal
    decisions: list[Decision]
    versements: list[Versement]

    @staticmethod
    def resolve_demande(p):
        return p.montant_demande

    @staticmethod
    def resolve_decisions(p):
        return list(p.decisions.all())

    @staticmethod
    def resolve_versements(p):
        return list(p.versements.all())


class Bilan(Schema):
    id: int
    creneau: CreneauCourt
    exercice: int
    statut: str
    statut_depuis: datetime
    premiere_soumission: datetime | None


class PartCreneau(Schema):
    creneau: CreneauCourt
    part: Decimal | None
    engage: Decimal
    en_attente: Decimal
    desengage: Decimal
    disponible: Decimal | None


class Enveloppe(Schema):
    id: int
    programme: str
    region: RegionCourte
    montant: Decimal
    engage: Decimal
    en_attente: Decimal
    desengage: Decimal
    disponible: Decimal
    par_creneau: list[PartCreneau]
