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
  statement rather than a query the ORM builds each time; a new row is one
  plain ``INSERT`` that ignores a taken key (then retried with another), so
  it needs no savepoint and can join the caller's transaction: a new
  visitor's add writes it with the cart (``cart.services``). Saved again
  with the same data (by the middleware, after), it is not written twice.

Nothing is kept in the process: every worker and server reads the database.
"""

import copy

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError
from django.db import connections, router
from django.db.models.constants import OnConflict
from django.utils import timezone
from django.utils.crypto import get_random_string


class SessionStore(db.SessionStore):
    _unwritten = False  # a key chosen by create(), its row not inserted yet
    _inserted = None  # what the row was inserted with, in this request

    @property
    def unwritten(self) -> bool:
        """True for a new session whose row is not inserted yet."""
        return self._unwritten

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
            if self._inserted is not None and self._inserted == self._session:
                return  # inserted earlier in this request, unchanged since
            return super().save()
        while not self._insert():
            if not self._unwritten:
                raise CreateError
            self._session_key = self._get_new_session_key()
        self._unwritten = False
        self._inserted = copy.deepcopy(self._session)

    def _insert(self) -> bool:
        """Insert the row; False if its key is taken (nothing written)."""
        model = self.model
        connection = connections[router.db_for_write(model)]
        ops = connection.ops
        sql = "{} {} ({}, {}, {}) VALUES (%s, %s, %s) {}".format(
            ops.insert_statement(on_conflict=OnConflict.IGNORE),
            ops.quote_name(model._meta.db_table),
            ops.quote_name("session_key"),
            ops.quote_name("session_data"),
            ops.quote_name("expire_date"),
            ops.on_conflict_suffix_sql([], OnConflict.IGNORE, None, None),
        )
        values = [
            self.session_key,
            self.encode(self._get_session(no_load=True)),
            ops.adapt_datetimefield_value(self.get_expiry_date()),
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            return cursor.rowcount == 1

    def delete(self, session_key=None):
        if session_key is None and self._unwritten:
            self._session_key = None  # no row was written
            self._unwritten = False
            return
        super().delete(session_key)
