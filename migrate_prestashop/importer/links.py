"""Create or update one object per old id, keeping staff edits.

Each field the import writes is remembered as a short hash. On the next run a
field whose value no longer matches its hash was edited in the new shop: it is
kept and reported. A field whose hash still matches takes the old shop's new
value. Nothing is ever duplicated: the old id finds the object.
"""

import datetime as dt
import hashlib
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from ..models import OldLink


def fingerprint(value) -> str:
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC).isoformat()
    elif isinstance(value, Decimal):
        value = value.normalize()
    elif isinstance(value, (list, tuple)):
        value = "|".join(map(str, value))
    return hashlib.sha256(str(value).encode()).hexdigest()[:12]


class Linker:
    """The objects of one kind already imported, found by their old ids."""

    def __init__(
        self, kind, model, report, *, name_field="name", extras=None, label=""
    ):
        self.kind, self.model, self.report = kind, model, report
        self.label = label or kind  # what the report calls them
        self.name_field = name_field
        # Pseudo-fields (categories, authors): (read current, write new) pairs.
        self.extras = extras or {}
        self.content_type = ContentType.objects.get_for_model(model)
        self.links = {link.old_id: link for link in OldLink.objects.filter(kind=kind)}
        ids = [link.object_id for link in self.links.values() if link.object_id]
        self.objects = model.objects.in_bulk(ids) if ids else {}

    def get(self, old_id):
        link = self.links.get(old_id)
        return self.objects.get(link.object_id) if link else None

    def _current(self, obj, fields):
        values = {}
        for name in fields:
            if name in self.extras:
                values[name] = self.extras[name][0](obj)
            else:
                values[name] = getattr(obj, name)
        return values

    def upsert(
        self, old_id, values, *, always=None, on_create=None, old_name="", reference=""
    ):
        """Write ``values`` (tracked) and ``always`` (not tracked) for ``old_id``.

        ``on_create`` holds fields set only when the object is made.
        """
        always = always or {}
        obj = self.get(old_id)
        plain = {k: v for k, v in values.items() if k not in self.extras}
        if obj is None and old_id in self.links:
            # Imported before, deleted here since: staff meant it.
            self.report.kept_edit(self.label, old_id, old_name, ["deleted"])
            return None
        if obj is None:
            obj = self.model(**plain, **always, **(on_create or {}))
            self._save(obj)
            for name in self.extras:
                if name in values:
                    self.extras[name][1](obj, values[name])
            self.remember(old_id, obj, values, old_name, reference)
            self.report.count(self.label, "created")
            return obj
        link = self.links[old_id]
        if link.reference != reference[:32]:
            link.reference = reference[:32]
            link.save(update_fields=["reference"])
        current = self._current(obj, values)
        edited, changed, hashes = [], {}, dict(link.imported)
        for name, value in values.items():
            before = hashes.get(name)
            if before is not None and fingerprint(current[name]) != before:
                edited.append(name)
            elif fingerprint(current[name]) != fingerprint(value):
                changed[name] = value
                hashes[name] = fingerprint(value)
            else:
                hashes[name] = fingerprint(value)
        for name, value in always.items():
            if getattr(obj, name) != value:
                changed[name] = value
        if edited:
            label = getattr(obj, self.name_field, "") or str(obj)
            self.report.kept_edit(self.label, old_id, label, edited)
        if changed:
            fields = [k for k in changed if k not in self.extras]
            for name in fields:
                setattr(obj, name, changed[name])
            if fields:
                self._save(obj, update_fields=fields)
            for name in self.extras:
                if name in changed:
                    self.extras[name][1](obj, changed[name])
            link.imported = hashes
            link.save(update_fields=["imported", "imported_at"])
            if not edited:
                self.report.count(self.label, "updated")
        elif not edited:
            self.report.count(self.label, "unchanged")
        return obj

    def _save(self, obj, update_fields=None):
        obj.save(update_fields=update_fields)

    def remember(self, old_id, obj, values, old_name="", reference=""):
        """Tie ``old_id`` to ``obj``; ``values`` are the fields written for it."""
        link = OldLink.objects.create(
            kind=self.kind,
            old_id=old_id,
            content_type=self.content_type,
            object_id=obj.pk,
            old_name=old_name[:255],
            reference=reference[:32],
            imported={name: fingerprint(v) for name, v in values.items()},
        )
        self.links[old_id] = link
        self.objects[obj.pk] = obj
