"""Who may do what: pure predicates the API's permission classes and querysets call."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from events.models import Convention, Exhibitor


def is_organizer(user: AbstractBaseUser | AnonymousUser | None, convention: Convention) -> bool:
    """Organizers of a convention (and superusers) manage its programme, tickets and attendees."""
    if user is None or not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return convention.organizers.filter(pk=user.pk).exists()


def is_exhibitor_staff(user: AbstractBaseUser | AnonymousUser | None, exhibitor: Exhibitor) -> bool:
    """Staff of an exhibitor see and capture that exhibitor's leads, and nobody else's."""
    if user is None or not user.is_authenticated or not getattr(user, "pk", None):
        return False
    return exhibitor.staff.filter(user_id=user.pk).exists()


def can_create_convention(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Staff accounts of the operator set up new conventions; they become its first organizer."""
    if user is None or not user.is_authenticated:
        return False
    return bool(getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))
