"""Invoices as PDF, through WeasyPrint (HTML and CSS to PDF, with Debian's
fonts through Pango): the PDF is the same template as the invoice page."""

from django.template.loader import render_to_string


def invoice_pdf(invoice, *, base_url: str) -> bytes:
    """Return ``invoice`` as a PDF document."""
    # Imported here: loading WeasyPrint (and Pango) costs every other page nothing.
    from weasyprint import HTML

    html = render_to_string("trade/invoice_pdf.html", invoice_context(invoice))
    return HTML(string=html, base_url=base_url).write_pdf()


def invoice_context(invoice) -> dict:
    from django.conf import settings

    return {
        "invoice": invoice,
        "lines": list(invoice.lines.all()),
        "payments": list(invoice.payments.all()),
        "SHOP_NAME": settings.SHOP_NAME,
        "SHOP_EMAIL": settings.SHOP_EMAIL,
        "SHOP_ADDRESS": settings.SHOP_ADDRESS,
        "PAYMENT_DETAILS": settings.BANK_TRANSFER_DETAILS,
    }
