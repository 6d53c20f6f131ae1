"""The main menu of every page, grouped by what the user's roles do (docs/ui.md, "Layout and menus").

`MENU` is the one list: each top item is a group of entries (a dropdown) or a single entry (a plain link).
An entry names a URL, its label and the roles that see it; `menu_for(user, path)` keeps what the user may
use, drops entries whose URL does not exist (apps still to come), turns a group left with one entry into a
plain link under the group's label, and marks the entry of the current page. A new app adds its entries
here by a small edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from neuguong.core.roles import STAFF_ROLES, Role

# Pseudo-roles for who is not staff: a visitor who has not logged in, and a signed-in citizen (an account
# without a staff membership counts as a citizen, as on the home page).
ANONYMOUS = "anonymous"
PUBLIC = frozenset({ANONYMOUS, Role.CITIZEN})
# Who handles dossiers (party-office staff and supervisors see aggregated indicators only).
DOSSIER_STAFF = frozenset({Role.RECEPTION, Role.SPECIALIST, Role.HEAD, Role.INSPECTOR, Role.ADMIN})
CHECKERS = frozenset({Role.INSPECTOR, Role.ADMIN})


if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: StrOrPromise
    roles: frozenset[str]
    query: str = ""  # appended to the URL, e.g. "?queue=late"
    short: StrOrPromise = (
        ""  # its label in the bar when it is the only entry of its group the user sees
    )


@dataclass(frozen=True)
class Group:
    key: str
    label: StrOrPromise
    entries: tuple[Entry, ...]
    # A group of several entries stays a dropdown under its own label even while only one of its entries
    # exists (the others come with later apps), so that the menu does not change shape as they land.
    keep: bool = False


@dataclass
class MenuItem:
    """What the template renders: a link (url set) or a dropdown (entries set)."""

    key: str
    label: str
    url: str = ""
    active: bool = False
    entries: list[MenuItem] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return bool(self.entries)


MENU: tuple[Group, ...] = (
    # The citizen's menu (and the visitor's): the national portal's main actions.
    Group("procedures", _("Procedures"), (Entry("onestop-procedures", _("Procedures"), PUBLIC),)),
    Group(
        "submit", _("Submit a dossier"), (Entry("onestop-submit", _("Submit a dossier"), PUBLIC),)
    ),
    Group("track", _("Track a dossier"), (Entry("onestop-track", _("Track a dossier"), PUBLIC),)),
    # Citizens' voice (issue 9): send feedback, follow it with its code, read the published answers, and
    # the public calendar of reception days and dialogues. One dropdown, so that the bar stays one line.
    Group(
        "voice",
        _("Feedback"),
        (
            Entry("feedback-submit", _("Send feedback"), PUBLIC),
            Entry("feedback-follow", _("Follow my feedback"), PUBLIC),
            Entry("feedback-public", _("Published answers"), PUBLIC),
            Entry("reception-public", _("Reception days and dialogues"), PUBLIC),
        ),
    ),
    Group(
        "mine",
        _("My pages"),
        (
            Entry("onestop-my-dossiers", _("My dossiers"), frozenset({Role.CITIZEN})),
            Entry("feedback-my-list", _("My feedback"), frozenset({Role.CITIZEN})),
        ),
    ),
    # Staff: the one-stop shop, citizens' feedback and reception, the registry, oversight, administration.
    # At 1280 px the admin's menu (every group) must stay on one line in English: keep group labels short.
    Group(
        "onestop",
        _("One-stop shop"),
        (
            Entry("onestop-queues", _("Dossier queues"), DOSSIER_STAFF),
            Entry("onestop-search", _("Find a dossier"), DOSSIER_STAFF),
            Entry(
                "onestop-intake", _("Receive a dossier"), frozenset({Role.RECEPTION, Role.ADMIN})
            ),
            Entry("onestop-register", _("Dossier register"), DOSSIER_STAFF),
        ),
    ),
    # What citizens bring to the authorities: their feedback, the reception days and the dialogues.
    Group(
        "citizens",
        _("Feedback & reception"),
        (
            Entry("feedback-queues", _("Feedback work queues"), DOSSIER_STAFF),
            Entry("feedback-bulk", _("Answer in bulk"), DOSSIER_STAFF),
            Entry("feedback-public", _("Answers to citizens' feedback"), STAFF_ROLES),
            Entry("reception-sessions", _("Reception days"), STAFF_ROLES),
            Entry("reception-compliance", _("Reception days: monthly compliance"), STAFF_ROLES),
            Entry("reception-report", _("Citizen reception report"), STAFF_ROLES),
            Entry("reception-dialogues", _("Dialogue conferences"), STAFF_ROLES),
            Entry("reception-dialogue-compliance", _("Dialogue compliance"), STAFF_ROLES),
        ),
    ),
    Group(
        "org",
        _("Organisation"),
        (
            Entry("org-unit-tree", _("Administrative units"), STAFF_ROLES),
            Entry("org-agency-list", _("Agencies"), STAFF_ROLES),
            Entry("org-person-list", _("People"), STAFF_ROLES),
            Entry("org-delegation-list", _("Delegations"), STAFF_ROLES),
            Entry("org-may-sign", _("Check who may sign"), STAFF_ROLES),
            Entry("org-quota-report", _("Staffing"), STAFF_ROLES),
        ),
    ),
    # Oversight: the indicators for every staff member; the audit trail for inspectors and admins.
    Group(
        "oversight",
        _("Oversight"),
        (
            Entry(
                "dashboards-province",
                _("Service quality (Decision 766)"),
                STAFF_ROLES,
                short=_("Indicators"),
            ),
            Entry("audit-event-list", _("Audit log"), CHECKERS),
            Entry("audit-digests", _("Published audit digests"), CHECKERS),
        ),
    ),
    Group(
        "admin",
        _("Administration"),
        (
            Entry("org-delegation-create", _("New delegation"), frozenset({Role.ADMIN})),
            Entry("api-tokens", _("API tokens"), frozenset({Role.ADMIN})),
            Entry(
                "onestop-catalogue-import",
                _("Import the procedure catalogue"),
                frozenset({Role.ADMIN}),
            ),
            Entry("admin:index", _("Administration"), frozenset({Role.ADMIN})),
        ),
    ),
)


def menu_roles(user) -> frozenset[str]:
    """The user's roles as the menu reads them: "anonymous" for a visitor, "citizen" for an account
    without a staff role."""
    if not user.is_authenticated:
        return frozenset({ANONYMOUS})
    from neuguong.org.access import user_roles

    roles = user_roles(user)
    if not roles & STAFF_ROLES:
        roles = roles | {Role.CITIZEN}
    return frozenset(str(r) for r in roles)


def _url(entry: Entry) -> str | None:
    try:
        return reverse(entry.url_name) + entry.query
    except NoReverseMatch:
        return None


def menu_for(user, path: str = "") -> list[MenuItem]:
    """The menu items `user` sees, the entry of `path` marked active."""
    roles = menu_roles(user)
    items: list[MenuItem] = []
    seen: set[str] = set()  # an entry listed in two groups the user sees appears in the first only
    for group in MENU:
        entries = []
        shorts = []
        for entry in group.entries:
            if not roles & entry.roles:
                continue
            url = _url(entry)
            if url is None or url in seen:
                continue
            seen.add(url)
            entries.append(MenuItem(key=entry.url_name, label=str(entry.label), url=url))
            shorts.append(entry.short)
        if len(entries) == 1 and not group.keep:
            # A plain link in the bar, under a short label (the entry's own label may be long).
            entries[0].label = str(shorts[0] or group.label)
            items.append(entries[0])
        elif entries:
            items.append(MenuItem(key=group.key, label=str(group.label), entries=entries))
    _mark_active(items, path)
    return items


def _mark_active(items: list[MenuItem], path: str) -> None:
    """The entry whose URL is the longest prefix of `path` is the current one (and its group)."""
    best: tuple[int, MenuItem, MenuItem] | None = None
    for item in items:
        for entry in item.entries or [item]:
            url = entry.url.split("?", 1)[0]
            if path.startswith(url) and (best is None or len(url) > best[0]):
                best = (len(url), item, entry)
    if best is not None:
        best[1].active = best[2].active = True
