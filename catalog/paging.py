"""Pages of product lists that cost the same at page 1 and page 4,000.

A list's count and, past the first pages, its order (the product ids) are
read once per catalogue version and kept in the cache; a page then fetches
just its own rows by primary key. OFFSET alone would walk every row before
the page on each request.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from shop.cache import cached

# Pages reached by a short walk down the sort's index need no id list.
SHALLOW_PAGES = 5


class ListPaginator(Paginator):
    def __init__(self, object_list, per_page, *, request, key):
        super().__init__(object_list, per_page)
        self.request = request
        self.key = key

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
        rows = {p.pk: p for p in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
