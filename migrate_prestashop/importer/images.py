"""Product pictures from the old ``img/`` folder, in either layout.

1.5+ shops keep image 123 at ``img/p/1/2/3/123.jpg``; shops upgraded from 1.4
(``PS_LEGACY_IMAGES``) at ``img/p/{product}-{image}.jpg``. Both are tried. A
``.jpg`` may hold PNG data (``PS_IMAGE_QUALITY=png``): the cover pipeline reads
the real format from the file's header, and the new name gets the right
extension. Only the original is imported, never the ``-home_default`` copies.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from catalog import covers
from catalog.models import ProductImage

from ..models import OldLink
from .links import Linker

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def image_paths(img_dir: Path, id_product: int, id_image: int, *, legacy_first):
    new = img_dir / "p" / Path(*str(id_image)) / f"{id_image}.jpg"
    legacy = img_dir / "p" / f"{id_product}-{id_image}.jpg"
    return [legacy, new] if legacy_first else [new, legacy]


def import_images(ctx):
    report = ctx.report
    if ctx.img_dir is None:
        report.note("No img/ folder given: no product pictures imported.")
        return
    legacy_first = ctx.source.setting("PS_LEGACY_IMAGES", "0") == "1"
    linker = Linker("image", ProductImage, report)
    done = set(OldLink.objects.filter(kind="image").values_list("old_id", flat=True))
    for row in ctx.progress("images", ctx.source.images()):
        old_id = row["id_image"]
        if old_id in done:
            report.count("image", "unchanged")
            continue
        product = ctx.products.get(row["id_product"])
        if product is None:
            report.skip("image", old_id, "its product was not imported")
            continue
        paths = image_paths(
            ctx.img_dir, row["id_product"], old_id, legacy_first=legacy_first
        )
        path = next((p for p in paths if p.is_file()), None)
        if path is None:
            report.skip("image", old_id, "no file in img/p/ under either layout")
            continue
        data = ContentFile(path.read_bytes(), name=path.name)
        try:
            info = covers.inspect_cover(data)
        except ValidationError as error:
            report.skip("image", old_id, error.messages[0], detail=str(path))
            continue
        name = f"ps-{old_id}.{EXTENSIONS[info.format]}"
        alt = (row["legend"] or product.title)[:200]
        if ctx.dry_run:
            report.count("image", "created")
            continue
        with transaction.atomic():
            if row["cover"] == 1 and not product.cover:
                product.cover.save(name, data, save=False)
                product.cover_alt = product.cover_alt or alt
                product.save(update_fields=["cover", "cover_alt"])
                OldLink.objects.create(
                    kind="image",
                    old_id=old_id,
                    content_type=ctx.products.content_type,
                    object_id=product.pk,
                    old_name=name,
                )
            else:
                picture = ProductImage(
                    product=product, alt_text=alt, position=row["position"] or 0
                )
                picture.image.save(name, data, save=True)
                linker.remember(old_id, picture, {}, name)
        report.count("image", "created")
