"""Admin for badges, check-in and devices. Secrets (private keys, token and setup code hashes) stay hidden."""

from django.contrib import admin

from events import admin_display
from events.admin_forms import CheckinListAdminForm
from events.models import Badge, BadgePrintJob, CheckinList, Device, Lead, Scan, SigningKey


@admin.register(CheckinList)
class CheckinListAdmin(admin.ModelAdmin):
    form = CheckinListAdminForm
    list_display = ["name", "convention", "kind", "capacity", "inside_count"]
    list_filter = ["convention", "kind"]
    filter_horizontal = ["ticket_types"]
    readonly_fields = ["inside_count"]


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["name", "convention", "kind", "exhibitor", "activated_at", "revoked_at"]
    list_filter = ["convention", "kind"]
    fields = ["convention", "name", "kind", "checkin_lists", "exhibitor", "activated_at", "revoked_at"]
    readonly_fields = ["activated_at"]
    filter_horizontal = ["checkin_lists"]

    def has_add_permission(self, request) -> bool:
        return False  # devices are created through the API, which hands out the one-time setup code


@admin.register(Scan)
class ScanAdmin(admin.ModelAdmin):
    list_display = ["scanned_at", "checkin_list", "direction", "result", "reason", "device", "device_label"]
    list_filter = ["checkin_list__convention", "result", "reason", "direction"]
    search_fields = ["nonce", "registration__code"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ["pk", "registration", "signing_key", "issued_at", "revoked_at", "revoked_reason"]
    list_filter = ["signing_key__convention"]
    search_fields = ["registration__code"]
    readonly_fields = ["registration", "signing_key", "code", "issued_at", "revoked_at", "revoked_reason"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    list_display = ["convention", "key_id", "created_at", "retired_at"]
    fields = ("convention", "key_id", "created_at", "retired_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(BadgePrintJob)
class BadgePrintJobAdmin(admin.ModelAdmin):
    list_display = ["pk", "convention", "status", "done", "total", "created_at", "finished_at"]
    fields = readonly_fields = ("convention", "requested_by", "filter_list", "status", "done", "total", "file", "error")

    @admin.display(description="Filters")
    def filter_list(self, job: BadgePrintJob) -> str:
        return admin_display.pairs(job.filters)


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    """Organizers see which exhibitor captured how many leads, not the leads' contents."""

    list_display = ["pk", "exhibitor", "has_consent", "scan_count", "first_scanned_at"]
    list_filter = ["exhibitor__convention", "has_consent"]
    fields = ("exhibitor", "has_consent", "scan_count", "first_scanned_at", "last_scanned_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False
