"""Pages of product lists that cost the same at page 1 and page 4,000.

A list's count and, past the first pages, its order (the product ids) are
read once per catalogue version and kept in the cache; a page then knows
just its own ids, and reads those rows only for the product cards not
already cached (``ProductRows``). OFFSET alone would walk every row before
the page on each request.
"""

from collections.abc import Sequence

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from shop.cache import cached

# Pages reached by a short walk down the sort's index need no id list.
SHALLOW_PAGES = 5


class ProductRows(Sequence):
    """A page's products by id, read by ``read(ids)`` only when asked for.

    ``ids`` are known without a query; ``load(ids)`` reads some of them (the
    cards missing from the cache, ``{id: product}``); iterating reads them
    all, in order.
    """

    def __init__(self, ids, read):
        self.ids = list(ids)
        self._read = read
        self._rows = None

    def load(self, ids) -> dict:
        return self._read(ids)

    def _all(self) -> list:
        if self._rows is None:
            rows = self.load(self.ids)
            self._rows = [rows[pk] for pk in self.ids if pk in rows]
        return self._rows

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        return self._all()[index]

    def __iter__(self):
        return iter(self._all())


class ListPaginator(Paginator):
    """Pages of ``object_list``, a sorted queryset; ``rows(ids)`` reads products."""

    def __init__(self, object_list, per_page, *, request, key, rows):
        super().__init__(object_list, per_page)
        self.request = request
        self.key = key
        self.rows = rows

    @cached_property
    def count(self):
        return cached(
            self.request, "list-count", self.key, compute=self.object_list.count
        )

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if number <= SHALLOW_PAGES:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        else:
            order = self.object_list.query.order_by
            ids = cached(
                self.request,
                "list-ids",
                self.key,
                *order,
                compute=lambda: list(self.object_list.values_list("pk", flat=True)),
            )[bottom:top]
        return self._get_page(ProductRows(ids, self.rows), number, self)


class IdsPaginator(Paginator):
    """Pages of product ids already in order (a search's results).

    ``rows(ids)`` reads a page's products by id (``{id: product}``).
    """

    def __init__(self, ids, per_page, *, rows):
        super().__init__(list(ids), per_page)
        self.rows = rows

    def _get_page(self, ids, number, paginator):
        return super()._get_page(ProductRows(ids, self.rows), number, paginator)
