"""The import page: upload a file, see the preview row by row, confirm, see the result (POST/redirect/GET).

The file is kept through the storage API between the preview and the confirmation (``ImportUpload``); the
preview is computed again on each visit and writes nothing; the import runs once.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from events.errors import DomainError
from events.models import ImportUpload
from events.services import imports
from web.organizer.access import organizer_page
from web.organizer.imports.forms import KIND_LABELS, ConfirmForm, UploadForm
from web.pages import page_context

ACTION_LABELS = {
    imports.CREATED: gettext_lazy("created"),
    imports.UPDATED: gettext_lazy("updated"),
    imports.UNCHANGED: gettext_lazy("unchanged"),
    imports.REFUSED: gettext_lazy("refused"),
}
ITEM_LABELS = {
    "room": pgettext_lazy("import row", "room"),
    "track": pgettext_lazy("import row", "track"),
    "speaker": pgettext_lazy("import row", "speaker"),
    "session": pgettext_lazy("import row", "session"),
    "exhibitor": pgettext_lazy("import row", "exhibitor"),
    "registration": pgettext_lazy("import row", "guest"),
}


def _render(request: HttpRequest, template: str, *, status: int = 200, **extra) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    context = page_context(request, **extra)
    context.update(convention=convention, time_zone=convention.time_zone, section="upload")
    return render(request, f"pages/organizer/imports/{template}", context, status=status)


@organizer_page(need="change")
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None, convention=convention)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        file = data["file"]
        if file.size > imports.MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 10 MB."))
        else:
            options = imports.ImportOptions(
                invite_managers=data["invite_managers"],
                invite_speakers=data["invite_speakers"],
                ticket_type=data["ticket_type"],
            )
            try:
                stored = imports.store_upload(
                    convention=convention,
                    kind=data["kind"],
                    filename=file.name,
                    data=file.read(),
                    options=options,
                    uploaded_by=request.user,  # type: ignore[arg-type]
                )
            except DomainError as error:
                form.add_error("file", str(error.message))
            else:
                return redirect("web:organizer-imports-preview", slug=convention.slug, upload_id=stored.pk)
    recent = ImportUpload.objects.filter(convention=convention).select_related("uploaded_by")[:10]
    return _render(
        request, "upload.html", status=400 if form.errors else 200, form=form, recent=recent, kinds=KIND_LABELS
    )


@organizer_page(need="change")
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, slug: str, upload_id: int) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    stored = get_object_or_404(ImportUpload, pk=upload_id, convention=convention)
    if stored.imported_at is not None:
        return _render(request, "result.html", upload=stored, kinds=KIND_LABELS, counts=stored.result.get("counts", {}))
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.confirm_upload(
                upload=stored,
                user=request.user,
                skip_refused=form.cleaned_data["skip_refused"],  # type: ignore[arg-type]
            )
        except DomainError as failure:
            error = str(failure.message)
        else:
            if result.written:
                messages.success(request, _("The file has been imported."))
                return redirect("web:organizer-imports-preview", slug=convention.slug, upload_id=stored.pk)
            error = _("Nothing was imported: %(count)s row(s) are refused. Correct them, or leave them out.") % {
                "count": len(result.refused)
            }
    try:
        result = imports.preview_upload(upload=stored)
    except DomainError as failure:
        return _render(
            request, "preview.html", status=400, upload=stored, kinds=KIND_LABELS, file_error=str(failure.message)
        )
    return _render(
        request,
        "preview.html",
        status=409 if error else 200,
        upload=stored,
        kinds=KIND_LABELS,
        result=result,
        rows=[row for row in result.rows if row.action != imports.UNCHANGED or row.notes],
        unchanged=result.counts[imports.UNCHANGED],
        actions=ACTION_LABELS,
        items=ITEM_LABELS,
        form=form,
        error=error,
    )
