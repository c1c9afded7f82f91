import time

from django.core.management.base import BaseCommand, CommandError

from events.fullscale import ConventionExists, seed_fullscale


class Command(BaseCommand):
    help = "Seed a released full-scale convention for benchmarks (500 sessions, 650 speakers, 400 exhibitors)."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="Slug of the new convention (must not exist).")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply every count by this factor (e.g. 0.1 for tests)."
        )

    def handle(self, *args, slug: str, scale: float, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive")
        began = time.perf_counter()
        try:
            summary = seed_fullscale(slug=slug, scale=scale)
        except ConventionExists as exc:
            raise CommandError(f"{slug}: {exc.message!s}") from exc
        self.stdout.write(
            f"Seeded '{slug}': {summary.sessions} sessions, {summary.speakers} speakers, "
            f"{summary.exhibitors} exhibitors, release v{summary.release.version} "
            f"in {time.perf_counter() - began:.1f} s."
        )
