from django.contrib import admin

from events.models import (
    Booth,
    Convention,
    Exhibitor,
    ExhibitorMaterial,
    ExhibitorStaffMember,
    Hall,
    OpeningHours,
    Room,
    ScheduleRelease,
    Session,
    SessionSpeaker,
    Speaker,
    SpeakerUnavailability,
    Track,
)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class HallInline(admin.TabularInline):
    model = Hall
    extra = 0


@admin.register(Convention)
class ConventionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "start_date", "end_date", "venue", "is_public"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organizers"]
    inlines = [OpeningHoursInline, HallInline]


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


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 1
    autocomplete_fields = ["speaker"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "convention", "format", "track", "room", "start", "end", "status"]
    list_filter = ["convention", "status", "format", "track", "room", "language"]
    search_fields = ["title_de", "title_en", "abstract_de", "abstract_en"]
    date_hierarchy = "start"
    autocomplete_fields = ["exhibitor"]
    readonly_fields = ["guid", "created_at", "updated_at"]
    inlines = [SessionSpeakerInline]
    fieldsets = [
        (None, {"fields": ["convention", "status", "format", "track", "language", "guid"]}),
        ("Title and abstract", {"fields": ["title_de", "title_en", "abstract_de", "abstract_en"]}),
        ("Room and time", {"fields": ["room", "start", "end", "capacity", "expected_attendance"]}),
        ("Booth talk", {"fields": ["exhibitor"], "classes": ["collapse"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]


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


class BoothInline(admin.StackedInline):
    model = Booth
    extra = 0


class ExhibitorMaterialInline(admin.TabularInline):
    model = ExhibitorMaterial
    extra = 0


class ExhibitorStaffInline(admin.TabularInline):
    model = ExhibitorStaffMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Exhibitor)
class ExhibitorAdmin(admin.ModelAdmin):
    list_display = ["name", "convention", "booth"]
    list_filter = ["convention", "booth__hall"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BoothInline, ExhibitorMaterialInline, ExhibitorStaffInline]


@admin.register(ScheduleRelease)
class ScheduleReleaseAdmin(admin.ModelAdmin):
    list_display = ["convention", "version", "released_at", "released_by", "comment"]
    list_filter = ["convention"]
    readonly_fields = ["convention", "version", "released_at", "released_by", "snapshot", "changelog", "warnings"]

    def has_add_permission(self, request) -> bool:
        # Releases are made through the API or the "release" action, which computes changelog and warnings.
        return False


from events import admin_checkin  # noqa: E402, F401  (badges, check-in and devices)
