from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("migrate_prestashop", "0003_pages_subscribers_trade_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="show_in_footer",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Link to this page at the foot of every page (when "
                "published).",
                verbose_name="show in footer",
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="footer_order",
            field=models.PositiveSmallIntegerField(
                db_default=0,
                default=0,
                help_text="Footer links run from the lowest number; equal ones "
                "by title.",
                verbose_name="order in footer",
            ),
        ),
    ]
