"""Registration endpoints: sign up, the attendee's own registration, cancelling, the organizer's list and CSV."""

import datetime as dt

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, status
from rest_framework import serializers as drf_serializers
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from api.permissions import ReadOnlyMember, require_team_member
from api.serializers.registrations import (
    NewRegistrationSerializer,
    RegistrationInputSerializer,
    RegistrationSerializer,
    RegistrationUpdateSerializer,
)
from api.throttling import RegistrationRateThrottle
from api.views.base import OrganizerAPIView
from events.enums import AuditAction
from events.exports import registrations_csv
from events.models import Convention, Registration, RegistrationStatus
from events.permissions import is_organizer, is_team_member
from events.selectors import registrations as selectors
from events.services import audit
from events.services import registration as registration_service

ERROR_CODES = (
    "invalid, malformed_request, unknown_ticket_type, sale_closed, not_eligible, invalid_voucher, "
    "payments_unavailable, voucher_exhausted, sold_out, max_per_order_exceeded"
)


FILTER_PARAMETERS = [
    OpenApiParameter("status", str, enum=RegistrationStatus.values),
    OpenApiParameter("ticket_type", int),
    OpenApiParameter("q", str, description="Search: each word is the code or part of name, e-mail, organization."),
    OpenApiParameter("checked_in", bool, description="Accepted at any check-in list (true) or never (false)."),
    OpenApiParameter("day", str, description="The ticket admits its holder on this day (YYYY-MM-DD)."),
]


def visible_registration(request: Request, code: str, *, export: bool = False) -> Registration:
    """The registration if the caller is its attendee (bearer token) or on the convention's team; otherwise 404,
    so codes cannot be probed. Team members read it; changes and personal data exports (``export``) need an owner
    or organizer (403 for the other roles)."""
    registration = selectors.registration_by_code(code=code) if len(code) <= 12 else None
    if registration is None:
        raise exceptions.NotFound()
    own = isinstance(request.auth, Registration) and request.auth.pk == registration.pk
    if own:
        return registration
    if not is_team_member(request.user, registration.convention):
        raise exceptions.NotFound()
    if (export or request.method not in SAFE_METHODS) and not is_organizer(request.user, registration.convention):
        raise ReadOnlyMember()
    return registration


# Built once: a serializer copies all its declared fields each time it is instantiated, which on the sign-up path
# costs more than rendering them. Its fields are read-only and keep no per-response state, so threads share it.
# The new registration's access token is not a model field: it is added to this shape's answer (documented by
# NewRegistrationSerializer), never attached to the instance.
REGISTRATION_SHAPE = RegistrationSerializer()


class ConventionRegistrationsView(APIView):
    permission_classes = [AllowAny]  # POST registers anyone (throttled); GET calls require_organizer

    def get_throttles(self):
        # Sign-ups are limited per client address (a ticket rush from one address is a script); the organizer's
        # list on the same URL is not.
        return [RegistrationRateThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        request=RegistrationInputSerializer,
        responses={201: NewRegistrationSerializer},
        description=(
            "Register one attendee. Free tickets are confirmed at once; paid ones are held for payment and the "
            "response carries `checkout_url`. `access_token` is shown only here. One e-mail address may hold at "
            "most `max_per_order` active registrations of a ticket type. Error codes: " + ERROR_CODES
        ),
    )
    def post(self, request: Request, slug: str) -> Response:
        try:
            data = RegistrationInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
        except exceptions.APIException:
            get_object_or_404(Convention, slug=slug)  # an unknown convention is 404 whatever the body says
            raise
        values = data.validated_data
        # Registration is the hot path of a ticket launch: the ticket type and its convention are one query.
        ticket_type = selectors.ticket_type_for_registration(convention_slug=slug, ticket_type_id=values["ticket_type"])
        convention = ticket_type.convention if ticket_type else get_object_or_404(Convention, slug=slug)
        new = registration_service.register_attendee(
            convention=convention,
            ticket_type_id=values["ticket_type"],
            first_name=values["first_name"],
            last_name=values["last_name"],
            email=values["email"],
            accept_terms=values["accept_terms"],
            organization=values["organization"],
            job_title=values["job_title"],
            language=values["language"],
            answers=values["answers"],
            share_contact_with_exhibitors=values["share_contact_with_exhibitors"],
            newsletter=values["newsletter"],
            voucher_code=values["voucher"],
            ticket_type=ticket_type,
        )
        answer = {**REGISTRATION_SHAPE.to_representation(new.registration), "access_token": new.access_token}
        return Response(answer, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            *FILTER_PARAMETERS,
            OpenApiParameter("cursor", str, description="The `next` or `previous` link's position."),
            OpenApiParameter("page_size", int, description=f"1 to {selectors.MAX_PAGE_SIZE}, default 50."),
        ],
        responses={
            200: inline_serializer(
                "RegistrationPage",
                fields={
                    "count": drf_serializers.IntegerField(
                        help_text=f"Matches, counted up to {selectors.COUNT_LIMIT + 1} (see count_is_exact)."
                    ),
                    "count_is_exact": drf_serializers.BooleanField(),
                    "next": drf_serializers.CharField(allow_null=True),
                    "previous": drf_serializers.CharField(allow_null=True),
                    "results": RegistrationSerializer(many=True),
                },
            )
        },
        description=(
            "Organizers: the convention's registrations, newest first, filtered and searched, in pages that "
            "continue from a position (`next`, `previous`), so every page is as fast as the first."
        ),
    )
    def get(self, request: Request, slug: str) -> Response:
        convention = get_object_or_404(Convention, slug=slug)
        require_team_member(request, convention)
        registrations = filtered_registrations(request, convention)
        page = selectors.registration_page(
            registrations=registrations,
            cursor=request.query_params.get("cursor", "")[:200],
            size=page_size(request),
        )
        audit_list_access(request, convention, AuditAction.REGISTRATIONS_LISTED, shown=len(page.items))
        return Response(
            {
                "count": page.count,
                "count_is_exact": page.count_is_exact,
                "next": cursor_link(request, page.next_cursor),
                "previous": cursor_link(request, page.previous_cursor),
                "results": RegistrationSerializer(page.items, many=True).data,
            }
        )


def page_size(request: Request) -> int:
    raw = request.query_params.get("page_size") or str(selectors.PAGE_SIZE)
    if not raw.isdigit() or not 1 <= int(raw) <= selectors.MAX_PAGE_SIZE:
        raise exceptions.ValidationError({"page_size": f"A number from 1 to {selectors.MAX_PAGE_SIZE}."})
    return int(raw)


def cursor_link(request: Request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    return replace_query_param(request.build_absolute_uri(), "cursor", cursor)


def filtered_registrations(request: Request, convention: Convention):
    status_filter = request.query_params.get("status") or None
    if status_filter and status_filter not in RegistrationStatus.values:
        raise exceptions.ValidationError({"status": f"One of: {', '.join(RegistrationStatus.values)}."})
    ticket_type = request.query_params.get("ticket_type") or None
    if ticket_type and not ticket_type.isdigit():
        raise exceptions.ValidationError({"ticket_type": "A ticket type id."})
    checked_in_choices: dict[str, bool | None] = {"true": True, "false": False, "": None}
    checked_in_value = request.query_params.get("checked_in", "").lower()
    if checked_in_value not in checked_in_choices:
        raise exceptions.ValidationError({"checked_in": "true or false."})
    checked_in = checked_in_choices[checked_in_value]
    day = None
    if request.query_params.get("day"):
        try:
            day = dt.date.fromisoformat(request.query_params["day"])
        except ValueError as exc:
            raise exceptions.ValidationError({"day": "A date, YYYY-MM-DD."}) from exc
    return selectors.registrations_for_organizer(
        convention=convention,
        status=status_filter,
        ticket_type_id=int(ticket_type) if ticket_type else None,
        search=request.query_params.get("q", "")[:200],
        checked_in=checked_in,
        day=day,
    )


class ConventionRegistrationsCsvView(OrganizerAPIView):
    personal_data_export = True  # owners and organizers only

    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses={(200, "text/csv"): str},
        description=(
            "Organizers: the filtered registrations as CSV (UTF-8, one row per registration, answers last), "
            "streamed as it is read: the first rows arrive at once whatever the size."
        ),
    )
    def get(self, request: Request, slug: str) -> StreamingHttpResponse:
        convention = self.convention
        registrations = filtered_registrations(request, convention)
        audit_list_access(request, convention, AuditAction.REGISTRATIONS_EXPORTED, shown=registrations.count())
        return registrations_csv.streaming_response(convention=convention, registrations=registrations)


class RegistrationDetailView(APIView):
    permission_classes = [AllowAny]  # the registration's attendee or organizers: _registration_for decides

    @extend_schema(
        responses={200: RegistrationSerializer},
        description="The attendee (Authorization: Bearer <access_token>) or an organizer. Anybody else: 404.",
    )
    def get(self, request: Request, code: str) -> Response:
        registration = visible_registration(request, code)
        audit_other_access(request, registration, AuditAction.REGISTRATION_VIEWED)
        return Response(RegistrationSerializer(registration).data)

    @extend_schema(
        request=RegistrationUpdateSerializer,
        responses={200: RegistrationSerializer},
        description="Fix the name, organization, job title or preferred language.",
    )
    def patch(self, request: Request, code: str) -> Response:
        registration = visible_registration(request, code)
        data = RegistrationUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = registration_service.update_attendee_details(registration=registration, **data.validated_data)
        audit_other_access(request, registration, AuditAction.REGISTRATION_UPDATED, fields=sorted(data.validated_data))
        return Response(RegistrationSerializer(registration).data)


class RegistrationCancelView(APIView):
    permission_classes = [AllowAny]  # the registration's attendee or organizers: _registration_for decides

    @extend_schema(
        request=None,
        responses={200: RegistrationSerializer},
        description=(
            "Cancel the registration and free its seat. Paid registrations cancelled before the refund deadline "
            "are refunded through Stripe (`refund_status`). Repeating the call changes nothing."
        ),
    )
    def post(self, request: Request, code: str) -> Response:
        registration = visible_registration(request, code)
        registration = registration_service.cancel_registration(registration=registration)
        return Response(RegistrationSerializer(registration).data)


def audit_list_access(request: Request, convention: Convention, action: AuditAction, *, shown: int) -> None:
    # Filters are recorded by name only: a search term may be the very name the audit log must not keep.
    filters = sorted(name for name in ("status", "ticket_type", "q") if request.query_params.get(name))
    audit.record_access(
        actor=request.user,
        action=action,
        convention=convention,
        object_type="registration",
        details={"registrations": shown, "filters": filters},
    )


def audit_other_access(request: Request, registration: Registration, action: AuditAction, **details: object) -> None:
    """Audit an organizer reading or changing someone's registration; attendees acting on their own are not."""
    if isinstance(request.auth, Registration) and request.auth.pk == registration.pk:
        return
    audit.record_access(
        actor=request.user,
        action=action,
        convention=registration.convention,
        object_type="registration",
        object_id=registration.code,
        registration=registration,
        details=details,
    )
