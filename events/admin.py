"""The Django admin of Messe, grouped by area: convention and venue, programme, exhibitors, schedule releases,
then registration, tickets and payments. Badges, check-in and devices are registered in ``events.admin_checkin``.

Counters (``quota_used``, ``times_used``) and registration status are read-only here: only the services move
them, in the transaction of the rows they belong to.
"""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from events import (
    admin_checkin,  # noqa: F401  (registers badges, check-in and devices)
    admin_display,
)
from events.admin_forms import (
    ConventionAdminForm,
    ExhibitorAdminForm,
    QuestionAdminForm,
    SessionAdminForm,
    TicketTypeAdminForm,
)
from events.enums import AuditAction
from events.errors import DomainError
from events.models import (
    Booth,
    Convention,
    ConventionMember,
    Exhibitor,
    ExhibitorMaterial,
    ExhibitorStaffMember,
    Hall,
    OpeningHours,
    Question,
    Registration,
    Room,
    ScheduleRelease,
    Session,
    SessionSpeaker,
    Speaker,
    SpeakerUnavailability,
    StripeEvent,
    TicketType,
    Track,
    Voucher,
)
from events.services import audit, schedule
from events.services.privacy import erase_registration
from events.services.registration import cancel_registration
from events.services.ticketing import update_ticket_type, update_voucher

# --- Convention and venue -------------------------------------------------------------------------------------


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class HallInline(admin.TabularInline):
    model = Hall
    extra = 0


class ConventionMemberInline(admin.TabularInline):
    """The convention's team with each member's role; curators' rooms and tracks are set on the team page."""

    model = ConventionMember
    fk_name = "convention"
    extra = 0
    fields = ["user", "role", "invited_by", "created_at"]
    readonly_fields = ["invited_by", "created_at"]
    raw_id_fields = ["user"]


@admin.register(Convention)
class ConventionAdmin(admin.ModelAdmin):
    form = ConventionAdminForm
    list_display = ["name", "slug", "start_date", "end_date", "venue", "is_public"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ConventionMemberInline, OpeningHoursInline, HallInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "acronym",
                    "venue",
                    "city",
                    "start_date",
                    "end_date",
                    "time_zone",
                    "languages",
                    "website",
                    "is_public",
                ]
            },
        ),
        (
            "Legal pages (empty: Messe's default text)",
            {
                "fields": [
                    "imprint_de",
                    "imprint_en",
                    "privacy_de",
                    "privacy_en",
                    "accessibility_de",
                    "accessibility_en",
                    "terms_de",
                    "terms_en",
                    "legal_contact_email",
                ],
                "classes": ["collapse"],
            },
        ),
    ]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "convention", "hall", "kind", "capacity", "position"]
    list_filter = ["convention", "kind", "hall"]
    search_fields = ["name"]
    list_editable = ["position"]


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_de", "convention", "color", "position"]
    list_filter = ["convention"]
    search_fields = ["name_en", "name_de"]


# --- Programme ------------------------------------------------------------------------------------------------
class SessionSpeakerInline(admin.TabularInline):
    """The line-up; the speaker's answer is theirs to give (on their page) and shown here only."""

    model = SessionSpeaker
    extra = 1
    autocomplete_fields = ["speaker"]
    fields = ["speaker", "role", "position", "state", "note", "invited_at", "answered_at"]
    readonly_fields = ["state", "note", "invited_at", "answered_at"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    """Sessions are written through the scheduling service, as everywhere else: a room clash, a slot outside
    the opening hours or a form loaded before someone else saved the session (``stale_edit``) is a form error and
    nothing is saved; the line-up is set through the service too."""

    form = SessionAdminForm
    list_display = ["title", "convention", "format", "track", "room", "start", "end", "status"]
    list_filter = ["convention", "status", "format", "track", "room", "language"]
    search_fields = ["title_de", "title_en", "abstract_de", "abstract_en"]
    date_hierarchy = "start"
    autocomplete_fields = ["exhibitor"]
    readonly_fields = ["guid", "created_at", "updated_at"]
    inlines = [SessionSpeakerInline]
    fieldsets = [
        (None, {"fields": ["convention", "status", "format", "track", "language", "guid", "loaded_version"]}),
        ("Title and abstract", {"fields": ["title_de", "title_en", "abstract_de", "abstract_en"]}),
        ("Room and time", {"fields": ["room", "start", "end", "capacity", "expected_attendance"]}),
        ("Booth talk", {"fields": ["exhibitor"], "classes": ["collapse"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The service has no "move to another convention": rooms, tracks and speakers would not follow.
        return [*self.readonly_fields, "convention"] if obj is not None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_messe_session_refusal", None)
        if refusal is None:
            return form_class
        return type(form_class.__name__, (form_class,), {"refusal": refusal})

    def changeform_view(self, request: HttpRequest, object_id=None, form_url="", extra_context=None) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as refusal:
            # The admin's transaction rolled back, so nothing of this save is kept. Show the same form again,
            # now with the service's message as its error.
            request._messe_session_refusal = refusal  # type: ignore[attr-defined]
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data if name in schedule.SESSION_FIELDS}
            if changes:
                saved = schedule.update_session(
                    session=Session.objects.get(pk=obj.pk),
                    expected_version=form.cleaned_data["loaded_version"],
                    **changes,
                )
                # The line-up (save_related) is saved on top of this change, not refused as someone else's.
                form.cleaned_data["loaded_version"] = saved.version
            return
        values = {name: value for name, value in form.cleaned_data.items() if name in schedule.SESSION_FIELDS}
        created = schedule.create_session(convention=form.cleaned_data["convention"], **values)
        obj.pk, obj.guid, obj.created_at, obj.updated_at = (
            created.pk,
            created.guid,
            created.created_at,
            created.updated_at,
        )
        obj._state.adding, obj._state.db = False, created._state.db

    def save_related(self, request, form, formsets, change) -> None:
        form.save_m2m()
        for formset in formsets:
            if formset.model is not SessionSpeaker:
                self.save_formset(request, form, formset, change)
                continue
            # The line-up goes through the same service function as the API and the organizer pages.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if not formset.has_changed():
                continue
            rows = [
                (row.get("position") or 0, index, row["speaker"], row.get("role") or "")
                for index, row in enumerate(
                    f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
                )
                if row.get("speaker") is not None
            ]
            schedule.update_session(
                session=Session.objects.get(pk=form.instance.pk),
                expected_version=form.cleaned_data.get("loaded_version"),
                speakers=[(speaker, role) for _position, _index, speaker, role in sorted(rows, key=lambda r: r[:2])],
            )


class SpeakerUnavailabilityInline(admin.TabularInline):
    model = SpeakerUnavailability
    extra = 0


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "convention", "email"]
    list_filter = ["convention"]
    search_fields = ["name", "organization", "email"]
    readonly_fields = ["guid"]
    inlines = [SpeakerUnavailabilityInline]


# --- Exhibitors -----------------------------------------------------------------------------------------------
class BoothInline(admin.StackedInline):
    model = Booth
    extra = 0


class ExhibitorMaterialInline(admin.TabularInline):
    model = ExhibitorMaterial
    extra = 0


class ExhibitorStaffInline(admin.TabularInline):
    model = ExhibitorStaffMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Exhibitor)
class ExhibitorAdmin(admin.ModelAdmin):
    form = ExhibitorAdminForm
    list_display = ["name", "convention", "booth"]
    list_filter = ["convention", "booth__hall"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BoothInline, ExhibitorMaterialInline, ExhibitorStaffInline]


# --- Schedule releases ----------------------------------------------------------------------------------------
@admin.register(ScheduleRelease)
class ScheduleReleaseAdmin(admin.ModelAdmin):
    list_display = ["convention", "version", "released_at", "released_by", "comment"]
    list_filter = ["convention"]
    fields = ["convention", "version", "released_at", "released_by", "comment", "contents", "changes", "warning_list"]
    readonly_fields = ["convention", "version", "released_at", "released_by", "contents", "changes", "warning_list"]

    def has_add_permission(self, request) -> bool:
        # Releases are made through the API or the "release" action, which computes changelog and warnings.
        return False

    @admin.display(description="Published")
    def contents(self, release: ScheduleRelease) -> str:
        return admin_display.snapshot_summary(release)

    @admin.display(description="Changelog")
    def changes(self, release: ScheduleRelease) -> str:
        return admin_display.changelog(release)

    @admin.display(description="Warnings at release time")
    def warning_list(self, release: ScheduleRelease) -> str:
        return admin_display.warnings(release)


# --- Registration, tickets and payments ------------------------------------------------------------------------


@admin.register(TicketType)
class TicketTypeAdmin(admin.ModelAdmin):
    form = TicketTypeAdminForm
    list_display = ["name_en", "convention", "price", "quota", "quota_used", "sale_starts_at", "sale_ends_at"]
    list_filter = ["convention", "is_active"]
    search_fields = ["name_en", "name_de"]
    readonly_fields = ["quota_used"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        # A plain save() would write back the quota_used the form was loaded with and lose seats taken since.
        update_ticket_type(ticket_type=obj, **{name: form.cleaned_data[name] for name in form.changed_data})


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    list_display = ["code", "convention", "kind", "value", "usage_limit", "times_used", "valid_until", "is_active"]
    list_filter = ["convention", "kind", "is_active"]
    search_fields = ["code", "comment"]
    readonly_fields = ["times_used"]
    filter_horizontal = ["ticket_types"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        # As for ticket types: never write back a stale times_used (ticket_types are saved by save_related).
        changed = {name: form.cleaned_data[name] for name in form.changed_data if name != "ticket_types"}
        update_voucher(voucher=obj, **changed)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = ["identifier", "label_en", "convention", "kind", "required", "position"]
    list_filter = ["convention", "kind", "required"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["code", "first_name", "last_name", "email", "ticket_type", "status", "created_at"]
    list_filter = ["convention", "status", "ticket_type", "refund_status"]
    search_fields = ["code", "first_name", "last_name", "email", "organization"]
    date_hierarchy = "created_at"
    # Status, seats and payments change only through the registration service (quota counters must agree).
    # Answers are shown, not edited: they were given by the attendee.
    exclude = ["answers"]
    readonly_fields = [
        "answer_list",
        "convention",
        "ticket_type",
        "voucher",
        "code",
        "access_token_hash",
        "status",
        "price",
        "hold_expires_at",
        "stripe_checkout_session_id",
        "stripe_checkout_url",
        "stripe_payment_intent_id",
        "amount_paid",
        "paid_at",
        "refund_status",
        "refunded_at",
        "consent_terms_at",
        "consent_share_contact_at",
        "consent_newsletter_at",
        "created_at",
        "confirmed_at",
        "cancelled_at",
        "erased_at",
    ]
    actions = ["cancel_selected", "erase_selected"]

    def has_add_permission(self, request) -> bool:
        return False  # registrations are made through the API, which takes the seat

    @admin.display(description="Answers")
    def answer_list(self, registration: Registration) -> str:
        return admin_display.pairs(registration.answers)

    @admin.action(description="Erase personal data of selected registrations (data-protection request)")
    def erase_selected(self, request, queryset) -> None:
        for registration in queryset.order_by("pk"):
            erase_registration(registration=registration, actor=request.user)
        self.message_user(request, f"{queryset.count()} registration(s) erased.")

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            # Filter names only: the search term may be the very name the audit log must not keep.
            filters = sorted(name for name in request.GET if name not in ("p", "o"))
            audit.record_access(
                actor=request.user,
                action=AuditAction.REGISTRATIONS_LISTED,
                convention=None,
                object_type="registration",
                details={"admin": True, "filters": filters},
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        registration = self.get_object(request, object_id)
        if registration is not None and response.status_code in (200, 302):
            audit.record_access(
                actor=request.user,
                action=(
                    AuditAction.REGISTRATION_UPDATED if request.method == "POST" else AuditAction.REGISTRATION_VIEWED
                ),
                convention=registration.convention,
                object_type="registration",
                object_id=registration.code,
                registration=registration,
                details={"admin": True},
            )
        return response

    @admin.action(description="Cancel selected registrations (frees seats, refunds per deadline)")
    def cancel_selected(self, request, queryset) -> None:
        cancelled = 0
        for registration in queryset:
            try:
                cancel_registration(registration=registration)
                cancelled += 1
            except DomainError:
                continue
        self.message_user(request, f"{cancelled} registration(s) cancelled.")


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ["event_id", "type", "object_id", "outcome", "processed_at"]
    list_filter = ["type", "outcome"]
    search_fields = ["event_id", "object_id"]
    readonly_fields = ["event_id", "type", "object_id", "outcome", "processed_at"]
