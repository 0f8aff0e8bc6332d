"""What a shopper sees on the catalogue's pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from catalog.models import Product
from tests.factories import (
    make_category,
    make_contributor,
    make_cover,
    make_product,
    make_publisher,
)

pytestmark = pytest.mark.django_db


def main(response):
    """Return the page's main content, without the header and the sidebar."""
    content = response.content.decode()
    return content[content.index('<main id="main"') : content.index("</main>")]


def card_titles(response):
    """Return the titles of the product cards in the page's main content."""
    return re.findall(
        r'product-card__title"><a href="[^"]*">([^<]*)</a>', main(response)
    )


DESCRIPTION = (
    "This pamphlet hopes to provide evidence of the real nature of Trotsky’s role."
    "\n\n"
    "Far from being a champion of Soviet democracy, "
    "he was “a knight of bureaucracy”."
)


@pytest.fixture
def trotsky():
    acg = make_contributor(
        name="Anarchist Communist Group", is_organisation=True, byline_article="the"
    )
    publisher = make_publisher(name="Anarchist Communist Group Publications")
    pamphlets = make_category(name="Pamphlets")
    history = make_category(name="Russian Revolution", parent=pamphlets)
    return make_product(
        title="The Truth about Trotsky",
        page_count=80,
        year=2021,
        authors=[acg],
        publisher=publisher,
        categories=[history],
        isbn="9780306406157",
        price="3.50",
        description=DESCRIPTION,
    )


# Product page


def test_product_page_shows_the_seed_texts(client, trotsky):
    response = client.get(trotsky.get_absolute_url())
    assertContains(response, '<h1 class="product__title">The Truth about Trotsky</h1>')
    assertContains(response, "80 page booklet by the Anarchist Communist Group, 2021")
    assertContains(response, '<a href="#details">More details</a>', html=True)
    assertContains(response, 'id="details"')
    assertContains(
        response,
        "<p>This pamphlet hopes to provide evidence of the real nature of "
        "Trotsky’s role.</p>",
        html=True,
    )
    assertContains(
        response,
        "<p>Far from being a champion of Soviet democracy, he was "
        "“a knight of bureaucracy”.</p>",
        html=True,
    )
    assertContains(response, "£3.50")
    assertContains(response, "In stock")


def test_product_page_lists_the_facts_with_links(client, trotsky):
    response = client.get(trotsky.get_absolute_url())
    acg = trotsky.credits.get().contributor
    assertContains(response, "<dt>Format</dt><dd>Booklet</dd>", html=True)
    assertContains(response, "<dt>Pages</dt><dd>80</dd>", html=True)
    assertContains(response, "<dt>ISBN</dt><dd>9780306406157</dd>", html=True)
    assertContains(response, "<dt>Year</dt><dd>2021</dd>", html=True)
    assertContains(
        response,
        f'<dt>Author</dt><dd><a href="{acg.get_absolute_url()}">'
        "Anarchist Communist Group</a></dd>",
        html=True,
    )
    assertContains(
        response,
        f'<a href="{trotsky.publisher.get_absolute_url()}">'
        "Anarchist Communist Group Publications</a>",
        html=True,
    )


def test_product_page_has_the_add_to_cart_form_of_the_contract(client, trotsky):
    content = client.get(trotsky.get_absolute_url()).content.decode()
    form = content[content.index('<form class="add-to-cart"') :]
    form = form[: form.index("</form>")]
    assert 'method="post"' in form
    assert 'action="/cart/add/"' in form
    assert "data-add-to-cart" in form
    assert "csrfmiddlewaretoken" in form
    assert f'name="product" value="{trotsky.pk}"' in form
    assert 'name="next" value="/products/' in form
    assert '<label for="quantity">Quantity</label>' in form
    assert 'id="quantity" type="number" name="quantity" value="1"' in form
    assert ">Add to cart</button>" in form


@pytest.mark.parametrize(
    ("stock", "backorder", "limit", "expected_max"),
    [
        (500, False, 100, 100),
        (500, False, 12, 12),
        (2, False, 100, 2),
        (0, True, 30, 30),
    ],
)
def test_quantity_box_allows_at_most_the_cart_limit_or_the_stock(
    client, settings, stock, backorder, limit, expected_max
):
    settings.CART_LINE_LIMIT = limit
    product = make_product(stock=stock, allow_backorder=backorder)
    response = client.get(product.get_absolute_url())
    assertContains(response, f'min="1" max="{expected_max}"')


def test_out_of_stock_product_says_so_and_offers_no_form(client):
    product = make_product(title="Sold out", stock=0)
    response = client.get(product.get_absolute_url())
    assertContains(response, "Out of stock")
    assertNotContains(response, "data-add-to-cart")


def test_low_stock_is_announced(client):
    product = make_product(title="Nearly gone", stock=2)
    assertContains(client.get(product.get_absolute_url()), "Only 2 left")


def test_product_page_breadcrumbs_go_through_the_category_path(client, trotsky):
    response = client.get(trotsky.get_absolute_url())
    content = response.content.decode()
    crumbs = content[content.index('aria-label="Breadcrumb"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    positions = [
        crumbs.index(text)
        for text in (">Home<", ">Pamphlets<", ">Russian Revolution<", ">The Truth")
    ]
    assert positions == sorted(positions)
    assert 'aria-current="page">The Truth about Trotsky<' in crumbs


def test_product_page_shows_more_from_this_publisher(client, trotsky):
    make_product(title="Another ACG booklet", publisher=trotsky.publisher)
    make_product(title="Not theirs", publisher=make_publisher())
    response = client.get(trotsky.get_absolute_url())
    content = response.content.decode()
    related = content[content.index("More from this publisher") :]
    related = related[: related.index("</section>")]
    assert "Another ACG booklet" in related
    assert "Not theirs" not in related
    assert "The Truth about Trotsky" not in related


def test_old_slug_redirects_permanently_to_the_current_address(client, trotsky):
    response = client.get(f"/products/{trotsky.pk}-trotsky-the-truth/")
    assertRedirects(response, trotsky.get_absolute_url(), status_code=301)


def test_old_slug_redirect_keeps_the_query_string(client, trotsky):
    response = client.get(
        f"/products/{trotsky.pk}-trotsky-the-truth/?utm_source=zine&x=%3Cb%3E"
    )
    assertRedirects(
        response,
        trotsky.get_absolute_url() + "?utm_source=zine&x=%3Cb%3E",
        status_code=301,
    )


@pytest.mark.parametrize("published", [False, None])
def test_unknown_or_unpublished_product_is_the_styled_404(client, published):
    if published is None:
        url = "/products/987654-nothing/"
    else:
        url = make_product(title="Draft", is_published=False).get_absolute_url()
    response = client.get(url)
    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, 'id="mini-cart"', status_code=404)
    assertContains(response, "» All new products", status_code=404)


def test_cover_shows_the_thumbnail_then_the_upload_then_a_placeholder(client):
    with_thumb = make_product(
        title="Thumbed",
        cover_alt="A red cover",
        cover=make_cover(width=600, height=900),
    )
    with_cover = make_product(title="Covered", cover=make_cover())
    # A cover whose thumbnail could not be made (saving makes one otherwise).
    Product.objects.filter(pk=with_cover.pk).update(cover_thumbnail="")
    with_cover.refresh_from_db()
    bare = make_product(title="Bare")

    response = client.get(with_thumb.get_absolute_url())
    assertContains(response, f'src="{with_thumb.cover_thumbnail.url}"')
    assertContains(response, 'alt="A red cover"')
    assertContains(response, 'width="300" height="450"')

    response = client.get(with_cover.get_absolute_url())
    assertContains(response, f'src="{with_cover.cover.url}"')
    assertContains(response, 'alt="Covered"')

    response = client.get(bare.get_absolute_url())
    assertContains(response, "cover--placeholder")
    assertContains(response, '<span class="cover__title">Bare</span>', html=True)


# New products block and page


def test_new_products_block_on_every_page_matches_the_seed(client):
    brhg = make_publisher(name="Bristol Radical History Group", short_name="BRHG")
    product = make_product(
        title="De-convicted",
        subtitle="The convicts who got a second chance",
        authors=["Colin Thomas"],
        publisher=brhg,
        year=2021,
    )
    for url in ["/", product.get_absolute_url(), "/search/", "/new-products/"]:
        response = client.get(url)
        content = response.content.decode()
        block = content[content.index('class="new-products"') :]
        assert (
            f'<a class="new-products__title" href="{product.get_absolute_url()}">'
            "De-convicted</a>" in block
        )
        assert (
            "The convicts who got a second chance, by Colin Thomas, BRHG 2021" in block
        )
        assert ">Read more<" in block
        assert '<a href="/new-products/">» All new products</a>' in block


def test_new_products_page_lists_newest_first_with_pages(client, settings):
    settings.PRODUCTS_PER_PAGE = 2
    now = timezone.now()
    for days, title in [(3, "Third"), (1, "First"), (2, "Second")]:
        make_product(title=title, date_added=now - timedelta(days=days))

    first = client.get("/new-products/").content.decode()
    assert first.index("First") < first.index("Second")
    assert 'class="product-card"' in first
    assert first.count('class="product-card"') == 2
    assert "Page 1 of 2" in first
    second = client.get("/new-products/?page=2")
    assertContains(second, "Third")
    assertContains(second, "Page 2 of 2")


# Home, categories, publishers, contributors


def test_home_page_welcomes_and_shows_newest_products_and_categories(client):
    books = make_category(name="Books")
    make_category(name="History", parent=books)
    make_product(title="Fresh off the press")
    response = client.get("/")
    assertContains(response, "independent radical bookshop")
    assertContains(response, "Fresh off the press")
    assertContains(response, f'href="{books.get_absolute_url()}"')
    assertContains(response, ">History</a>")


def test_home_page_lists_the_whole_catalogue_in_pages_with_a_sort_choice(
    client, settings
):
    settings.PRODUCTS_PER_PAGE = 3
    for n, price in enumerate(["5.00", "1.00", "4.00", "2.00", "3.00"]):
        make_product(
            title=f"Pamphlet {n}",
            price=price,
            date_added=timezone.now() - timedelta(days=n),
        )
    make_product(title="Draft", is_published=False)

    first = client.get("/")
    assertContains(first, "Books to read, share and")
    assertContains(first, "5 products, showing 1–3")
    assertContains(first, '<label for="sort">Sort by</label>', html=True)
    assert card_titles(first) == [
        "Pamphlet 0",
        "Pamphlet 1",
        "Pamphlet 2",
    ]
    assertContains(first, 'href="?page=2"')

    second = client.get("/", {"page": 2})
    assertContains(second, "<h1>Everything in the shop</h1>", html=True)
    assertNotContains(second, "Books to read, share and")
    assert card_titles(second) == ["Pamphlet 3", "Pamphlet 4"]
    assertNotContains(second, "Draft")

    cheapest = client.get("/", {"sort": "price"})
    assert card_titles(cheapest) == [
        "Pamphlet 1",
        "Pamphlet 3",
        "Pamphlet 4",
    ]
    assert client.get("/", {"page": 3}).status_code == 404
    # Sorting brings the shopper back to the list, not to the welcome above it.
    assertContains(first, 'class="sort-form" method="get" action="#everything"')
    assertContains(first, 'id="everything"')


def test_category_page_holds_subcategory_products_and_links(client):
    books = make_category(name="Books")
    history = make_category(name="History", parent=books)
    make_product(title="A history book", categories=[history])
    make_product(title="A badge", categories=[make_category(name="Badges")])

    response = client.get(books.get_absolute_url())
    assertContains(response, "<h1>Books</h1>", html=True)
    assert "A history book" in main(response)
    assert "A badge" not in main(response)
    assertContains(response, 'aria-label="Subcategories"')
    assertContains(response, f'href="{history.get_absolute_url()}"')

    response = client.get(history.get_absolute_url())
    content = response.content.decode()
    crumbs = content[content.index('aria-label="Breadcrumb"') :]
    assert crumbs.index(">Books<") < crumbs.index(">History<")


def test_publisher_and_contributor_pages_list_their_products(client):
    freedom = make_publisher(name="Freedom Press")
    berneri = make_contributor(name="Marie Louise Berneri")
    make_product(
        title="Workers in Stalin's Russia", publisher=freedom, authors=[berneri]
    )
    make_product(title="Someone else's book")

    response = client.get(freedom.get_absolute_url())
    assertContains(response, "<h1>Freedom Press</h1>", html=True)
    assert "Workers in Stalin&#x27;s Russia" in main(response)
    assert "Someone else" not in main(response)

    response = client.get(berneri.get_absolute_url())
    assertContains(response, "<h1>Marie Louise Berneri</h1>", html=True)
    assert "Workers in Stalin&#x27;s Russia" in main(response)
    assert "Someone else" not in main(response)


def test_list_cards_show_byline_price_availability_and_a_one_copy_form(client):
    brhg = make_publisher(name="Bristol Radical History Group", short_name="BRHG")
    product = make_product(
        title="Tremors of Discontent",
        authors=["Mike Richardson"],
        publisher=brhg,
        year=2021,
        price="7.50",
        stock=3,
    )
    make_product(title="Gone", publisher=brhg, stock=0)
    content = client.get(brhg.get_absolute_url()).content.decode()
    card = content[content.index(f'href="{product.get_absolute_url()}"') :]
    card = card[: card.index("</li>")]
    assert "by Mike Richardson, BRHG 2021" in card
    assert "£7.50" in card
    assert "Only 3 left" in card
    assert 'action="/cart/add/"' in card and "data-add-to-cart" in card
    assert f'name="product" value="{product.pk}"' in card
    assert 'name="quantity" value="1"' in card
    assert 'type="hidden" name="quantity"' in card
    assert ">Add to cart<" in card
    gone = content[content.index(">Gone<") :]
    gone = gone[: gone.index("</li>")]
    assert "Out of stock" in gone
    assert "data-add-to-cart" not in gone


def test_list_pages_offer_a_labelled_sort_choice_that_orders_the_list(client):
    freedom = make_publisher(name="Freedom Press")
    make_product(title="Dear", price="9.00", publisher=freedom)
    make_product(title="Cheap", price="1.00", publisher=freedom)
    response = client.get(freedom.get_absolute_url(), {"sort": "price"})
    content = response.content.decode()
    assert '<label for="sort">Sort by</label>' in content
    assert '<option value="price" selected>Price, low to high</option>' in content
    assert content.index(">Cheap<") < content.index(">Dear<")
    response = client.get(freedom.get_absolute_url(), {"sort": "-price"})
    content = response.content.decode()
    assert content.index(">Dear<") < content.index(">Cheap<")


@pytest.mark.parametrize("sort", ["bogus", "", "price;drop", "-score", "x" * 500])
def test_unknown_sort_falls_back_to_newest(client, sort):
    make_product(title="Something")
    response = client.get("/new-products/", {"sort": sort})
    assertContains(response, '<option value="newest" selected>Newest first</option>')


def test_unknown_sort_on_search_falls_back_to_best_match(client, trotsky):
    response = client.get("/search/", {"q": "trotsky", "sort": "nonsense"})
    assertContains(response, '<option value="relevance" selected>Best match</option>')
    assertContains(response, "The Truth about Trotsky")


def test_an_empty_shop_still_shows_a_welcoming_home_page(client):
    response = client.get("/")
    assertContains(response, "independent radical bookshop")
    assertContains(response, "Nothing new just yet.")
    assertContains(response, "» All new products")


# Search


def test_search_finds_by_title_and_shows_the_query(client, trotsky):
    make_product(title="Unrelated")
    response = client.get("/search/", {"q": "Trotsky"})
    assertContains(response, "Search results for “Trotsky”")
    assertContains(response, "The Truth about Trotsky")
    assert "Unrelated" not in main(response)
    assertContains(response, 'value="Trotsky"')  # kept in the header's search box
    assertContains(response, '<option value="relevance" selected>Best match</option>')


def test_search_by_hyphenated_isbn(client, trotsky):
    response = client.get("/search/", {"q": "978-0-306-40615-7"})
    assertContains(response, "The Truth about Trotsky")


def test_empty_search_shows_a_friendly_prompt(client):
    response = client.get("/search/", {"q": "   "})
    assertContains(response, "Search the shop")
    assertContains(response, "Type a title, an author")


def test_search_with_no_match_says_so(client, trotsky):
    response = client.get("/search/", {"q": "kropotkin"})
    assertContains(response, "Nothing matched")


# Feed and sitemap


def test_feed_of_new_products_is_atom_with_the_products(client, trotsky):
    response = client.get("/new-products/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    content = response.content.decode()
    assert "<title>The Truth about Trotsky</title>" in content
    assert trotsky.get_absolute_url() in content
    assert "by Anarchist Communist Group" in content


def test_sitemap_lists_products_categories_publishers_contributors_and_pages(
    client, trotsky
):
    hidden = make_product(title="Draft", is_published=False, slug="draft-slug")
    content = "".join(sitemap_pages(client))
    for url in [
        "/",
        "/new-products/",
        trotsky.get_absolute_url(),
        trotsky.publisher.get_absolute_url(),
        trotsky.credits.get().contributor.get_absolute_url(),
        *(c.get_absolute_url() for c in trotsky.categories.all()),
    ]:
        assert f"{url}</loc>" in content, url
    assert hidden.get_absolute_url() not in content


def sitemap_pages(client):
    """Return the text of every page the sitemap index lists."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert index["Content-Type"] == "application/xml"
    locations = re.findall(r"<loc>http://testserver([^<]+)</loc>", index.text)
    pages = [client.get(location.replace("&amp;", "&")) for location in locations]
    assert pages and all(page.status_code == 200 for page in pages)
    return [page.content.decode() for page in pages]


def test_the_sitemap_is_an_index_of_pages_of_a_bounded_size(client, monkeypatch):
    from catalog.sitemaps import ProductSitemap

    monkeypatch.setattr(ProductSitemap, "limit", 2)
    products = [make_product(title=f"Pamphlet {n}") for n in range(5)]
    pages = [p for p in sitemap_pages(client) if "/products/" in p]
    assert [p.count("<url>") for p in pages] == [2, 2, 1]
    listed = "".join(pages)
    assert all(f"{p.get_absolute_url()}</loc>" in listed for p in products)
    assert client.get("/sitemap-products.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_pages_carry_no_inline_styles_or_scripts_for_the_csp(client, trotsky):
    urls = [
        "/",
        trotsky.get_absolute_url(),
        "/new-products/",
        trotsky.categories.get().get_absolute_url(),
        trotsky.publisher.get_absolute_url(),
        "/search/?q=trotsky",
        "/no-such-page/",
    ]
    for url in urls:
        content = client.get(url).content.decode()
        assert " style=" not in content, url
        assert "<style" not in content, url
        assert "<script>" not in content, url
        assert " onclick=" not in content, url


def test_home_page_shows_the_shops_pick_first_even_when_it_is_not_new(client):
    pick = make_product(
        title="The Truth about Trotsky",
        is_featured=True,
        date_added=timezone.now() - timedelta(days=90),
    )
    for n in range(10):
        make_product(title=f"Newer pamphlet {n}")
    page = client.get("/").content.decode()
    assert "Our pick" in page
    assert page.index(pick.get_absolute_url()) < page.index("Everything in the shop")
