import datetime as dt
import random
from zoneinfo import ZoneInfo

from neuguong.core.bench import Result, benchmark, best_ms
from neuguong.core.calendar.clock import add_working_hours

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@benchmark("calendar: add_working_hours")
def add_hours() -> Result:
    rng = random.Random(1)
    starts = [
        dt.datetime(2026, 1, 1, 7, 30, tzinfo=VN) + dt.timedelta(minutes=rng.randint(0, 525_600))
        for _ in range(20_000)
    ]
    hours = [rng.choice((4, 8, 16, 24, 40, 120)) for _ in starts]
    add_working_hours(starts[0], 8)  # warm the per-year tables
    n = len(starts)
    clock = best_ms(
        lambda: [add_working_hours(s, h) for s, h in zip(starts, hours, strict=True)], n
    )
    plain = best_ms(
        lambda: [s + dt.timedelta(hours=h) for s, h in zip(starts, hours, strict=True)], n
    )
    return Result("calendar: add_working_hours", clock, "datetime + timedelta", plain, n)
