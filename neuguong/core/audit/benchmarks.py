from django.db import connection

from neuguong.core.audit import log_action
from neuguong.core.bench import Result, benchmark, best_ms
from neuguong.core.models import ApiToken


@benchmark("audit: log_action")
def log_events() -> Result:
    """Events appended to one record's chain, against one raw INSERT of a row of the same size."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create(username="bench-audit-user")
    token, _ = ApiToken.issue(user, name="bench")
    n = 500
    data = {"old": {"state": "processing"}, "new": {"state": "done"}}
    events = best_ms(
        lambda: [log_action(token, "core.apitoken.benched", data=data) for _ in range(n)], n
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_raw (id integer, action text, data text, hash text)"
        )

        def raw():
            for i in range(n):
                cursor.execute(
                    "INSERT INTO bench_raw VALUES (%s, %s, %s, %s)",
                    [i, "core.apitoken.benched", str(data), "0" * 64],
                )

        limit = best_ms(raw, n)
        cursor.execute("DROP TABLE bench_raw")
    return Result("audit: log_action", events, "one raw INSERT, same database", limit, n)
