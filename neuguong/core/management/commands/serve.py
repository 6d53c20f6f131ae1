import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

THREADS = 4


def gunicorn_argv(*, host: str, port: int, workers: int, threads: int = THREADS) -> list[str]:
    """gunicorn's command line. No `--reload`, in debug mode either: gunicorn's file watcher polls every
    module's mtime and kept the master at 12-70% of a core doing nothing. Restart to see a code change.

    Threaded workers (gthread, `--threads`): the sign-in with an OpenID Connect provider served by this
    same server (the demo's stand-in VNeID) makes a request back to it (token, userinfo, keys) while
    the browser's request holds a worker; with one thread per worker that request could wait for a
    free worker until the timeout."""
    return [
        "gunicorn",
        "neuguong.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
    ]


class Command(BaseCommand):
    help = "Serve neuguong with gunicorn (static files by whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, host, port, workers, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)")
        sys.stdout.flush()
        argv = gunicorn_argv(host=host, port=port, workers=workers)
        # Replace this process: signals (Ctrl+C) go straight to gunicorn.
        os.execvp(sys.executable, [sys.executable, "-m", *argv])  # noqa: S606 (fixed argv, no shell)
