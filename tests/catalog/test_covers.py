import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from catalog import covers
from tests.factories import (
    image_bytes,
    make_cover,
    make_product,
    png_bomb_bytes,
    png_bytes,
    upload,
)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_real_images_of_the_allowed_formats_pass(fmt):
    info = covers.inspect_cover(upload(f"c.{fmt.lower()}", image_bytes(fmt)))
    assert (info.format, info.width, info.height) == (fmt, 60, 90)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.png", b"%PDF-1.4 not an image at all"),
        ("empty.png", b""),
        ("cut.png", png_bytes()[:40]),
        ("cover.bmp", image_bytes("BMP")),
        ("cover.tiff", image_bytes("TIFF")),
    ],
)
def test_files_that_are_not_allowed_images_are_refused(name, data):
    with pytest.raises(ValidationError) as error:
        covers.inspect_cover(upload(name, data))
    assert error.value.code == "cover_not_an_image"


def test_a_damaged_jpeg_passes_the_header_check_but_not_validation():
    data = image_bytes("JPEG", 600, 900, color=(10, 200, 30))
    damaged = upload("cut.jpg", data[: len(data) // 2])
    covers.inspect_cover(damaged)
    with pytest.raises(ValidationError) as error:
        covers.validate_cover(damaged)
    assert error.value.code == "cover_damaged"
    covers.validate_cover(upload("whole.jpg", data))


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (6_000, 6_000),  # over COVER_MAX_PIXELS, under Pillow's own limit
        (10_000, 10_000),  # Pillow warns (DecompressionBombWarning)
        (20_000, 20_000),  # Pillow raises DecompressionBombError
    ],
)
def test_a_decompression_bomb_is_refused_from_its_header(width, height):
    bomb = png_bomb_bytes(width, height)
    assert len(bomb) < 200
    with pytest.raises(ValidationError) as error:
        covers.inspect_cover(upload("bomb.png", bomb))
    assert error.value.code == "cover_too_many_pixels"


def test_the_pixel_limit_is_a_setting(settings):
    settings.COVER_MAX_PIXELS = 60 * 90 - 1
    with pytest.raises(ValidationError):
        covers.inspect_cover(make_cover())
    settings.COVER_MAX_PIXELS = 60 * 90
    covers.inspect_cover(make_cover())


def test_a_file_over_the_byte_limit_is_refused(settings):
    data = png_bytes()
    settings.COVER_MAX_BYTES = len(data) - 1
    with pytest.raises(ValidationError) as error:
        covers.inspect_cover(upload("big.png", data))
    assert error.value.code == "cover_too_big"


def test_thumbnail_fits_the_box_and_keeps_proportions():
    data = covers.make_thumbnail(io.BytesIO(image_bytes("PNG", 1200, 1800)))
    with Image.open(io.BytesIO(data)) as thumb:
        assert (thumb.format, thumb.size) == ("JPEG", (300, 450))


def test_thumbnail_follows_exif_orientation():
    # Orientation 6: the camera was turned, the picture is shown rotated 90°.
    portrait_on_disk = image_bytes("JPEG", 600, 900, exif={0x0112: 6})
    data = covers.make_thumbnail(io.BytesIO(portrait_on_disk))
    with Image.open(io.BytesIO(data)) as thumb:
        assert thumb.size == (300, 200)


def test_transparent_png_thumbnail_is_laid_on_white():
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 45), (0, 0, 0, 0)).save(buffer, format="PNG")
    data = covers.make_thumbnail(io.BytesIO(buffer.getvalue()))
    with Image.open(io.BytesIO(data)) as thumb:
        assert thumb.getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.django_db(transaction=True)
def test_saving_a_cover_makes_a_thumbnail_and_replacing_it_makes_a_new_one():
    product = make_product(cover=make_cover("first.png", width=600, height=900))
    product.refresh_from_db()
    first_thumb = product.cover_thumbnail.name
    assert first_thumb.startswith("covers/thumbs/first")
    with default_storage.open(first_thumb) as f, Image.open(f) as thumb:
        assert thumb.size == (300, 450)

    product.cover = make_cover("second.png", width=900, height=600)
    product.save()
    product.refresh_from_db()
    assert product.cover_thumbnail.name.startswith("covers/thumbs/second")
    with product.cover_thumbnail.open() as f, Image.open(f) as thumb:
        assert thumb.size == (300, 200)
    assert not default_storage.exists(first_thumb)


@pytest.mark.django_db(transaction=True)
def test_removing_the_cover_removes_the_thumbnail():
    product = make_product(cover=make_cover())
    thumb = product.cover_thumbnail.name
    assert default_storage.exists(thumb)
    product.cover = None
    product.save()
    product.refresh_from_db()
    assert product.cover_thumbnail.name == ""
    assert not default_storage.exists(thumb)


@pytest.mark.django_db
def test_saving_without_touching_the_cover_keeps_the_thumbnail_file():
    product = make_product(cover=make_cover())
    thumb = product.cover_thumbnail.name
    with default_storage.open(thumb) as f:
        before = f.read()
    product.price = product.price + 1
    product.save()
    product.stock = 1
    product.save(update_fields=["stock"])
    product.refresh_from_db()
    assert product.cover_thumbnail.name == thumb
    with default_storage.open(thumb) as f:
        assert f.read() == before


@pytest.mark.django_db
def test_a_bomb_saved_past_the_forms_gets_no_thumbnail_and_no_crash():
    product = make_product(cover=upload("bomb.png", png_bomb_bytes()))
    product.refresh_from_db()
    assert product.cover.name
    assert product.cover_thumbnail.name == ""


def test_drawn_demo_cover_is_a_png_of_the_cover_size_and_repeatable():
    first = covers.draw_demo_cover(title="The Truth about Trotsky", author="ACG")
    again = covers.draw_demo_cover(title="The Truth about Trotsky", author="ACG")
    other = covers.draw_demo_cover(title="Real Education", seed=3)
    assert first == again != other
    with Image.open(io.BytesIO(first)) as image:
        assert (image.format, image.size) == ("PNG", covers.DEMO_COVER_SIZE)


def test_thumbnail_names_keep_covers_apart():
    assert covers.thumbnail_name("covers/a.png") == "covers/thumbs/a-png.jpg"
    assert covers.thumbnail_name("covers/a.jpg") != covers.thumbnail_name(
        "covers/a.png"
    )


@pytest.mark.django_db
def test_an_upload_reusing_a_deleted_covers_name_gets_a_fresh_thumbnail():
    product = make_product(cover=make_cover("same.png", width=600, height=900))
    default_storage.delete(product.cover.name)
    product.cover = make_cover("same.png", width=900, height=600)
    product.save()
    assert product.cover.name == "covers/same.png"
    with product.cover_thumbnail.open() as f, Image.open(f) as thumb:
        assert thumb.size == (300, 200)


def test_making_an_invoice_pdf_leaves_damaged_covers_refused():
    # WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES when imported; the
    # invoice PDF must not open the door to damaged covers in that process.
    from trade import pdf

    pdf._weasyprint_html()
    import weasyprint.images  # noqa: F401  (drawing a PDF imports it)

    data = image_bytes("JPEG", 600, 900, color=(10, 200, 30))
    with pytest.raises(ValidationError):
        covers.validate_cover(upload("cut.jpg", data[: len(data) // 2]))
