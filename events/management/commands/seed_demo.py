import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from events.demo import DemoSummary, seed_demo


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--start must be a date as YYYY-MM-DD, not {value!r}.") from exc


class Command(BaseCommand):
    help = (
        "Load the Smart Country Convention demo, running from today (or --start) for three days. Idempotent: "
        "running it again keeps everything people created; another start day moves the whole convention."
    )

    def add_arguments(self, parser):
        parser.add_argument("--start", type=_date, help="First day of the demo as YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--json", action="store_true", help="Print the summary (logins, setup codes, pages) as JSON."
        )

    def handle(self, *args, **options):
        summary = seed_demo(start=options["start"])
        if options["json"]:
            self.stdout.write(json.dumps(as_json(summary), ensure_ascii=False))
            return
        convention = summary.convention
        state = (
            "Created" if summary.created else f"Moved (from {summary.moved_from})" if summary.moved_from else "Found"
        )
        self.stdout.write(
            f"{state} demo convention '{convention.slug}' ({convention.name}, "
            f"{convention.start_date:%Y-%m-%d} to {convention.end_date:%Y-%m-%d}): "
            f"{convention.sessions.count()} sessions, {convention.speakers.count()} speakers, "
            f"{convention.exhibitors.count()} exhibitors; "
            f"released schedule version {summary.release.version if summary.release else '-'}."
        )
        for login in summary.logins:
            self.stdout.write(f"Demo {login.role}: {login.username} / {login.password} ({login.note})")
        self.stdout.write(f"Organizer API token: {summary.organizer_token}")
        for code in summary.setup_codes:
            self.stdout.write(f"Setup code of '{code.username}' ({code.role}, {code.page}): {code.password}")


def as_json(summary: DemoSummary) -> dict:
    convention = summary.convention
    return {
        "slug": convention.slug,
        "name": convention.name,
        "start_date": convention.start_date.isoformat(),
        "end_date": convention.end_date.isoformat(),
        "created": summary.created,
        "moved_from": summary.moved_from.isoformat() if summary.moved_from else None,
        "release": summary.release.version if summary.release else None,
        "organizer_token": summary.organizer_token,
        "logins": [vars(login) for login in summary.logins],
        "setup_codes": [vars(code) for code in summary.setup_codes],
        "pages": [vars(page) for page in summary.pages],
    }
