"""Badge artwork: A6 portrait, lines from ``templates/badges/badge.txt`` and the QR code below them.

PNG is drawn with Pillow at 300 dpi; PDF with reportlab, the QR code as vector rectangles so it prints sharp.
Both use the same template lines and the same QR matrix (version ≤ 6, error correction M).
"""

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

import qrcode
from django.template.loader import render_to_string
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from events.models import Badge, Registration
from events.services.badge_codes import CODE_LENGTH
from events.text import clean_line

TEMPLATE = "badges/badge.txt"
DPI = 300
PNG_SIZE = (1240, 1748)  # A6 (105 × 148 mm) at 300 dpi
QR_BORDER_MODULES = 4
_STYLES = {  # style → (PNG font size in px, PDF font, PDF size in pt)
    "header": (48, "Helvetica-Bold", 11),
    "name": (96, "Helvetica-Bold", 22),
    "organization": (56, "Helvetica", 13),
    "ticket": (52, "Helvetica-Bold", 12),
    "days": (44, "Helvetica", 10),
    "code": (64, "Courier-Bold", 15),
}


@dataclass(frozen=True)
class BadgeLine:
    style: str
    text: str


def qr_matrix(code: str) -> list[list[bool]]:
    """The QR modules for a code at level M, without the quiet zone (version 6 for every badge code).

    The mask pattern is fixed: every mask gives a valid symbol, and searching the best of eight costs eight
    encodings per badge (17 ms instead of 2 ms), which dominates bulk printing.
    """
    fits_version_6 = len(code) <= CODE_LENGTH
    qr = qrcode.QRCode(
        version=6 if fits_version_6 else None, error_correction=ERROR_CORRECT_M, border=0, mask_pattern=2
    )
    qr.add_data(code.upper(), optimize=0)
    qr.make(fit=not fits_version_6)
    return qr.get_matrix()


def _valid_days_text(registration: Registration) -> str:
    days = registration.ticket_type.valid_days
    if not days:
        return "All days · Alle Tage"
    parsed = []
    for day in days:
        try:
            parsed.append(dt.date.fromisoformat(day))
        except (TypeError, ValueError):
            continue
    parsed.sort()
    return " · ".join(day.strftime("%a %d.%m.") for day in parsed)


def printed_registration_code(code: str) -> str:
    """The registration code in two groups of four ("K7QM 2XPA"), easy to read out and to type at a scanner."""
    return f"{code[:4]} {code[4:]}" if len(code) == 8 else code


def badge_lines(*, registration: Registration) -> list[BadgeLine]:
    """The printed lines, one per template line: every value is made single-line first, so text stored before
    input was cleaned cannot print a line of its own ("ALL ACCESS VIP" under the name)."""
    values = {
        "convention_name": registration.convention.name,
        "name": registration.full_name,
        "organization": registration.organization,
        "ticket_type": registration.ticket_type.name_in(registration.language),
        "valid_days": _valid_days_text(registration),
        "registration_code": printed_registration_code(registration.code),
    }
    text = render_to_string(TEMPLATE, {key: clean_line(value) for key, value in values.items()})
    lines = []
    for raw in text.splitlines():
        style, _, value = raw.partition("|")
        if style.strip() in _STYLES and value.strip():
            lines.append(BadgeLine(style=style.strip(), text=value.strip()))
    return lines


def _fit_font(
    draw: ImageDraw.ImageDraw, text: str, size: int, width: int
) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    font = ImageFont.load_default(size=size)
    while size > 20 and draw.textlength(text, font=font) > width:
        size -= 4
        font = ImageFont.load_default(size=size)
    return font


def render_png(*, badge: Badge) -> bytes:
    registration = badge.registration
    image = Image.new("L", PNG_SIZE, 255)
    draw = ImageDraw.Draw(image)
    margin, y = 80, 80
    for line in badge_lines(registration=registration):
        size = _STYLES[line.style][0]
        font = _fit_font(draw, line.text, size, PNG_SIZE[0] - 2 * margin)
        draw.text((margin, y), line.text, font=font, fill=0)
        y += int(size * 1.35)
    matrix = qr_matrix(badge.code)
    modules = len(matrix) + 2 * QR_BORDER_MODULES
    box = min((PNG_SIZE[0] - 2 * margin) // modules, (PNG_SIZE[1] - y - margin) // modules)
    left = (PNG_SIZE[0] - modules * box) // 2
    top = PNG_SIZE[1] - margin - modules * box
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                x0 = left + (column + QR_BORDER_MODULES) * box
                y0 = top + (row + QR_BORDER_MODULES) * box
                draw.rectangle((x0, y0, x0 + box - 1, y0 + box - 1), fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(DPI, DPI), optimize=False)
    return out.getvalue()


def _draw_pdf_page(pdf: canvas.Canvas, badge: Badge) -> None:
    width, height = A6
    margin = 7 * mm
    y = height - margin
    for line in badge_lines(registration=badge.registration):
        _, font, size = _STYLES[line.style]
        while size > 6 and pdf.stringWidth(line.text, font, size) > width - 2 * margin:
            size -= 1
        y -= size * 1.2
        pdf.setFont(font, size)
        pdf.drawString(margin, y, line.text)
        y -= size * 0.3
    matrix = qr_matrix(badge.code)
    modules = len(matrix) + 2 * QR_BORDER_MODULES
    side = min(width - 2 * margin, y - margin - 2 * mm)
    box = side / modules
    left = (width - side) / 2
    top = margin + side  # reportlab's origin is bottom-left
    pdf.setFillGray(0)
    for row, cells in enumerate(matrix):
        column = 0
        while column < len(cells):  # one rectangle per horizontal run of dark modules keeps the PDF small
            if not cells[column]:
                column += 1
                continue
            start = column
            while column < len(cells) and cells[column]:
                column += 1
            pdf.rect(
                left + (start + QR_BORDER_MODULES) * box,
                top - (row + QR_BORDER_MODULES + 1) * box,
                (column - start) * box,
                box,
                stroke=0,
                fill=1,
            )
    pdf.showPage()


def render_pdf(*, badges: Iterable[Badge], on_page=None) -> bytes:
    """One A6 page per badge; ``on_page(n)`` is called after every page (progress reporting)."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A6, pageCompression=1)
    pdf.setTitle("Badges")
    for number, badge in enumerate(badges, start=1):
        _draw_pdf_page(pdf, badge)
        if on_page is not None:
            on_page(number)
    pdf.save()
    return out.getvalue()
