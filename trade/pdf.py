"""Invoices as PDF, through WeasyPrint (HTML and CSS to PDF, with Debian's
fonts through Pango): the PDF is the same template as the invoice page."""

from django.conf import settings
from django.template.loader import render_to_string


def invoice_pdf(invoice, *, base_url: str) -> bytes:
    """Return ``invoice`` as a PDF document."""
    html = render_to_string("trade/invoice_pdf.html", invoice_context(invoice))
    return _weasyprint_html()(string=html, base_url=base_url).write_pdf()


def credit_note_pdf(note, *, base_url: str) -> bytes:
    """Return credit note ``note`` as a PDF document."""
    html = render_to_string("trade/credit_note_pdf.html", credit_note_context(note))
    return _weasyprint_html()(string=html, base_url=base_url).write_pdf()


def _weasyprint_html():
    """Return WeasyPrint's HTML class, leaving Pillow as the shop set it.

    Imported here, so WeasyPrint (and Pango) cost every other page nothing.
    Importing it turns on Pillow's process-wide LOAD_TRUNCATED_IMAGES, which
    would let a damaged cover through catalog.covers' checks afterwards.
    """
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    # weasyprint.images sets the flag when first imported, which a plain
    # `from weasyprint import HTML` leaves until the first PDF is drawn.
    from weasyprint import HTML, images  # noqa: F401

    ImageFile.LOAD_TRUNCATED_IMAGES = before
    return HTML


def _shop() -> dict:
    return {
        "SHOP_NAME": settings.SHOP_NAME,
        "SHOP_EMAIL": settings.SHOP_EMAIL,
        "SHOP_ADDRESS": settings.SHOP_ADDRESS,
        "PAYMENT_DETAILS": settings.BANK_TRANSFER_DETAILS,
    }


def invoice_context(invoice) -> dict:
    return _shop() | {
        "invoice": invoice,
        "lines": list(invoice.lines.all()),
        "payments": list(invoice.payments.all()),
        "credit_notes": list(invoice.credit_notes.all()),
    }


def credit_note_context(note) -> dict:
    return _shop() | {
        "note": note,
        "invoice": note.invoice,
        "lines": list(note.lines.all()),
    }
