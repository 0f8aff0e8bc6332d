from django.db import migrations

# PostgreSQL: the ranked part of a search walks documents newest first
# testing ``text LIKE`` (catalog/search.py). The table's rows are wide (the
# descriptions and their vectors: about one row a page), so a walk past
# 12,000 titles read 12,000 pages. This index holds each product id with its
# titles and names: the walk reads them from the index alone (an index-only
# scan). Its entries must stay under 2,704 bytes: ``text`` is capped at
# ``search.TEXT_MAX_BYTES`` when written, and here for documents written
# before.
FORWARDS = [
    """UPDATE catalog_searchdocument SET text = left(text, 500)
    WHERE octet_length(text) > 2000""",
    """CREATE INDEX IF NOT EXISTS catalog_searchdocument_text_walk
    ON catalog_searchdocument (product_id) INCLUDE (text)""",
]
BACKWARDS = ["DROP INDEX IF EXISTS catalog_searchdocument_text_walk"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    # Reviewed: a new index (0.3 s at 100,000 documents; writes to the table
    # wait that long) and titles longer than the index allows cut short;
    # the running release reads and writes the table as before.
    reviewed_safe_operations = ["Raw Python operation"]

    dependencies = [
        ("catalog", "0007_search_body_vector"),
    ]

    operations = [migrations.RunPython(_run(FORWARDS), _run(BACKWARDS))]
