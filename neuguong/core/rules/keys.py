"""Every rulebook key the code reads, in one place (dotted, lowercase).

`grep` a key here to find who reads it; the seed migration (0002) gives each one its legal source.

Values (JSON):
- feedback.deadline.*_days: integer, working days.
- reviews.bands: list of {"rating", "min"} from the highest band down; a score belongs to the first band whose
  "min" it reaches (so ≥90 excellent, 70–<90 good, 50–<70 completed, <50 not completed).
- reviews.excellent_cap: {"max_share_of_good": 0.2} (excellent ≤ 20% of those rated good).
- reception.minimum.*: {"days": N, "per": "week" | "month"}.
- dialogue.notice_days / dialogue.publish_days: integer, calendar days.
- indicators.766.weights: {"publicity": 18, "progress": 20, "digitisation": 22, "online": 22, "satisfaction": 18}.
- indicators.766.thresholds: {"online_share": 0.5, "digitised_share": 0.8, "satisfaction": 0.9} (full points at).
- calendar.office_hours: {"sessions": [["07:30", "11:30"], ["13:30", "17:30"]]}.
"""

FEEDBACK_REJECT_DAYS = "feedback.deadline.reject_days"
FEEDBACK_REQUEST_INFO_DAYS = "feedback.deadline.request_info_days"
FEEDBACK_HANDLE_DAYS = "feedback.deadline.handle_days"
FEEDBACK_PUBLISH_DAYS = "feedback.deadline.publish_days"

REVIEWS_BANDS = "reviews.bands"
REVIEWS_EXCELLENT_CAP = "reviews.excellent_cap"

RECEPTION_GOV_CHAIR_PROVINCE = "reception.minimum.gov_chair.province"
RECEPTION_GOV_CHAIR_DISTRICT = "reception.minimum.gov_chair.district"
RECEPTION_GOV_CHAIR_COMMUNE = "reception.minimum.gov_chair.commune"
RECEPTION_PARTY_HEAD_PROVINCE = "reception.minimum.party_head.province"
RECEPTION_PARTY_HEAD_DISTRICT = "reception.minimum.party_head.district"
RECEPTION_PARTY_HEAD_COMMUNE = "reception.minimum.party_head.commune"

DIALOGUE_NOTICE_DAYS = "dialogue.notice_days"
DIALOGUE_PUBLISH_DAYS = "dialogue.publish_days"

INDICATORS_766_WEIGHTS = "indicators.766.weights"
INDICATORS_766_THRESHOLDS = "indicators.766.thresholds"

CALENDAR_OFFICE_HOURS = "calendar.office_hours"

ALL_KEYS = (
    FEEDBACK_REJECT_DAYS,
    FEEDBACK_REQUEST_INFO_DAYS,
    FEEDBACK_HANDLE_DAYS,
    FEEDBACK_PUBLISH_DAYS,
    REVIEWS_BANDS,
    REVIEWS_EXCELLENT_CAP,
    RECEPTION_GOV_CHAIR_PROVINCE,
    RECEPTION_GOV_CHAIR_DISTRICT,
    RECEPTION_GOV_CHAIR_COMMUNE,
    RECEPTION_PARTY_HEAD_PROVINCE,
    RECEPTION_PARTY_HEAD_DISTRICT,
    RECEPTION_PARTY_HEAD_COMMUNE,
    DIALOGUE_NOTICE_DAYS,
    DIALOGUE_PUBLISH_DAYS,
    INDICATORS_766_WEIGHTS,
    INDICATORS_766_THRESHOLDS,
    CALENDAR_OFFICE_HOURS,
)
