"""`neuguong token create USERNAME [--name N]`, `token revoke PREFIX`, `token list [USERNAME]`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from neuguong.core.models import ApiToken


class Command(BaseCommand):
    help = "Create, list or revoke personal API tokens (Authorization: Bearer <token>)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Print a new token for a user (shown once).")
        create.add_argument("username")
        create.add_argument("--name", default="cli", help="A label to recognise the token by.")
        revoke = sub.add_parser("revoke", help="Revoke the active token(s) with this prefix.")
        revoke.add_argument("prefix")
        listing = sub.add_parser("list", help="List tokens (prefix, user, name, state).")
        listing.add_argument("username", nargs="?")

    def handle(self, *args, action, **options):
        # On a database that was never migrated, the `neuguong` command itself says to run init.
        getattr(self, f"_{action}")(**options)

    def _create(self, username, name, **_options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Unknown user: {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive.")
        _, raw = ApiToken.issue(user, name=name)
        # Only the raw token goes to stdout, so `TOKEN=$(neuguong token create admin)` works.
        self.stdout.write(raw)
        self.stderr.write(f"Token for {username} created; it will not be shown again.")

    def _revoke(self, prefix, **_):
        if len(prefix) < 6:
            raise CommandError("Give at least the first 6 characters of the token.")
        count = (
            ApiToken.objects.active()
            .filter(prefix__startswith=prefix[:10])
            .update(revoked_at=timezone.now())
        )
        if not count:
            raise CommandError(f"No active token starts with {prefix!r}.")
        self.stdout.write(f"Revoked {count} token(s).")

    def _list(self, username=None, **_):
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "created_at")
        if username:
            tokens = tokens.filter(user__username=username)
        for t in tokens:
            state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
            self.stdout.write(f"{t.prefix}  {t.user.username}  {t.name}  {state}")
