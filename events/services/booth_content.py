"""Booth content that exhibitor managers maintain: profile, logo, links, contact and materials.

Every change is an ``ExhibitorChange`` row, the change history. The ``Exhibitor`` row always holds the
approved content, the only content the public sees. With review (``Convention.exhibitor_changes_reviewed``) a
change waits as one pending row per exhibitor (later edits merge into it) until an organizer approves it; new
material waits as ``is_approved=False``. Without review both go live at once. Fields the organizers locked
(``Exhibitor.locked_fields``, e.g. the name for the printed guide) cannot be changed by the exhibitor at all.
Removing material needs no review: taking something down is never held back.

The ``exhibitor.updated`` webhook reports the public content: it fires when a change goes public (on saving
without review, on approval with review), never for a change that only waits in the queue.
"""

from typing import Any

from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.enums import ExhibitorChangeStatus, MaterialKind
from events.errors import FieldLocked, NotReviewable, ValidationFailed
from events.models import Convention, Exhibitor, ExhibitorChange, ExhibitorMaterial
from events.services import webhook_events

CONTENT_FIELDS = ("name", "profile_de", "profile_en", "website", "links", "contact_email", "logo")
FIELD_LABELS = {
    "name": _("Name"),
    "profile_de": _("Profile (German)"),
    "profile_en": _("Profile (English)"),
    "website": _("Website"),
    "links": _("Further links"),
    "contact_email": _("Contact e-mail"),
    "logo": _("Logo"),
    "material_added": _("Material added"),
    "material_removed": _("Material removed"),
}


def change_summary(change: ExhibitorChange) -> str:
    """What a change touched, in words: "Profile (English), Logo" or "Material added: Brochure"."""
    parts = []
    for field, value in change.changes.items():
        label = str(FIELD_LABELS.get(field, field))
        parts.append(f"{label}: {value}" if field.startswith("material_") else label)
    return ", ".join(parts)


LOCKABLE_FIELDS = CONTENT_FIELDS


def _user(user: User | None) -> User | None:
    return user if getattr(user, "pk", None) else None


def _current(exhibitor: Exhibitor, field: str) -> Any:
    value = getattr(exhibitor, field)
    return value.name if field == "logo" else value


def _apply(exhibitor: Exhibitor, changes: dict[str, Any]) -> dict[str, Any]:
    previous = {field: _current(exhibitor, field) for field in changes}
    for field, value in changes.items():
        if field == "logo":
            exhibitor.logo.name = value
        else:
            setattr(exhibitor, field, value)
    exhibitor.save()
    return previous


def store_logo(*, file: File) -> str:
    """Check, re-encode and store an uploaded logo (``events.services.uploads``); returns the stored name.

    A refused file raises the upload error before anything is stored."""
    from django.core.files.storage import default_storage

    from events.services import uploads

    cleaned = uploads.clean_upload(file=file, allowed=uploads.IMAGE, limits=uploads.image_limits(side=800))
    return default_storage.save(f"exhibitor-logos/{cleaned.name}", cleaned)


def change_booth_content(
    *,
    exhibitor: Exhibitor,
    author: User | None,
    changes: dict[str, Any],
    logo: File | None = None,
) -> ExhibitorChange | None:
    """Record and (without review) apply a change of the exhibitor's content; returns the change row, or
    ``None`` when nothing differs from the current content.

    ``changes`` maps ``CONTENT_FIELDS`` to new values; ``logo`` is an uploaded image, checked and re-encoded
    first (a refused file raises the upload error and changes nothing). A value for a locked field that differs
    from the current one raises ``FieldLocked`` and changes nothing, the logo included.
    """
    unknown = set(changes) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"not booth content: {sorted(unknown)}")
    if logo is not None and "logo" in exhibitor.locked_fields:
        raise FieldLocked(fields={"logo": "locked"})
    stored_logo = store_logo(file=logo) if logo is not None else ""
    if stored_logo:
        changes = {**changes, "logo": stored_logo}
    try:
        return _record_change(exhibitor=exhibitor, author=author, changes=changes)
    except Exception:
        if stored_logo:
            from django.core.files.storage import default_storage

            default_storage.delete(stored_logo)
        raise


def _record_change(*, exhibitor: Exhibitor, author: User | None, changes: dict[str, Any]) -> ExhibitorChange | None:
    with transaction.atomic():
        exhibitor = Exhibitor.objects.select_for_update().select_related("convention").get(pk=exhibitor.pk)
        pending = exhibitor.content_changes.filter(status=ExhibitorChangeStatus.PENDING).first()
        # What the exhibitor sees in its form: the approved content with its pending change on top.
        shown = {field: _current(exhibitor, field) for field in CONTENT_FIELDS} | (pending.changes if pending else {})
        differing = {field: value for field, value in changes.items() if value != shown[field]}
        locked = sorted(field for field in differing if field in exhibitor.locked_fields)
        if locked:
            raise FieldLocked(fields={field: "locked" for field in locked})
        if not differing:
            return None
        if exhibitor.convention.exhibitor_changes_reviewed:
            if pending is not None:
                pending.changes = {**pending.changes, **differing}
                # An edit back to the approved value leaves nothing to review for that field.
                pending.changes = {
                    field: value for field, value in pending.changes.items() if value != _current(exhibitor, field)
                }
                if not pending.changes:
                    pending.delete()
                    return None
                pending.author = _user(author)
                pending.save(update_fields=["changes", "author"])
                return pending
            return ExhibitorChange.objects.create(
                exhibitor=exhibitor, author=_user(author), changes=differing, status=ExhibitorChangeStatus.PENDING
            )
        previous = _apply(exhibitor, differing)
        webhook_events.emit_exhibitor_updated(exhibitor=exhibitor)
        return ExhibitorChange.objects.create(
            exhibitor=exhibitor,
            author=_user(author),
            changes=differing,
            previous=previous,
            status=ExhibitorChangeStatus.APPLIED,
        )


def add_material(
    *,
    exhibitor: Exhibitor,
    author: User | None,
    title: str,
    file: File | None = None,
    url: str = "",
) -> ExhibitorMaterial:
    """Add a downloadable file (checked and stored through ``events.services.uploads``) or a link.

    With review the material stays hidden until an organizer approves its change row. A refused file raises
    the upload error and stores nothing."""
    from events.services import uploads

    title = title.strip()
    if not title or (file is None) == (not url):
        raise ValidationFailed(fields={"file": "a title and either a file or a link"})
    cleaned = (
        uploads.clean_upload(file=file, allowed=uploads.DOCUMENT, limits=uploads.document_limits()) if file else None
    )
    with transaction.atomic():
        exhibitor = Exhibitor.objects.select_for_update().select_related("convention").get(pk=exhibitor.pk)
        reviewed = exhibitor.convention.exhibitor_changes_reviewed
        position = exhibitor.materials.count()
        material = ExhibitorMaterial(
            exhibitor=exhibitor,
            title=title[:200],
            kind=MaterialKind.DOCUMENT if cleaned else MaterialKind.LINK,
            url=url,
            is_approved=not reviewed,
            position=position,
        )
        if cleaned is not None:
            # Stored inside the transaction's scope: if the row is not written, the file is deleted below.
            material.file.save(cleaned.name or "material", cleaned, save=False)
        try:
            material.save()
            ExhibitorChange.objects.create(
                exhibitor=exhibitor,
                author=_user(author),
                material=material,
                changes={"material_added": material.title},
                status=ExhibitorChangeStatus.PENDING if reviewed else ExhibitorChangeStatus.APPLIED,
            )
            if not reviewed:
                webhook_events.emit_exhibitor_updated(exhibitor=exhibitor)
        except Exception:
            if material.file:
                material.file.delete(save=False)
            raise
    return material


def remove_material(*, material: ExhibitorMaterial, author: User | None) -> None:
    """Take material down at once (with its file); the history keeps its title."""
    with transaction.atomic():
        ExhibitorChange.objects.filter(material=material, status=ExhibitorChangeStatus.PENDING).update(
            status=ExhibitorChangeStatus.REJECTED, reviewed_at=timezone.now()
        )
        ExhibitorChange.objects.create(
            exhibitor_id=material.exhibitor_id,
            author=_user(author),
            changes={"material_removed": material.title},
            status=ExhibitorChangeStatus.APPLIED,
        )
        stored = material.file.name if material.file else ""
        was_public = material.is_approved
        material.delete()
        if stored:
            storage = material.file.storage
            transaction.on_commit(lambda: storage.delete(stored))
        if was_public:
            webhook_events.emit_exhibitor_updated(exhibitor=material.exhibitor)


def approve_change(*, change: ExhibitorChange, reviewer: User | None, note: str = "") -> ExhibitorChange:
    """An organizer approves a pending change: its fields (or its material) go public, and ``exhibitor.updated``
    fires. ``note`` reaches the exhibitor with the change's history."""
    with transaction.atomic():
        exhibitor = Exhibitor.objects.select_for_update().get(pk=change.exhibitor_id)
        change = ExhibitorChange.objects.select_for_update().get(pk=change.pk)
        if change.status != ExhibitorChangeStatus.PENDING:
            raise NotReviewable()
        if change.material_id is not None:
            ExhibitorMaterial.objects.filter(pk=change.material_id).update(is_approved=True)
        else:
            change.previous = _apply(exhibitor, change.changes)
        change.status = ExhibitorChangeStatus.APPROVED
        change.reviewed_by = _user(reviewer)
        change.reviewed_at = timezone.now()
        change.review_note = note.strip()
        change.save()
        webhook_events.emit_exhibitor_updated(exhibitor=exhibitor)
    return change


def reject_change(*, change: ExhibitorChange, reviewer: User | None, note: str = "") -> ExhibitorChange:
    """An organizer rejects a pending change (``note`` says why); the public content stays as it was, and
    rejected material is deleted with its file. The change stays in the history."""
    with transaction.atomic():
        change = ExhibitorChange.objects.select_for_update().get(pk=change.pk)
        if change.status != ExhibitorChangeStatus.PENDING:
            raise NotReviewable()
        change.status = ExhibitorChangeStatus.REJECTED
        change.reviewed_by = _user(reviewer)
        change.reviewed_at = timezone.now()
        change.review_note = note.strip()
        change.save()
        material = change.material
        if material is not None and not material.is_approved:
            stored = material.file.name if material.file else ""
            material.delete()
            if stored:
                storage = material.file.storage
                transaction.on_commit(lambda: storage.delete(stored))
    return change


def lock_fields(*, exhibitor: Exhibitor, fields: list[str]) -> Exhibitor:
    """The organizers lock these content fields (and unlock all others)."""
    unknown = set(fields) - set(LOCKABLE_FIELDS)
    if unknown:
        raise ValidationFailed(fields={"locked_fields": sorted(unknown)})
    exhibitor.locked_fields = [field for field in LOCKABLE_FIELDS if field in fields]
    exhibitor.save(update_fields=["locked_fields"])
    return exhibitor


def set_review_mode(*, convention: Convention, reviewed: bool) -> Convention:
    """Choose whether exhibitors' changes go live at once or after review. Switching review off leaves what
    waits in the queue waiting: the organizers approve or reject it; nothing unreviewed goes public by itself."""
    convention.exhibitor_changes_reviewed = reviewed
    convention.save(update_fields=["exhibitor_changes_reviewed", "updated_at"])
    return convention
