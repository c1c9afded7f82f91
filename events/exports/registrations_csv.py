"""The organizers' registration CSV, streamed: rows are written as they are read from the database.

A convention of 200,000 registrations is a ~40 MB file; building it in memory first would cost the web worker
that much and keep the organizer waiting for the first byte until the last row is done. Here the rows come
through a server-side cursor (``QuerySet.iterator``) and leave in chunks of ``ROWS_PER_CHUNK``.
"""

import csv
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from events.exports.spreadsheet import spreadsheet_cell
from events.models import Convention, Registration, TicketType, Voucher

ROWS_PER_CHUNK = 500
READ_CHUNK = 2000


CSV_COLUMNS = [
    "code",
    "status",
    "ticket_type",
    "first_name",
    "last_name",
    "email",
    "organization",
    "job_title",
    "language",
    "price",
    "voucher",
    "share_contact",
    "newsletter",
    "created_at",
    "confirmed_at",
]
# Read as plain tuples (no model instances, no joins): ticket type names and voucher codes come from small maps.
_READ = (
    "code",
    "status",
    "ticket_type_id",
    "first_name",
    "last_name",
    "email",
    "organization",
    "job_title",
    "language",
    "price",
    "voucher_id",
    "consent_share_contact_at",
    "consent_newsletter_at",
    "created_at",
    "confirmed_at",
    "answers",
)


class _Lines:
    """A file-like target for ``csv.writer`` that hands back what was written instead of keeping it."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> bytes:
        data, self.parts = "".join(self.parts).encode(), []
        return data


def csv_chunks(*, convention: Convention, registrations: QuerySet[Registration]) -> Iterator[bytes]:
    """The CSV (header first, then one row per registration, answers last) in chunks of bytes."""
    question_ids = list(convention.questions.order_by("position", "pk").values_list("identifier", flat=True))
    ticket_names = dict(TicketType.objects.filter(convention=convention).values_list("pk", "name_en"))
    voucher_codes = dict(Voucher.objects.filter(convention=convention).values_list("pk", "code"))
    lines = _Lines()
    writer = csv.writer(lines)
    writer.writerow([spreadsheet_cell(value) for value in CSV_COLUMNS + [f"answer:{q}" for q in question_ids]])
    yield lines.take()
    pending = 0
    for (
        code, status, ticket_type_id, first_name, last_name, email, organization, job_title, language, price,
        voucher_id, share_contact_at, newsletter_at, created_at, confirmed_at, answers,
    ) in registrations.values_list(*_READ).iterator(chunk_size=READ_CHUNK):  # fmt: skip
        row = [
            code,
            status,
            ticket_names.get(ticket_type_id, ""),
            first_name,
            last_name,
            email,
            organization,
            job_title,
            language,
            price,
            voucher_codes.get(voucher_id, "") if voucher_id else "",
            "yes" if share_contact_at else "no",
            "yes" if newsletter_at else "no",
            created_at.isoformat(),
            confirmed_at.isoformat() if confirmed_at else "",
        ]
        row += [(answers or {}).get(q, "") for q in question_ids]
        writer.writerow([spreadsheet_cell(value) for value in row])
        pending += 1
        if pending == ROWS_PER_CHUNK:
            yield lines.take()
            pending = 0
    if pending:
        yield lines.take()


def streaming_response(*, convention: Convention, registrations: QuerySet[Registration]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_chunks(convention=convention, registrations=registrations), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{convention.slug}-registrations-{stamp}.csv"'
    return response
