"""Template contexts kept as JSON with the email, and rendering them.

An email queued with ``services.queue_later`` is rendered by the worker, maybe
after the change that queued it has been followed by others (an order paid or
shipped before its confirmation goes out). It must still say what was true
when it was queued, so its context is frozen then: model instances become the
values of their own columns (not a reference to a row that may change),
``Decimal``, dates and times keep their type, and the worker renders from
that copy. A related object not in the copy (``order.invoice``) is read when
the email is rendered: freeze only rows whose relations do not change.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.apps import apps
from django.db.models import Model
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

MODEL, DECIMAL, DATETIME, DATE, TIME = (
    "$model",
    "$decimal",
    "$datetime",
    "$date",
    "$time",
)


def render(template: str, context: dict | None) -> tuple[str, str]:
    """Render ``template``.txt and, when it exists, ``template``.html."""
    body = render_to_string(f"{template}.txt", context)
    try:
        html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        html = ""
    return body, html


def freeze(value):
    """Return ``value`` as JSON data that ``thaw`` turns back into its like.

    Raises TypeError for anything else, in the caller's transaction: a context
    the worker could not rebuild must fail where it is made, not later.
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Model):
        meta = value._meta
        return {
            MODEL: meta.label_lower,
            "fields": {
                field.attname: freeze(field.value_from_object(value))
                for field in meta.concrete_fields
            },
        }
    if isinstance(value, Decimal):
        return {DECIMAL: str(value)}
    # datetime before date: a datetime is a date too.
    if isinstance(value, datetime):
        return {DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {DATE: value.isoformat()}
    if isinstance(value, time):
        return {TIME: value.isoformat()}
    if isinstance(value, dict):
        return {str(key): freeze(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [freeze(item) for item in value]
    raise TypeError(f"cannot keep {type(value).__name__} in an email's context")


def thaw(data):
    """Return the values ``freeze`` was given (model instances unsaved copies)."""
    if isinstance(data, list):
        return [thaw(item) for item in data]
    if not isinstance(data, dict):
        return data
    if MODEL in data:
        model = apps.get_model(data[MODEL])
        instance = model(**{name: thaw(v) for name, v in data["fields"].items()})
        instance._state.adding = False
        return instance
    if DECIMAL in data:
        return Decimal(data[DECIMAL])
    if DATETIME in data:
        return datetime.fromisoformat(data[DATETIME])
    if DATE in data:
        return date.fromisoformat(data[DATE])
    if TIME in data:
        return time.fromisoformat(data[TIME])
    return {key: thaw(item) for key, item in data.items()}
