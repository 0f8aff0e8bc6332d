"""Django's database sessions, with one write for a new session and no ORM read.

``SESSION_ENGINE = "shop.sessions"``. Rows, cookies, expiry, ``clearsessions``
and logging out (the row deleted) are Django's own; three things differ:

- A new session's key is not checked for existence first: the insert's
  unique constraint is the check, and a collision (two 32-character random
  keys alike) is retried with a new key.
- ``create()`` only chooses the key. The row is inserted once, with whatever
  the request put in the session (a new cart's id), when the response goes
  out: Django's would insert an empty row, then update it.
- Every request with a session reads it, so the read is one plain SQL
  statement rather than a query the ORM builds each time.

Nothing is kept in the process: every worker and server reads the database.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError
from django.db import connections, router
from django.utils import timezone
from django.utils.crypto import get_random_string


class SessionStore(db.SessionStore):
    _unwritten = False  # a key chosen by create(), its row not inserted yet

    def _get_new_session_key(self):
        return get_random_string(32, VALID_KEY_CHARS)

    def load(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        sql = "SELECT {} FROM {} WHERE {} = %s AND {} > %s".format(
            quote("session_data"),
            quote(model._meta.db_table),
            quote("session_key"),
            quote("expire_date"),
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])

    def create(self):
        self._get_session()  # keep what is already in it (no row to read)
        self._session_key = self._get_new_session_key()
        self._unwritten = True
        self.modified = True

    def save(self, must_create=False):
        if self.session_key is None:
            self.create()
        if not (self._unwritten or must_create):
            return super().save()
        while True:
            try:
                super().save(must_create=True)
            except CreateError:
                if not self._unwritten:
                    raise
                self._session_key = self._get_new_session_key()
                continue
            self._unwritten = False
            return

    def delete(self, session_key=None):
        if session_key is None and self._unwritten:
            self._session_key = None  # no row was written
            self._unwritten = False
            return
        super().delete(session_key)
