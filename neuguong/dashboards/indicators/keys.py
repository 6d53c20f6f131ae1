"""The rulebook keys of the Decision 766 indicators, one per annex item, and the league-table rules.

Each item key holds {"group", "item", "points", "full_at"}: the item's maximum points and the rate at or
above which it earns them all (1.0 = no threshold: points in proportion to the rate). The values and
their sources are seeded by `dashboards/migrations/0001_seed_766_rules.py`; read them through
`neuguong.dashboards.indicators.scoring.item_rule(key, at)`, never from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The five groups of the Decision, in its order.
PUBLICITY = "publicity"
PROGRESS = "progress"
ONLINE = "online"
DIGITISATION = "digitisation"
SATISFACTION = "satisfaction"
GROUPS = (PUBLICITY, PROGRESS, ONLINE, DIGITISATION, SATISFACTION)

GROUP_LABELS: dict[str, Promise] = {
    PUBLICITY: _("Publicity and transparency"),
    PROGRESS: _("Progress and results"),
    ONLINE: _("Online service"),
    DIGITISATION: _("Digitisation"),
    SATISFACTION: _("Satisfaction"),
}

_P = "indicators.766."

PUBLISHED_ON_TIME = _P + "publicity.published_on_time"
UPDATED_ON_TIME = _P + "publicity.updated_on_time"
COMPLETE_PARTS = _P + "publicity.complete_parts"
SYNCED_TO_PORTAL = _P + "publicity.synced_to_portal"

ON_TIME = _P + "progress.on_time"
AVERAGE_DAYS = _P + "progress.average_days"

PROCEDURES_ONLINE = _P + "online.procedures_online"
SERVICES_USED = _P + "online.services_used"
ONLINE_SUBMISSION = _P + "online.submission_share"
PAYMENT_INTEGRATED = _P + "online.payment_integrated"
PAYMENT_TRANSACTIONS = _P + "online.payment_transactions"
PAID_ONLINE = _P + "online.paid_online"

E_RESULTS = _P + "digitisation.e_results"
DIGITISED = _P + "digitisation.digitised"
CERTIFIED_COPIES = _P + "digitisation.certified_copies"
REUSED = _P + "digitisation.reused"
SHARED_FOR_REUSE = _P + "digitisation.shared_for_reuse"
POPULATION_DATA_DOSSIERS = _P + "digitisation.population_data_dossiers"
POPULATION_DATA_PROCEDURES = _P + "digitisation.population_data_procedures"

FEEDBACK_ON_TIME = _P + "satisfaction.feedback_on_time"
FEEDBACK_SATISFACTION = _P + "satisfaction.feedback_handling"
PROCEDURE_SATISFACTION = _P + "satisfaction.procedures"

# 1.1's notice period: working days between the announcing decision and the legal document's effect
# (Decree 63/2010/NĐ-CP Art. 15 as amended; dashboards/migrations/0003). Not an item: not in ALL_KEYS.
ANNOUNCEMENT_LEAD_DAYS = "procedures.announcement.lead_working_days"

# League tables (project choices, not law).
MIN_SAMPLE = "indicators.league.min_sample"
WILSON_Z = "indicators.league.wilson_z"


@dataclass(frozen=True)
class Item:
    key: str
    group: str
    code: str  # the item's number in the national portal's description of the Decision's method
    label: Promise
    # False: neuguong records nothing to compute it from yet (it scores 0 and is flagged unmeasured).
    measurable: bool = True


ITEMS: tuple[Item, ...] = (
    Item(PUBLISHED_ON_TIME, PUBLICITY, "1.1", _("Procedures published on time")),
    Item(
        UPDATED_ON_TIME,
        PUBLICITY,
        "1.2",
        _("Procedures updated on the national database on time"),
        False,
    ),
    Item(COMPLETE_PARTS, PUBLICITY, "1.3", _("Procedures published with all their required parts")),
    Item(
        SYNCED_TO_PORTAL, PUBLICITY, "1.4", _("Dossiers synchronised to the national portal"), False
    ),
    Item(ON_TIME, PROGRESS, "2.1", _("Dossiers handled on time")),
    Item(AVERAGE_DAYS, PROGRESS, "2.2", _("Average processing time (working days)")),
    Item(PROCEDURES_ONLINE, ONLINE, "3.1", _("Procedures offered online")),
    Item(SERVICES_USED, ONLINE, "3.2", _("Online services that received dossiers")),
    Item(ONLINE_SUBMISSION, ONLINE, "3.3", _("Dossiers submitted online")),
    Item(PAYMENT_INTEGRATED, ONLINE, "3.5", _("Fee-charging procedures payable online")),
    Item(PAYMENT_TRANSACTIONS, ONLINE, "3.5b", _("Fee-charging procedures with an online payment")),
    Item(PAID_ONLINE, ONLINE, "3.6", _("Dossiers paid online")),
    Item(E_RESULTS, DIGITISATION, "4.1", _("Dossiers with an electronic result")),
    Item(DIGITISED, DIGITISATION, "4.2", _("Dossiers digitised")),
    Item(CERTIFIED_COPIES, DIGITISATION, "4.x", _("Electronic certified copies offered"), False),
    Item(REUSED, DIGITISATION, "4.3", _("Dossiers reusing digitised data"), False),
    Item(SHARED_FOR_REUSE, DIGITISATION, "4.4", _("Digitised dossiers shared for reuse"), False),
    Item(
        POPULATION_DATA_DOSSIERS,
        DIGITISATION,
        "4.5b",
        _("Dossiers using the population database"),
        False,
    ),
    Item(
        POPULATION_DATA_PROCEDURES,
        DIGITISATION,
        "4.5a",
        _("Procedures connected to the population database"),
        False,
    ),
    Item(FEEDBACK_ON_TIME, SATISFACTION, "5.2", _("Feedback handled on time")),
    Item(
        FEEDBACK_SATISFACTION, SATISFACTION, "5.3", _("Satisfaction with the handling of feedback")
    ),
    Item(
        PROCEDURE_SATISFACTION,
        SATISFACTION,
        "5.4",
        _("Satisfaction with the handling of procedures"),
    ),
)

ITEMS_BY_KEY: dict[str, Item] = {item.key: item for item in ITEMS}
ALL_KEYS: tuple[str, ...] = (*(item.key for item in ITEMS), MIN_SAMPLE, WILSON_Z)
