from django.test import Client, override_settings

from neuguong.core.bench import Result, benchmark, best_ms


@benchmark("web: public home page")
def home_page() -> Result:
    client = Client()
    n = 200
    with override_settings(ROOT_URLCONF="neuguong.core.bench_urls"):
        page = best_ms(lambda: [client.get("/") for _ in range(n)], n)
        bare = best_ms(lambda: [client.get("/_bench/bare/") for _ in range(n)], n)
    return Result("web: public home page", page, "bare Django view, same middleware", bare, n)
