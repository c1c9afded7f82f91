"""Ticket types, vouchers and questions: public listings and the organizer's editing."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import PublicReadsOrganizerChanges
from api.serializers.ticketing import (
    QuestionSerializer,
    TicketTypePublicSerializer,
    TicketTypeSerializer,
    VoucherSerializer,
)
from api.views.base import OrganizerAPIView
from events.models import Convention, Question, TicketType, Voucher
from events.permissions import is_team_member
from events.selectors import registrations as selectors
from events.services import ticketing


class TicketTypeListView(APIView):
    permission_classes = [PublicReadsOrganizerChanges]
    convention: Convention

    @extend_schema(
        responses={200: TicketTypePublicSerializer(many=True)},
        description="Ticket types on sale now (public). Organizers get every ticket type with counters.",
    )
    def get(self, request: Request, slug: str) -> Response:
        convention = self.convention
        if is_team_member(request.user, convention):
            ticket_types = selectors.ticket_types_for_organizer(convention=convention)
            return Response(TicketTypeSerializer(ticket_types, many=True, context={"convention": convention}).data)
        ticket_types = selectors.ticket_types_on_sale(convention=convention, now=timezone.now())
        return Response(TicketTypePublicSerializer(ticket_types, many=True).data)

    @extend_schema(request=TicketTypeSerializer, responses={201: TicketTypeSerializer})
    def post(self, request: Request, slug: str) -> Response:
        convention = self.convention
        data = TicketTypeSerializer(data=request.data, context={"convention": convention})
        data.is_valid(raise_exception=True)
        ticket_type = ticketing.create_ticket_type(convention=convention, **data.validated_data)
        return Response(
            TicketTypeSerializer(ticket_type, context={"convention": convention}).data, status=status.HTTP_201_CREATED
        )


class TicketTypeDetailView(OrganizerAPIView):
    def _get(self, request: Request, slug: str, pk: int) -> TicketType:
        return get_object_or_404(TicketType, convention=self.convention, pk=pk)

    @extend_schema(responses={200: TicketTypeSerializer}, description="Organizers only.")
    def get(self, request: Request, slug: str, pk: int) -> Response:
        ticket_type = self._get(request, slug, pk)
        return Response(TicketTypeSerializer(ticket_type, context={"convention": ticket_type.convention}).data)

    @extend_schema(request=TicketTypeSerializer, responses={200: TicketTypeSerializer})
    def patch(self, request: Request, slug: str, pk: int) -> Response:
        ticket_type = self._get(request, slug, pk)
        context = {"convention": ticket_type.convention}
        data = TicketTypeSerializer(ticket_type, data=request.data, partial=True, context=context)
        data.is_valid(raise_exception=True)
        ticket_type = ticketing.update_ticket_type(ticket_type=ticket_type, **data.validated_data)
        return Response(TicketTypeSerializer(ticket_type, context=context).data)

    @extend_schema(responses={204: None}, description="Only without registrations (409 `in_use` otherwise).")
    def delete(self, request: Request, slug: str, pk: int) -> Response:
        ticketing.delete_ticket_type(ticket_type=self._get(request, slug, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class VoucherListView(OrganizerAPIView):
    @extend_schema(responses={200: VoucherSerializer(many=True)}, description="Organizers only.")
    def get(self, request: Request, slug: str) -> Response:
        convention = self.convention
        vouchers = selectors.vouchers_for_organizer(convention=convention)
        return Response(VoucherSerializer(vouchers, many=True, context={"convention": convention}).data)

    @extend_schema(request=VoucherSerializer, responses={201: VoucherSerializer})
    def post(self, request: Request, slug: str) -> Response:
        convention = self.convention
        data = VoucherSerializer(data=request.data, context={"convention": convention})
        data.is_valid(raise_exception=True)
        voucher = ticketing.create_voucher(convention=convention, **data.validated_data)
        return Response(
            VoucherSerializer(voucher, context={"convention": convention}).data, status=status.HTTP_201_CREATED
        )


class VoucherDetailView(OrganizerAPIView):
    def _get(self, request: Request, slug: str, pk: int) -> Voucher:
        return get_object_or_404(Voucher, convention=self.convention, pk=pk)

    @extend_schema(responses={200: VoucherSerializer})
    def get(self, request: Request, slug: str, pk: int) -> Response:
        voucher = self._get(request, slug, pk)
        return Response(VoucherSerializer(voucher, context={"convention": voucher.convention}).data)

    @extend_schema(request=VoucherSerializer, responses={200: VoucherSerializer})
    def patch(self, request: Request, slug: str, pk: int) -> Response:
        voucher = self._get(request, slug, pk)
        context = {"convention": voucher.convention}
        data = VoucherSerializer(voucher, data=request.data, partial=True, context=context)
        data.is_valid(raise_exception=True)
        voucher = ticketing.update_voucher(voucher=voucher, **data.validated_data)
        return Response(VoucherSerializer(voucher, context=context).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, slug: str, pk: int) -> Response:
        ticketing.delete_voucher(voucher=self._get(request, slug, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class QuestionListView(APIView):
    permission_classes = [PublicReadsOrganizerChanges]
    convention: Convention

    @extend_schema(responses={200: QuestionSerializer(many=True)}, description="The registration form's questions.")
    def get(self, request: Request, slug: str) -> Response:
        convention = self.convention
        return Response(QuestionSerializer(selectors.questions_of(convention=convention), many=True).data)

    @extend_schema(request=QuestionSerializer, responses={201: QuestionSerializer})
    def post(self, request: Request, slug: str) -> Response:
        convention = self.convention
        data = QuestionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = ticketing.create_question(convention=convention, **data.validated_data)
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class QuestionDetailView(OrganizerAPIView):
    def _get(self, request: Request, slug: str, pk: int) -> Question:
        return get_object_or_404(Question, convention=self.convention, pk=pk)

    @extend_schema(request=QuestionSerializer, responses={200: QuestionSerializer})
    def patch(self, request: Request, slug: str, pk: int) -> Response:
        question = self._get(request, slug, pk)
        data = QuestionSerializer(question, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        question = ticketing.update_question(question=question, **data.validated_data)
        return Response(QuestionSerializer(question).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, slug: str, pk: int) -> Response:
        ticketing.delete_question(question=self._get(request, slug, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
