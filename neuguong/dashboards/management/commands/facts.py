"""`neuguong facts --verify` and `neuguong facts --rebuild`: the indicators' daily facts against the records
(docs/indicators.md, "Daily facts").

`--verify` recomputes every dossier's contribution from the records and compares it, and the two fact
tables, with what is stored; it changes nothing and exits 1 when anything differs. `--rebuild` rewrites the
facts from the records (a repair, for a quiet database). The output is in Vietnamese and English.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from neuguong.dashboards.facts_records import rebuild, verify

SHOWN = 20  # differences printed; the count is always complete


class Command(BaseCommand):
    help = (
        "Kiểm tra (--verify) hoặc dựng lại (--rebuild) dữ liệu tổng hợp theo ngày của các chỉ số / "
        "Verify (--verify) or rebuild (--rebuild) the indicators' daily facts from the records."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument(
            "--verify",
            action="store_true",
            help="so với bản tính lại, không thay đổi gì; mã thoát 1 nếu có khác biệt / "
            "compare with a recomputation, change nothing; exit 1 on a difference",
        )
        action.add_argument(
            "--rebuild",
            action="store_true",
            help="tính lại từ hồ sơ và ghi lại cả hai bảng / recompute from the records and "
            "rewrite both tables",
        )

    def handle(self, *args, verify: bool = False, rebuild: bool = False, **options):
        started = time.monotonic()
        if rebuild:
            return self._rebuild(started)
        return self._verify(started)

    def _rebuild(self, started: float) -> None:
        done = rebuild()
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Đã dựng lại từ {done.dossiers} hồ sơ ({done.dossiers_changed} hồ sơ được sửa): "
            f"{done.day_rows} dòng theo ngày, {done.procedure_rows} dòng theo thủ tục, {seconds:.1f} giây / "
            f"Rebuilt from {done.dossiers} dossiers ({done.dossiers_changed} corrected): "
            f"{done.day_rows} day rows, {done.procedure_rows} procedure rows, {seconds:.1f} s"
        )

    def _verify(self, started: float) -> None:
        differences = verify()
        seconds = time.monotonic() - started
        if not differences:
            self.stdout.write(
                f"Khớp: 0 khác biệt ({seconds:.1f} giây) / OK: 0 differences ({seconds:.1f} s)"
            )
            return
        for d in differences[:SHOWN]:
            key = " ".join(str(part) for part in d.key)
            self.stdout.write(
                f"{d.table} {key} {d.field}: lưu / stored {d.stored}, tính lại / expected {d.expected}"
            )
        if len(differences) > SHOWN:
            more = len(differences) - SHOWN
            self.stdout.write(f"… và {more} khác biệt nữa / … and {more} more")
        raise CommandError(
            f"Không khớp: {len(differences)} khác biệt; chạy `neuguong facts --rebuild` để sửa / "
            f"MISMATCH: {len(differences)} differences; run `neuguong facts --rebuild` to repair",
            returncode=1,
        )
