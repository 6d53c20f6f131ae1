"""A small per-client rate limit on Django's cache, for the public lookups (codes must not be enumerable).

Fixed windows: at most `limit` hits per `window` seconds per client address and scope. With the default
local-memory cache the count is per process; with a shared cache (Redis, database) it is global.
"""

import time

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from neuguong.core.errors import DomainError

# 20 lookups per 10 minutes: ample for a citizen checking a few dossiers, and with 10,000 possible
# second factors per code an enumeration would take years.
LOOKUP_LIMIT = 20
LOOKUP_WINDOW = 600

RATE_LIMITED = _(
    "Too many lookups from your address. Please wait %(minutes)s minutes and try again. / "
    "Quá nhiều lượt tra cứu từ địa chỉ của bạn. Vui lòng chờ %(minutes)s phút rồi thử lại."
)


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


def client_address(request) -> str:
    """The client's address as the server sees it.

    X-Forwarded-For is not trusted here: behind a reverse proxy, the proxy must set REMOTE_ADDR (e.g.
    gunicorn --forwarded-allow-ips), or every citizen would share the proxy's budget.
    """
    return request.META.get("REMOTE_ADDR") or "unknown"


def rate_limit_hit(
    request, scope: str, *, limit: int = LOOKUP_LIMIT, window: int = LOOKUP_WINDOW
) -> None:
    """Count one hit for this client and scope; raise RateLimited when the window's budget is spent."""
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{client_address(request)}:{bucket}"
    # add() is atomic on every backend: only the first hit of the window creates the key.
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        raise RateLimited(RATE_LIMITED, minutes=max(window // 60, 1))
