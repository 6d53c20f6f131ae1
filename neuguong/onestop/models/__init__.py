from neuguong.onestop.models.dossiers import (
    Apology,
    DailySequence,
    Dossier,
    DossierDocument,
    DossierPause,
    DossierStep,
    DossierTransition,
    Rating,
    validate_id_number,
)
from neuguong.onestop.models.procedures import Procedure, ProcedureStep

__all__ = [
    "Apology",
    "DailySequence",
    "Dossier",
    "DossierDocument",
    "DossierPause",
    "DossierStep",
    "DossierTransition",
    "Procedure",
    "ProcedureStep",
    "Rating",
    "validate_id_number",
]
