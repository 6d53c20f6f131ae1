"""A cache that lives exactly as long as one request (or one batch job), never on model instances.

`RequestCacheMiddleware` opens one per request; the workflow core opens one around each action (so
its checks read the actor's scope once); a command that acts many times for the same users may open
one around its batch with `with request_cache():`. Outside such a block nothing is cached, so tests and
services always read what the database says. A write that changes what a cached value was computed
from (a membership, say) calls `forget()`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_CACHE: ContextVar[dict[Hashable, Any] | None] = ContextVar("neuguong_request_cache", default=None)


@contextmanager
def request_cache() -> Iterator[None]:
    """Open a cache for the block, or join the one already open (a request's, a batch's): a
    service opens one around a single action, so its checks read the actor's scope once."""
    if _CACHE.get() is not None:
        yield
        return
    token = _CACHE.set({})
    try:
        yield
    finally:
        _CACHE.reset(token)


def memo(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per request for `key`; every call computes outside a request."""
    cache = _CACHE.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def forget() -> None:
    """Drop everything cached in the current request (after a write the cache depended on)."""
    cache = _CACHE.get()
    if cache is not None:
        cache.clear()


class RequestCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_cache():
            return self.get_response(request)
