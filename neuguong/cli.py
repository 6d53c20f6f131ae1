"""The `neuguong` command.

Every subcommand is a Django management command of the same name (`init`, `demo`, `serve`, `token`,
`calendar`, `audit`, `worker`, ...), so `neuguong demo` and `neuguong manage demo` are the same thing and
each app owns its own commands. `neuguong manage ...` passes anything through to Django.

A command that fails on a database whose migrations were never applied (or not all of them) says to run
`neuguong init` instead of showing the database's traceback.
"""

import os
import sys

from django.utils.translation import gettext_lazy as _

NOT_MIGRATED = _("The database is not set up: run `neuguong init` first.")
NOT_MIGRATED_EN = "The database is not set up: run `neuguong init` first."


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neuguong.settings")
    if args[:1] == ["manage"]:
        args = args[1:]
    if not args:
        args = ["help"]
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(["neuguong", *args])
    except DatabaseError:
        if not database_needs_migrating():
            raise
        sys.stderr.write(not_migrated_message() + "\n")
        sys.exit(1)


def database_needs_migrating() -> bool:
    """Whether the default database lacks migrations (all of them, when it was never migrated). False
    when that cannot be told, for instance when the database cannot be reached at all."""
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.close()  # a fresh session: the failed command may have left its own broken
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError:
        return False


def not_migrated_message() -> str:
    """In the site's language, and in English for whoever reads the log."""
    translated = str(NOT_MIGRATED)
    return translated if translated == NOT_MIGRATED_EN else f"{translated}\n{NOT_MIGRATED_EN}"


if __name__ == "__main__":
    main()
