from django.urls import path

from . import views

app_name = "trade"

urlpatterns = [
    path("", views.home, name="home"),
    path("apply/", views.apply, name="apply"),
    path("quick-order/", views.quick_order, name="quick_order"),
    path("statement/", views.statement, name="statement"),
    path("invoices/<int:number>/", views.invoice, name="invoice"),
    path("invoices/<int:number>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("credit-notes/<int:number>/", views.credit_note, name="credit_note"),
    path(
        "credit-notes/<int:number>/pdf/", views.credit_note_pdf, name="credit_note_pdf"
    ),
    path("consignments/", views.consignments, name="consignments"),
]
