from django.db import migrations


def create_counter(apps, schema_editor):
    # The one counter row exists before the first invoice, so two first
    # invoices never race to create it.
    apps.get_model("trade", "InvoiceCounter").objects.get_or_create(name="invoice")


class Migration(migrations.Migration):
    # Reviewed: inserts the counter row of a table only this release reads.
    reviewed_safe_operations = ["Raw Python operation"]
    dependencies = [("trade", "0001_initial")]

    operations = [migrations.RunPython(create_counter, migrations.RunPython.noop)]
