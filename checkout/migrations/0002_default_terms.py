from django.db import migrations

BODY = """We post orders within three working days of payment. Prices include VAT where it applies; books are zero-rated.

If something arrives damaged or is not what you ordered, email us within 30 days and we will replace or refund it. You may cancel an order before it is posted for a full refund.

Unpaid orders by bank transfer or cheque are cancelled after two weeks.

Staff: edit these terms in the admin under Checkout › Terms."""


def create_terms(apps, schema_editor):
    Terms = apps.get_model("checkout", "Terms")
    if not Terms.objects.exists():
        Terms.objects.create(title="Terms of sale", body=BODY)


class Migration(migrations.Migration):
    dependencies = [("checkout", "0001_initial")]

    operations = [migrations.RunPython(create_terms, migrations.RunPython.noop)]
