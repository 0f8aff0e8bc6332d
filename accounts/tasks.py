"""Background work: sending stock alerts, out of the request that restocked.

With Django's immediate task backend this runs at once; with a database
backend (django-tasks-db) a worker runs it, so a restock with thousands of
people waiting never holds up the staff member's save.
"""

from django.tasks import task

from . import alerts


@task
def send_stock_alerts() -> int:
    return alerts.send_due()
