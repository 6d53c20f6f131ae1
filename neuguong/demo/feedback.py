"""A year of citizens' feedback for the demo province, with complaints and denunciations.

- The bulk of the history is generated here in memory and written in batches: the items with their
  deadlines from the same functions the services use (feedback.services.deadlines on the rulebook
  and the calendar), their transition rows, and their audit chains through the bulk ChainWriter
  (each event snapshotted as `log_action` would), so `audit verify` treats them as served records.
- The last few weeks (LIVE items) go through `neuguong.feedback.services` with explicit `at=`, so
  their rows, audit events and outbox messages are the live system's own.

Land and site clearance are the most frequent matters, as the seed names them. Idempotent: a second
run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from neuguong.feedback.constants import Channel, ItemKind, ItemState, Rating
from neuguong.feedback.models import Category, FeedbackItem, ItemTransition

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BULK = 2000  # feedback items over the year before the live weeks
COMPLAINTS = 160
DENUNCIATIONS = 40
LIVE = 40  # items played through the real services
SEED = 9

# Category weights: land and site clearance prominent (the seed names them).
WEIGHTS = {
    "land": 26,
    "site_clearance": 20,
    "policies": 14,
    "procedures": 10,
    "infrastructure": 14,
    "environment": 10,
    "other": 6,
}
TITLES = {
    "land": ["Tranh chấp ranh giới đất", "Lấn chiếm đất công", "Chậm cấp giấy chứng nhận QSDĐ"],
    "site_clearance": [
        "Đơn giá bồi thường thấp",
        "Chưa nhận tiền hỗ trợ tái định cư",
        "Khu tái định cư thiếu hạ tầng",
    ],
    "policies": ["Chưa nhận trợ cấp người có công", "Hộ nghèo chưa được xét", "Chậm chi bảo trợ"],
    "procedures": ["Hồ sơ trễ hẹn", "Yêu cầu giấy tờ ngoài quy định", "Thái độ cán bộ một cửa"],
    "infrastructure": ["Đường liên bản sạt lở", "Đèn đường hỏng", "Cầu treo xuống cấp"],
    "environment": ["Khói bụi lò gạch", "Rác thải không thu gom", "Nước thải chăn nuôi"],
    "other": ["Tiếng ồn ban đêm", "Đề nghị lắp camera an ninh", "Góp ý hoạt động văn hóa"],
}
ANSWERS = [
    "UBND đã kiểm tra thực địa, yêu cầu khắc phục trong 15 ngày và sẽ giám sát.",
    "Đã chỉ đạo bộ phận chuyên môn giải quyết; kết quả đã thông báo cho người dân.",
    "Nội dung đã được tiếp thu, đưa vào kế hoạch năm sau.",
    "Đã phối hợp với đơn vị liên quan xử lý dứt điểm.",
]
GIVEN = ["An", "Bình", "Châu", "Dung", "Hoa", "Lan", "Minh", "Nam", "Thắng", "Xuân"]
FAMILY = ["Lò", "Quàng", "Cà", "Lường", "Nguyễn", "Trần", "Vàng", "Giàng", "Sùng", "Tòng"]
BULK_CHANNELS = [Channel.WEB] * 5 + [Channel.RECEPTION] * 3 + [Channel.API, Channel.OPEN311]


def _communes():
    from neuguong.org.constants import AgencyKind, UnitLevel
    from neuguong.org.models import Agency

    committees = {
        a.unit_id: a
        for a in Agency.objects.filter(
            kind=AgencyKind.PEOPLES_COMMITTEE, level=UnitLevel.COMMUNE
        ).select_related("unit")
    }
    return [(agency.unit, agency) for agency in committees.values() if agency.unit_id]


def _code(prefix: str, at: dt.datetime, rng: random.Random) -> str:
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return f"{prefix}-{at.astimezone(TZ):%y%m%d}-" + "".join(rng.choice(alphabet) for _ in range(5))


def _story(rng: random.Random, kind: str, submitted: dt.datetime, now: dt.datetime) -> list[tuple]:
    """(action, from, to, at) steps of one item, ending where an item of its age would be."""
    age = (now - submitted).days
    steps: list[tuple] = []
    at = submitted
    state = ItemState.SUBMITTED

    def go(action, target, days):
        nonlocal at, state
        at = at + dt.timedelta(days=days, hours=rng.randint(1, 6))
        if at >= now:
            return False
        steps.append((action, state, target, at))
        state = target
        return True

    if rng.random() < 0.07:
        go("reject", ItemState.REJECTED, rng.randint(0, 2))
        return steps
    if not go("accept", ItemState.ACCEPTED, rng.randint(0, 3)):
        return steps
    if kind == ItemKind.FEEDBACK and rng.random() < 0.1:
        go("request_info", ItemState.INFO_REQUESTED, 1)
        go("provide_info", ItemState.ACCEPTED, rng.randint(1, 5))
    if not go("start", ItemState.IN_PROGRESS, 1):
        return steps
    if rng.random() < 0.03:
        return steps  # stuck in progress past its deadline: the "late" queues have work
    span = 15 if kind == ItemKind.FEEDBACK else 30
    late = rng.random() < 0.18  # some agencies answer late
    if not go("answer", ItemState.ANSWERED, rng.randint(span // 3, span + (12 if late else 0))):
        return steps
    if kind == ItemKind.DENUNCIATION:
        go("close", ItemState.CLOSED, rng.randint(2, 6))
        return steps
    if not go("publish", ItemState.PUBLISHED, rng.randint(0, 3)):
        return steps
    if kind == ItemKind.FEEDBACK and age > 40 and rng.random() < 0.6:
        go("close", ItemState.CLOSED, rng.randint(5, 20))
    return steps


def _bulk(now: dt.datetime, rng: random.Random, communes) -> int:
    from neuguong.core.audit.bulk import ChainWriter
    from neuguong.core.audit.hashing import jsonable
    from neuguong.feedback.services import deadlines

    categories = {c.code: c for c in Category.objects.all()}
    codes = list(WEIGHTS)
    weights = list(WEIGHTS.values())
    start = now - dt.timedelta(days=365)
    live_from = now - dt.timedelta(days=28)
    plan = [ItemKind.FEEDBACK] * BULK + [ItemKind.COMPLAINT] * COMPLAINTS
    plan += [ItemKind.DENUNCIATION] * DENUNCIATIONS
    items, stories = [], []
    for kind in plan:
        submitted = start + dt.timedelta(
            seconds=rng.randint(0, int((live_from - start).total_seconds()))
        )
        submitted = submitted.replace(hour=rng.randint(7, 16))
        cat = rng.choices(codes, weights)[0]
        commune, agency = rng.choice(communes)
        phone = f"09{rng.randint(10_000_000, 99_999_999)}"
        prefix = {ItemKind.FEEDBACK: "PA", ItemKind.COMPLAINT: "KN", ItemKind.DENUNCIATION: "TC"}[
            kind
        ]
        name = f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}"
        body = (
            f"{rng.choice(TITLES[cat])} tại {commune.name}. Đề nghị cơ quan có thẩm quyền xem xét."
        )
        if kind != ItemKind.FEEDBACK:
            # As at a reception desk: the statement names who brings it (never public, never indexed).
            body = f"Ông (bà) {name} trình bày: {body}"
        item = FeedbackItem(
            code=_code(prefix, submitted, rng),
            token=secrets.token_hex(16),
            kind=kind,
            province_code=agency.province_code,
            channel=Channel.RECEPTION if kind != ItemKind.FEEDBACK else rng.choice(BULK_CHANNELS),
            category=categories[cat],
            title=rng.choice(TITLES[cat]),
            body=body,
            commune=commune,
            address=f"Bản {rng.randint(1, 20)}, {commune.name}",
            agency=agency,
            submitter_name=name,
            submitter_phone=phone,
            is_complex=kind != ItemKind.FEEDBACK and rng.random() < 0.2,
            submitted_at=submitted,
            created_at=submitted,
        )
        item.due_at = deadlines.intake_due(item, submitted)
        story = _story(rng, kind, submitted, now)
        for action, _from, target, at in story:
            item.state = target
            if action == "accept":
                item.accepted_at = at
                item.due_at = deadlines.handling_due(item, at)
            elif action == "provide_info":
                item.due_at = deadlines.handling_due(item, at)
            elif action == "request_info":
                item.due_at = None
            elif action == "answer":
                item.answered_at, item.answer = at, rng.choice(ANSWERS)
                # As item_answer keeps them (indicators 5.2/5.3): the deadline in force, late or not.
                item.answer_due_at = item.due_at
                item.answered_late = bool(item.answered_late or (item.due_at and at > item.due_at))
                item.due_at = (
                    None if kind == ItemKind.DENUNCIATION else deadlines.publish_due(item, at)
                )
            elif action == "publish":
                item.published_at, item.due_at = at, None
            elif action in ("close", "reject"):
                item.closed_at, item.due_at = at, None
                if action == "reject":
                    item.reject_reason = "Không thuộc thẩm quyền; đã hướng dẫn người dân."
        if item.state in (ItemState.PUBLISHED, ItemState.CLOSED) and rng.random() < 0.55:
            item.rating = rng.choices([r.value for r in Rating], [6, 3, 1])[0]
            item.rated_at = item.published_at
        item.search_text = item.build_search_text()
        items.append(item)
        stories.append(story)
    with transaction.atomic():
        FeedbackItem.objects.bulk_create(items, batch_size=1000)
        saved = {i.code: i for i in FeedbackItem.objects.filter(code__in=[i.code for i in items])}
        rows = []
        for item, story in zip(items, stories, strict=True):
            item.pk = saved[item.code].pk
            rows.append(
                ItemTransition(
                    item_id=item.pk,
                    province_code=item.province_code,
                    action="submit",
                    from_state=ItemState.SUBMITTED,
                    to_state=ItemState.SUBMITTED,
                    at=item.submitted_at,
                    data={"channel": item.channel, "kind": item.kind},
                )
            )
            rows += [
                ItemTransition(
                    item_id=item.pk,
                    province_code=item.province_code,
                    action=action,
                    from_state=src,
                    to_state=dst,
                    at=at,
                )
                for action, src, dst, at in story
            ]
        ItemTransition.objects.bulk_create(rows, batch_size=2000)
    # The chains: each event's snapshot is the record as it stood after that event.
    from neuguong.feedback.services.workflow import VERBS

    with ChainWriter(assume_new=True) as writer:
        for item, story in zip(items, stories, strict=True):
            final = item.state
            events = [("submit", ItemState.SUBMITTED, ItemState.SUBMITTED, item.submitted_at)]
            events += story
            for action, src, dst, at in events:
                # Each event: the state it had then (the other fields as finally: the last event's
                # snapshot is the record as stored, which is what `audit verify` compares).
                item.state = dst
                writer.append(
                    item,
                    None,
                    f"feedback.item.{VERBS[action]}",
                    actor=None if action == "submit" else "system:demo-history",
                    data=jsonable({"from": src, "to": dst, "at": at}),
                    created_at=at,
                )
            item.state = final
            writer.finish(item)
    return len(items)


def _live(now: dt.datetime, rng: random.Random, head, admin) -> int:
    """The last weeks through the real services (their own rows, audit events, outbox messages)."""
    from neuguong.feedback import services as s
    from neuguong.org.models import Membership

    membership = (
        Membership.objects.filter(user=head, agency__isnull=False).select_related("agency").first()
    )
    agency = membership.agency if membership is not None else None
    commune = agency.unit if agency is not None else None
    made = 0
    for n in range(LIVE):
        at = now - dt.timedelta(days=28) + dt.timedelta(hours=11 * n)
        cat = rng.choices(list(WEIGHTS), list(WEIGHTS.values()))[0]
        item = s.submit_item(
            category_code=cat,
            title=rng.choice(TITLES[cat]),
            body=f"{rng.choice(TITLES[cat])}. Người dân phản ánh qua cổng trực tuyến.",
            commune_code=commune.code if commune is not None and n % 2 == 0 else None,
            channel=Channel.WEB,
            actor=None,
            submitter_name=f"{rng.choice(FAMILY)} Thị {rng.choice(GIVEN)}",
            submitter_phone=f"098{rng.randint(1_000_000, 9_999_999)}",
            at=at,
        )
        made += 1
        actor = head if item.agency_id == getattr(agency, "pk", None) else admin
        step = n % 5
        if step == 0:
            continue  # still submitted: the "new" queue
        s.item_accept(item, actor=actor, at=at + dt.timedelta(hours=3))
        if step == 1:
            continue
        s.item_start(item, actor=actor, at=at + dt.timedelta(hours=5))
        if step == 2:
            continue
        s.item_answer(item, actor=actor, answer=rng.choice(ANSWERS), at=at + dt.timedelta(days=4))
        if step == 3:
            continue
        s.item_publish(item, actor=actor, at=at + dt.timedelta(days=5))
    return made


def load_feedback(*, stdout=None) -> int:
    """Load the year of feedback once; returns the number of items added (0 when already loaded)."""
    # Items raised at the demo's reception sessions and dialogues carry their source; these do not.
    if FeedbackItem.objects.filter(source_ref="").exists():
        return 0
    communes = _communes()
    if not communes:
        return 0
    began = time.monotonic()
    rng = random.Random(SEED)
    User = get_user_model()
    head = User.objects.filter(username="head").first()
    admin = User.objects.filter(username="admin").first()
    now = timezone.now().astimezone(TZ).replace(minute=0, second=0, microsecond=0)
    added = _bulk(now, rng, communes)
    bulk_done = time.monotonic()
    if head is not None and admin is not None:
        added += _live(now, rng, head, admin)
    if stdout is not None:
        stdout.write(
            f"Feedback: {added} items in {time.monotonic() - began:.1f} s "
            f"({bulk_done - began:.1f} s in bulk, {LIVE} through the services in "
            f"{time.monotonic() - bulk_done:.1f} s)."
        )
    return added
