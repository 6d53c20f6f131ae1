"""The `neuguong` command.

Every subcommand is a Django management command of the same name (`init`, `demo`, `serve`, `token`,
`calendar`, `audit`, `worker`, ...), so `neuguong demo` and `neuguong manage demo` are the same thing and
each app owns its own commands. `neuguong manage ...` passes anything through to Django.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neuguong.settings")
    if args[:1] == ["manage"]:
        args = args[1:]
    if not args:
        args = ["help"]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["neuguong", *args])


if __name__ == "__main__":
    main()
