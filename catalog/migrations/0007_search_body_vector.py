from django.db import migrations

# PostgreSQL keeps each document's full-text vector in a stored column. With
# only an expression index, a search that walks products newest first (to
# stop after a page's worth, see catalog/search.py) computed to_tsvector()
# over every description it passed: 0.6 ms a row, 300 ms a search at 100,000
# products. The index keeps its name, on the column now.
FORWARDS = [
    """ALTER TABLE catalog_searchdocument ADD COLUMN body_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(body, '')))
    STORED""",
    "DROP INDEX IF EXISTS catalog_searchdocument_body",
    """CREATE INDEX catalog_searchdocument_body ON catalog_searchdocument
    USING gin (body_vector)""",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS catalog_searchdocument_body",
    "ALTER TABLE catalog_searchdocument DROP COLUMN IF EXISTS body_vector",
    """CREATE INDEX catalog_searchdocument_body ON catalog_searchdocument
    USING gin (to_tsvector('simple'::regconfig, COALESCE(body, '')))""",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements:
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    # 0003_search now makes the column itself: only databases that ran its
    # earlier version (an expression index, no column) need converting.
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_name = "
                "'catalog_searchdocument' AND column_name = 'body_vector'"
            )
            if cursor.fetchone():
                return
    _run(schema_editor, FORWARDS)


def backwards(apps, schema_editor):
    _run(schema_editor, BACKWARDS)


class Migration(migrations.Migration):
    # Reviewed: only search reads this table and the running release never
    # names the new column (it writes text and body); the table is rewritten
    # once (seconds at 100,000 products) while search waits.
    reviewed_safe_operations = ["Raw Python operation"]

    dependencies = [
        ("catalog", "0006_product_pay_what_you_can"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
