"""``manage.py import_file KIND FILE``: preview or import a file, as the organizer's import page does."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from events.errors import DomainError
from events.models import Convention, ImportKind
from events.services import imports


class Command(BaseCommand):
    help = (
        "Import a file into a convention: programme (schedule.json / schedule.xml), exhibitors, speakers, "
        "sessions or registrations (CSV / XLSX). Rows are matched by external_id, so importing again changes "
        "nothing. With refused rows nothing is written unless --skip-refused. See docs/import.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file", type=Path)
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--convention", help="Slug of the convention to import into.")
        target.add_argument(
            "--new-convention", help="programme only: create a convention with this slug from the schedule."
        )
        parser.add_argument("--preview", action="store_true", help="Show what would happen; write nothing.")
        parser.add_argument("--skip-refused", action="store_true", help="Import the other rows when some are refused.")
        parser.add_argument("--invite-managers", action="store_true", help="exhibitors: invite each manager_email.")
        parser.add_argument(
            "--invite-speakers", action="store_true", help="sessions, programme: invite each speaker put on a session."
        )
        parser.add_argument("--ticket-type", default="", help="registrations: ticket type of rows that name none.")
        parser.add_argument("--user", default="", help="Username the import is done as (new conventions' owner).")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args, kind, file: Path, convention, new_convention, preview, skip_refused, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        user = self._user(options["user"])
        try:
            if new_convention:
                if kind != ImportKind.PROGRAMME:
                    raise CommandError("--new-convention works with a programme (schedule.json / schedule.xml).")
                if Convention.objects.filter(slug=new_convention).exists():
                    raise CommandError(f"A convention with the slug {new_convention!r} exists already.")
                if user is None:
                    raise CommandError("--new-convention needs --user: the account that owns the new convention.")
                result = imports.import_programme_as_new_convention(
                    data=data,
                    slug=new_convention,
                    created_by=user,
                    dry_run=preview,
                    skip_refused=skip_refused,
                    invite_speakers=options["invite_speakers"],
                )
            else:
                target = Convention.objects.filter(slug=convention).first()
                if target is None:
                    raise CommandError(f"No convention with the slug {convention!r}.")
                import_options = imports.ImportOptions(
                    invite_managers=options["invite_managers"],
                    invite_speakers=options["invite_speakers"],
                    ticket_type=options["ticket_type"],
                    skip_refused=skip_refused,
                )
                run = imports.preview_import if preview else imports.run_import
                kwargs = {} if preview else {"invited_by": user}
                result = run(
                    convention=target, kind=kind, data=data, filename=file.name, options=import_options, **kwargs
                )
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        else:
            self._report(result, preview=preview)
        if not preview and not result.written:
            raise CommandError(f"{len(result.refused)} row(s) refused: nothing was written.")

    def _user(self, username: str):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account with the username {username!r}.")
        return user

    def _report(self, result: imports.ImportResult, *, preview: bool) -> None:
        for note in result.notes:
            self.stdout.write(f"note: {note}")
        for row in result.rows:
            if row.action == imports.UNCHANGED and not row.notes and not row.invited:
                continue
            line = f"{row.row:>6}  {row.item:<12} {row.action:<9} {row.label}"
            if row.reason:
                line += f" — {row.reason}"
            self.stdout.write(line)
            for note in row.notes:
                self.stdout.write(f"{'':>8}mapped: {note}")
            if row.invited:
                self.stdout.write(f"{'':>8}invited: {row.invited}")
        counts = ", ".join(f"{count} {action}" for action, count in result.counts.items())
        state = "preview, nothing written" if preview else ("imported" if result.written else "nothing written")
        self.stdout.write(f"{counts} ({state})")
