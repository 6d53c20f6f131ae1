"""The same stories, driven through the real services (the demo's live dossiers, and the test that
holds the bulk path and the services together).

A story is first played in memory (seed/dossier.py keeps every call in `script`); each call is
then made on the real service of that name, with the same actor, moment and parameters. Only the
audit events' times differ: `log_action` stamps the moment of writing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from neuguong.onestop.seed.plan import Ids, allocate, day_weight, working_days
from neuguong.onestop.seed.story import DayStory

# The live dossiers' random stream is not the bulk one's: they are other people's dossiers.
LIVE_SEED_OFFSET = 7919
# The scanned document a live online submission attaches for each required item (a one-page PDF).
SAMPLE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>"
    b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def sample_documents(procedure) -> list[dict]:
    """One PDF per required checklist item: an online submission needs them (services.checklist)."""
    from django.core.files.base import ContentFile

    return [
        {
            "name": item["name"],
            "file": ContentFile(SAMPLE_PDF, name=f"giay-to-{item['index'] + 1}.pdf"),
            "checklist_items": [item["index"]],
        }
        for item in procedure.checklist
        if item["required"]
    ]


class Replayer:
    """Turns DossierSims' scripts into service calls, with the objects the services take."""

    def __init__(self):
        from neuguong.onestop.models import Procedure
        from neuguong.org.models import AdministrativeUnit, Agency

        self.users: dict[int, object] = {}
        self.procedures = {p.pk: p for p in Procedure.objects.all()}
        self.agencies = {a.pk: a for a in Agency.objects.all()}
        self.units: dict[int, object] = {}
        self._units = AdministrativeUnit.objects

    def user(self, pk):
        if pk is None:
            return None
        if pk not in self.users:
            self.users[pk] = get_user_model().objects.select_related("person").get(pk=pk)
        return self.users[pk]

    def unit(self, pk):
        if pk not in self.units:
            self.units[pk] = self._units.get(pk=pk)
        return self.units[pk]

    def play(self, sim):
        """Make the script's calls; returns the Dossier the services made."""
        from neuguong.onestop import services
        from neuguong.onestop.services.intake import ApplicantData
        from neuguong.onestop.services.public import dossier_rate

        dossier = None
        for name, actor_pk, kwargs in sim.script:
            actor = self.user(actor_pk)
            if name in ("dossier_receive", "dossier_submit_online"):
                applicant = ApplicantData(
                    name=sim.applicant_name,
                    id_number=sim.applicant_id_number,
                    phone=sim.applicant_phone,
                    address=sim.applicant_address,
                    unit=self.unit(sim.applicant_unit_id),
                )
                common = {
                    "procedure": self.procedures[sim.procedure_id],
                    "applicant": applicant,
                    "receiving_agency": self.agencies[sim.receiving_agency_id],
                    "at": kwargs["at"],
                    "paid": kwargs.get("paid"),
                }
                if name == "dossier_receive":
                    dossier = services.dossier_receive(actor=actor, channel=sim.channel, **common)
                else:
                    dossier = services.dossier_submit_online(
                        handling_agency=None,
                        documents=sample_documents(common["procedure"]),
                        **common,
                    )
            elif name == "dossier_rate":
                assert dossier is not None  # a script starts with the intake
                dossier_rate(dossier, **kwargs)
            else:
                getattr(services, name)(dossier, actor=actor, **kwargs)
        return dossier


def drive(world, *, count: int, seed: int, now: dt.datetime | None = None, days: int = 30):
    """`count` dossiers received over the `days` before today, each played through the services,
    all in one transaction (a second run of the demo finds them and adds nothing). Returns them."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    window = working_days(today - dt.timedelta(days=days), today - dt.timedelta(days=1))
    counts = allocate(count, [day_weight(seed + LIVE_SEED_OFFSET, d) for d in window])
    commune_weights = [1.0] * len(world.communes)
    ids = Ids({"dossier": 1, "step": 1})  # the story's own numbering; the services number the rows
    replayer = Replayer()
    made = []
    with transaction.atomic():
        for day, n in zip(window, counts, strict=True):
            story = DayStory(
                world,
                seed=seed + LIVE_SEED_OFFSET,
                day=day,
                now=now,
                commune_weights=commune_weights,
            )
            for sim in story.dossiers(n, ids, {}):
                made.append(replayer.play(sim))
    return made
