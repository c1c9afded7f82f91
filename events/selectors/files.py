"""Which stored file belongs to what, and so who may read it.

Every file Messe keeps is referenced by one row; a name no row references is not served at all (left-overs of
deleted rows, guesses). Owners of new kinds of files (exhibitor logos, speaker photos) add a resolver here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from events.models import BadgePrintJob, Exhibitor, ExhibitorChange, ExhibitorMaterial, SessionMaterial, Speaker


@dataclass(frozen=True)
class StoredFile:
    """A stored file's access facts: public files go to anyone, the others to the convention's organizers and,
    for an exhibitor's files, to that exhibitor's staff."""

    name: str
    is_public: bool
    convention_id: int
    exhibitor_id: int | None = None


def _session_material(name: str) -> StoredFile | None:
    material = SessionMaterial.objects.filter(file=name).select_related("session").first()
    if material is None:
        return None
    return StoredFile(name=name, is_public=material.is_published, convention_id=material.session.convention_id)


def _exhibitor_material(name: str) -> StoredFile | None:
    material = ExhibitorMaterial.objects.filter(file=name).select_related("exhibitor").first()
    if material is None:
        return None
    return StoredFile(
        name=name,
        # Material waiting for the organizers' review is the exhibitor's and the organizers' only.
        is_public=material.is_public and material.is_approved,
        convention_id=material.exhibitor.convention_id,
        exhibitor_id=material.exhibitor_id,
    )


def _exhibitor_logo(name: str) -> StoredFile | None:
    """The approved logo is public; a logo in a change waiting for review is its exhibitor's and the organizers'."""
    exhibitor = Exhibitor.objects.filter(logo=name).only("pk", "convention_id").first()
    if exhibitor is not None:
        return StoredFile(name=name, is_public=True, convention_id=exhibitor.convention_id, exhibitor_id=exhibitor.pk)
    change = ExhibitorChange.objects.filter(changes__logo=name).select_related("exhibitor").first()
    if change is None:
        return None
    return StoredFile(
        name=name, is_public=False, convention_id=change.exhibitor.convention_id, exhibitor_id=change.exhibitor_id
    )


def _badge_print(name: str) -> StoredFile | None:
    job = BadgePrintJob.objects.filter(file=name).only("convention_id").first()
    if job is None:
        return None
    return StoredFile(name=name, is_public=False, convention_id=job.convention_id)


def _speaker_photo(name: str) -> StoredFile | None:
    """A speaker's photo is part of their public profile."""
    speaker = Speaker.objects.filter(photo=name).only("pk", "convention_id").first()
    if speaker is None:
        return None
    return StoredFile(name=name, is_public=True, convention_id=speaker.convention_id)


RESOLVERS: list[Callable[[str], StoredFile | None]] = [
    _session_material,
    _exhibitor_material,
    _exhibitor_logo,
    _badge_print,
    _speaker_photo,
]


def stored_file(*, name: str) -> StoredFile | None:
    """The row-derived access facts of the file stored under ``name``, or None when no row references it."""
    for resolve in RESOLVERS:
        found = resolve(name)
        if found is not None:
            return found
    return None
