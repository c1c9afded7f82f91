from django.core.management.base import BaseCommand

from events.demo import DEMO_ADMIN, DEMO_ORGANIZER, seed_demo


class Command(BaseCommand):
    help = "Load the Smart Country Convention 2025 demo (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        summary = seed_demo()
        convention = summary.convention
        self.stdout.write(
            f"{'Created' if summary.created else 'Found'} demo convention '{convention.slug}': "
            f"{convention.sessions.count()} sessions, {convention.speakers.count()} speakers, "
            f"{convention.exhibitors.count()} exhibitors; "
            f"released schedule version {summary.release.version if summary.release else '-'}."
        )
        self.stdout.write(
            f"Demo organizer: {DEMO_ORGANIZER[0]} / {DEMO_ORGANIZER[1]} (API token {summary.organizer_token})"
        )
        self.stdout.write(f"Demo superuser: {DEMO_ADMIN[0]} / {DEMO_ADMIN[1]}")
