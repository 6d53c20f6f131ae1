import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neuguong.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the URL and template machinery) lives as long as the
# worker: move it out of the cyclic collector's reach, so a full collection walks only what requests
# allocate. Without it a full collection every few requests added ~100 ms to the slowest page loads
# (the public card's p95 at 1M dossiers: 163 ms against a median of 70 ms; docs/indicators.md).
gc.collect()
gc.freeze()
