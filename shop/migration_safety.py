"""Which migrations are safe to run while the previous release still serves.

``migrate`` runs before the new code starts, so for a while the old code
reads and writes the migrated tables; and on PostgreSQL some operations
rewrite a table or hold a lock that stops sales while they run. The rule
(docs/deploy.md, "Upgrading"): add, don't change; no renames or removals in
the release that stops using something; no type changes; indexes built
concurrently. ``risky_operations()`` lists every operation, in migrations
newer than ``PREVIOUS_RELEASE``, that breaks the rule on an existing table.
A migration whose operation was reviewed and is safe anyway names it (its
``describe()`` text) in ``reviewed_safe_operations``.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations import operations as ops
from django.db.migrations.loader import MigrationLoader
from django.db.models import NOT_PROVIDED, ForeignKey, Value

# The last migration of each app in the previous release (move on at each
# release): these ran long ago and are not judged again.
PREVIOUS_RELEASE = {
    "admin": "0003_logentry_add_action_flag_choices",
    "auth": "0012_alter_user_first_name_max_length",
    "contenttypes": "0002_remove_content_type_name",
    "sessions": "0001_initial",
    "catalog": "0002_product_is_featured",
    "cart": "0002_line_outlives_product_band_messages",
    "checkout": "0002_default_terms",
}

_BREAKS_OLD_CODE = (
    ops.RemoveField,
    ops.RenameField,
    ops.DeleteModel,
    ops.RenameModel,
    ops.AlterModelTable,
)
_CODE = (ops.RunPython, ops.RunSQL)


def _project_apps():
    # Apps of this repository sit at its top level; third-party ones (even in
    # a .venv inside it) are their maintainers' business.
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR)
    }


def released(loader):
    """Return the migrations that were part of the previous release."""
    done = set()
    for app, name in PREVIOUS_RELEASE.items():
        if (app, name) in loader.graph.nodes:
            done.update(loader.graph.forwards_plan((app, name)))
    return done


def operation_problem(operation, old_field=None, new_model=False):
    """Return why ``operation`` is unsafe while old code serves, or None."""
    if isinstance(operation, ops.SeparateDatabaseAndState):
        for inner in operation.database_operations:
            problem = operation_problem(inner, old_field, new_model)
            if problem:
                return problem
        return None
    if isinstance(operation, ops.CreateModel) or new_model:
        return None  # a new table: nothing reads it yet, nothing to rewrite
    if isinstance(operation, _BREAKS_OLD_CODE):
        return "removes or renames what the running code still uses"
    if isinstance(operation, _CODE):
        return "runs code or SQL over existing rows: review it"
    if isinstance(operation, ops.AddField):
        field = operation.field
        db_default = getattr(field, "db_default", NOT_PROVIDED)
        computed = hasattr(db_default, "resolve_expression") and not isinstance(
            db_default, Value
        )
        if db_default is not NOT_PROVIDED and computed:
            return "adds a column with a computed database default: rewrites the table"
        if not field.null and db_default is NOT_PROVIDED and not field.many_to_many:
            return (
                "adds a NOT NULL column without db_default: the running code's "
                "inserts fail"
            )
        if field.unique or (field.db_index and not isinstance(field, ForeignKey)):
            return "builds an index with writes locked: use AddIndexConcurrently"
        return None
    if isinstance(operation, ops.AlterField) and old_field is not None:
        new = operation.field
        if old_field.db_type(connection) != new.db_type(connection):
            return "changes a column's type: rewrites the table"
        if old_field.null and not new.null:
            return "makes a column NOT NULL: scans the table under an exclusive lock"
        if (new.unique and not old_field.unique) or (
            new.db_index and not old_field.db_index
        ):
            return "builds an index with writes locked: use AddIndexConcurrently"
        return None
    if type(operation).__name__ in ("AddIndexConcurrently", "RemoveIndexConcurrently"):
        return None
    if isinstance(operation, ops.AddIndex | ops.AlterUniqueTogether):
        return "builds an index with writes locked: use AddIndexConcurrently"
    if isinstance(operation, ops.AddConstraint):
        return "checks every row with writes locked: add it NOT VALID, then validate"
    return None


def risky_operations():
    """Return "app.migration: operation: why" for each unsafe new operation."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    old = released(loader)
    project = _project_apps()
    # Tables the previous release did not have are new to every server:
    # nothing running reads them yet, whichever migration adds a column.
    leaves = [k for k in PREVIOUS_RELEASE.items() if k in loader.graph.nodes]
    before = loader.project_state(leaves, at_end=True).models
    problems = []
    for key in sorted(loader.graph.nodes):
        app, name = key
        if key in old or app not in project:
            continue
        migration = loader.graph.nodes[key]
        reviewed = set(getattr(migration, "reviewed_safe_operations", ()))
        state = loader.project_state(key, at_end=False)
        for operation in migration.operations:
            model = getattr(operation, "model_name", None)
            if model is None and isinstance(operation, ops.models.ModelOperation):
                model = operation.name
            model_key = (app, (model or "").lower())
            new_model = model is not None and (
                model_key not in state.models or model_key not in before
            )
            old_field = None
            if isinstance(operation, ops.AlterField) and not new_model:
                old_field = state.models[model_key].fields.get(operation.name)
            problem = operation_problem(operation, old_field, new_model)
            if problem and operation.describe() not in reviewed:
                problems.append(f"{app}.{name}: {operation.describe()}: {problem}")
            operation.state_forwards(app, state)
    return problems
