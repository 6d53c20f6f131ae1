"""The bulk generator of dossier history (`neuguong seed`, and the demo's dossiers).

- `world`: what it reads from the database once (catalogue, agencies, staff, communes);
- `plan`: the days, the dossiers per day, the ids, continuing an interrupted run;
- `story`: the random life of each dossier of a day;
- `dossier`: that life in memory, mirroring the services row for row;
- `facts`: each dossier's facts for the indicators, and a batch's sums added to the fact tables;
- `rows`: the rows as tuples in each model's column order;
- `writer`: one transaction per batch (rows, facts and audit chains), the database tuned for the
  load, ANALYZE at the end;
- `run`: the command's loop, the progress bar, the digests;
- `replay`: the same lives driven through the real services.

docs/seed.md describes the design and its figures.
"""

from neuguong.onestop.seed.plan import AlreadyDone
from neuguong.onestop.seed.run import Report, prepare, seed

__all__ = ["AlreadyDone", "Report", "prepare", "seed"]
