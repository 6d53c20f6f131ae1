from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings

from neuguong.core.bench import Result, benchmark, best_ms


def _client_for(username: str) -> Client | None:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client


@benchmark("web: one-stop queue page (reception)")
def queue_page() -> Result:
    client = _client_for("reception") or Client()
    n = 50
    with override_settings(ROOT_URLCONF="neuguong.core.bench_urls"):
        page = best_ms(lambda: [client.get("/onestop/") for _ in range(n)], n)
        bare = best_ms(lambda: [client.get("/_bench/bare/") for _ in range(n)], n)
    return Result(
        "web: one-stop queue page (reception)", page, "bare Django view, same middleware", bare, n
    )


@benchmark("api: dossier list, 50 rows (inspector)")
def dossier_list() -> Result:
    client = _client_for("inspector") or Client()
    n = 30
    api = best_ms(lambda: [client.get("/api/v1/dossiers?limit=50") for _ in range(n)], n)

    def raw():
        with connection.cursor() as cursor:
            for _ in range(n):
                cursor.execute("SELECT * FROM onestop_dossier ORDER BY id DESC LIMIT 50")
                cursor.fetchall()

    limit = best_ms(raw, n)
    return Result(
        "api: dossier list, 50 rows (inspector)", api, "one raw SELECT of 50 rows", limit, n
    )
