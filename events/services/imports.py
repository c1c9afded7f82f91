"""Importing files into a convention: a preview, then the import, through one code path.

Both run the same import inside one transaction, each row in a savepoint of its own, through the same services
an organizer's edits go through (``events.services.schedule`` for sessions: a room clash or a time outside the
opening hours is that row's error). The preview then rolls the transaction back, so it writes nothing and tells
exactly what the import would do. The import commits only when no row is refused, unless the organizer chose
to skip the refused rows; otherwise it too rolls back and reports why.

Rows are matched by their ``external_id`` (or a natural key: see ``docs/import.md``); a row whose values equal
what Messe holds is ``unchanged`` and not written at all, so importing the same file again changes nothing.
Values that had to be mapped on the way are kept as notes on their row.
"""

import contextlib
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.errors import DomainError
from events.imports.records import FileUnreadable
from events.models import Convention, ImportKind

if TYPE_CHECKING:
    from events.models import ImportUpload

CREATED, UPDATED, UNCHANGED, REFUSED = "created", "updated", "unchanged", "refused"


class ImportFileInvalid(DomainError):
    code = "import_file_invalid"
    status = 400
    default_message = _("The file cannot be imported.")


class RowRefused(DomainError):
    """Raised inside a row's savepoint: the row is refused with this message, nothing of it is written."""

    code = "row_refused"
    status = 400


@dataclass
class RowResult:
    row: int  # the line in the table (header = 1) or the event's position in a schedule file
    item: str  # what the row is: exhibitor, speaker, session, registration, room, track
    action: str  # created, updated, unchanged, refused
    label: str
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    invited: str = ""  # the address an invitation e-mail went to


@dataclass
class ImportOptions:
    invite_managers: bool = False  # exhibitors: invite each row's manager_email to the exhibitor's staff
    # sessions, programme: each speaker newly put on a session gets the speaker invitation (else none is sent)
    invite_speakers: bool = False
    ticket_type: str = ""  # registrations: the ticket type of rows without a ticket_type column
    skip_refused: bool = False  # import the other rows when some are refused

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> "ImportOptions":
        return cls(**{key: value for key, value in values.items() if key in cls.__dataclass_fields__})


@dataclass
class ImportResult:
    kind: str
    rows: list[RowResult]
    notes: list[str]  # about the file as a whole
    written: bool
    convention_id: int | None

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.action for row in self.rows)
        counts = {action: counted.get(action, 0) for action in (CREATED, UPDATED, UNCHANGED, REFUSED)}
        counts["invited"] = sum(1 for row in self.rows if row.invited)
        return counts

    @property
    def refused(self) -> list[RowResult]:
        return [row for row in self.rows if row.action == REFUSED]

    @property
    def mapped(self) -> list[tuple[int, str]]:
        return [(row.row, note) for row in self.rows for note in row.notes]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "written": self.written,
            "counts": self.counts,
            "notes": self.notes,
            "rows": [asdict(row) for row in self.rows],
        }


class RowRunner:
    """Runs one row in a savepoint: a domain error or a broken constraint refuses that row only."""

    def __init__(self) -> None:
        self.results: list[RowResult] = []

    def run(self, *, row: int, item: str, label: str, work: Any, savepoint: bool = True) -> RowResult:
        """``savepoint=False`` only for work that checks everything before it writes and then writes through one
        service call holding its own ``transaction.atomic`` (a savepoint of its own): a refusal leaves nothing
        behind either way, and the row costs two statements fewer."""
        try:
            with transaction.atomic() if savepoint else contextlib.nullcontext():
                result = work()
        except RowRefused as error:
            result = RowResult(row=row, item=item, action=REFUSED, label=label, reason=str(error.message))
        except DomainError as error:
            result = RowResult(row=row, item=item, action=REFUSED, label=label, reason=str(error.message))
        except IntegrityError as error:
            result = RowResult(row=row, item=item, action=REFUSED, label=label, reason=_integrity_reason(error))
        self.results.append(result)
        return result


def _integrity_reason(error: IntegrityError) -> str:
    text = str(error)
    if "external_id" in text:
        return str(_("Another row of the file has the same external_id."))
    return str(_("The row contradicts data Messe holds already."))


def preview_import(
    *, convention: Convention, kind: str, data: bytes, filename: str, options: ImportOptions | None = None
) -> ImportResult:
    """What importing the file into ``convention`` would create, update and refuse, row by row. Writes nothing."""
    return _execute(convention=convention, kind=kind, data=data, filename=filename, options=options, dry_run=True)


def run_import(
    *,
    convention: Convention,
    kind: str,
    data: bytes,
    filename: str,
    options: ImportOptions | None = None,
    invited_by: User | None = None,
) -> ImportResult:
    """Import the file into ``convention`` in one transaction. With refused rows nothing is written unless
    ``options.skip_refused``; ``ImportResult.written`` says which happened. Invitation e-mails (options) are
    queued in the same transaction and leave only when it commits."""
    return _execute(
        convention=convention,
        kind=kind,
        data=data,
        filename=filename,
        options=options,
        dry_run=False,
        invited_by=invited_by,
    )


def import_programme_as_new_convention(
    *,
    data: bytes,
    slug: str,
    created_by: User,
    dry_run: bool = False,
    skip_refused: bool = False,
    invite_speakers: bool = False,
) -> ImportResult:
    """Create a convention from a schedule.json / schedule.xml (its dates, time zone, opening hours from the
    schedule's days) and import the whole programme into it, in one transaction."""
    from events.services import import_schedule

    schedule = _read(kind=ImportKind.PROGRAMME, data=data, filename="")
    with transaction.atomic():
        convention, notes = import_schedule.create_convention_for(schedule=schedule, slug=slug, created_by=created_by)
        result = import_schedule.import_schedule(
            convention=convention, schedule=schedule, options=ImportOptions(invite_speakers=invite_speakers)
        )
        result.notes[:0] = notes
        _decide(result=result, dry_run=dry_run, skip_refused=skip_refused)
    if not result.written:
        result.convention_id = None
    return result


def _read(*, kind: str, data: bytes, filename: str) -> Any:
    from events.imports.c3voc import read_schedule
    from events.imports.tables import read_table

    if kind not in ImportKind.values:
        raise ImportFileInvalid(_("Unknown kind of import: %(kind)s.") % {"kind": repr(kind)})
    if not data:
        raise ImportFileInvalid(_("The file is empty."))
    try:
        if kind == ImportKind.PROGRAMME:
            return read_schedule(data)
        return read_table(data, filename=filename)
    except FileUnreadable as error:
        raise ImportFileInvalid(str(error)) from None


def _execute(
    *,
    convention: Convention,
    kind: str,
    data: bytes,
    filename: str,
    options: ImportOptions | None,
    dry_run: bool,
    invited_by: User | None = None,
) -> ImportResult:
    from events.services import import_rows, import_schedule

    options = options or ImportOptions()
    parsed = _read(kind=kind, data=data, filename=filename)
    with transaction.atomic():
        # The convention row is locked for the import: two imports into one convention run one after the other.
        convention = Convention.objects.select_for_update().get(pk=convention.pk)
        if kind == ImportKind.PROGRAMME:
            result = import_schedule.import_schedule(convention=convention, schedule=parsed, options=options)
        else:
            result = import_rows.import_table(
                convention=convention, kind=kind, table=parsed, options=options, invited_by=invited_by
            )
        _decide(result=result, dry_run=dry_run, skip_refused=options.skip_refused)
    return result


def _decide(*, result: ImportResult, dry_run: bool, skip_refused: bool) -> None:
    """Commit or roll back the enclosing transaction. Call inside it, last."""
    result.written = not dry_run and (skip_refused or not result.refused)
    if not result.written:
        transaction.set_rollback(True)


# --- uploads kept between the preview and the confirmation (the organizer's import page) ------------------

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class ImportAlreadyDone(DomainError):
    code = "import_already_done"
    status = 409
    default_message = _("This file has been imported already.")


def store_upload(
    *,
    convention: Convention,
    kind: str,
    filename: str,
    data: bytes,
    options: ImportOptions,
    uploaded_by: User | None,
) -> "ImportUpload":
    """Keep an uploaded file (through the storage API) for its preview and the import after it. The file is read
    once here, so one that cannot be imported at all is refused at the upload, not later."""
    from django.core.files.base import ContentFile

    from events.models import ImportUpload

    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFileInvalid(_("The file is larger than 10 MB."))
    _read(kind=kind, data=data, filename=filename)
    upload = ImportUpload(
        convention=convention,
        kind=kind,
        filename=filename[:200],
        options=asdict(options),
        uploaded_by=uploaded_by if getattr(uploaded_by, "pk", None) else None,
    )
    suffix = "".join(Path(filename).suffixes[-1:]).lower()[:10]
    upload.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(data), save=False)
    upload.save()
    return upload


def preview_upload(*, upload: "ImportUpload") -> ImportResult:
    """The preview of a kept upload (writes nothing)."""
    if upload.imported_at is not None:
        raise ImportAlreadyDone()
    return preview_import(
        convention=upload.convention,
        kind=upload.kind,
        data=_upload_bytes(upload),
        filename=upload.filename,
        options=ImportOptions.from_dict(upload.options),
    )


def confirm_upload(*, upload: "ImportUpload", user: User | None, skip_refused: bool = False) -> ImportResult:
    """Import a kept upload once. The upload row is locked and marked in the import's transaction, so a second
    click (or a second organizer) finds it imported; when the import wrote, the kept file is deleted."""
    from events.models import ImportUpload

    options = ImportOptions.from_dict({**upload.options, "skip_refused": skip_refused})
    with transaction.atomic():
        upload = ImportUpload.objects.select_for_update().select_related("convention").get(pk=upload.pk)
        if upload.imported_at is not None:
            raise ImportAlreadyDone()
        result = run_import(
            convention=upload.convention,
            kind=upload.kind,
            data=_upload_bytes(upload),
            filename=upload.filename,
            options=options,
            invited_by=user,
        )
        if result.written:
            upload.imported_at = timezone.now()
            upload.result = {"counts": result.counts, "refused": [asdict(row) for row in result.refused]}
            upload.save(update_fields=["imported_at", "result"])
            name, storage = upload.file.name or "", upload.file.storage
            if name:
                transaction.on_commit(lambda: storage.delete(name))
    return result


def _upload_bytes(upload: "ImportUpload") -> bytes:
    try:
        with upload.file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, ValueError):
        raise ImportFileInvalid(_("The uploaded file is gone: upload it again.")) from None
