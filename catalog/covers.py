"""Cover images: checking uploads, making thumbnails, drawing demo covers.

An upload is checked from its header before anything decodes it: a PNG of a
hundred bytes can claim 10,000 × 10,000 pixels and take gigabytes to decode,
and Django's own ``ImageField`` lets it through.
"""

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageDraw, ImageFont, ImageOps

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
THUMBNAIL_SIZE = (300, 450)
THUMBNAIL_DIR = "covers/thumbs"
DEMO_COVER_SIZE = (600, 900)

_BOMB_ERRORS = (Image.DecompressionBombError, Image.DecompressionBombWarning)


@dataclass(frozen=True)
class CoverInfo:
    format: str
    width: int
    height: int


def inspect_cover(file) -> CoverInfo:
    """Check an uploaded cover from its size and header; raise ValidationError.

    Nothing is decoded: Pillow reads the header for format and dimensions,
    ``verify()`` walks the chunks without inflating the pixel data.
    """
    size = getattr(file, "size", None)
    if size is not None and size > settings.COVER_MAX_BYTES:
        raise ValidationError(
            "The cover is %(size)s; the most a cover may be is %(max)s.",
            code="cover_too_big",
            params={
                "size": filesizeformat(size),
                "max": filesizeformat(settings.COVER_MAX_BYTES),
            },
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit; a warning must stop us too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=ALLOWED_FORMATS) as image:
                info = CoverInfo(image.format, *image.size)
                _check_pixels(info.width, info.height)
                image.verify()
    except ValidationError:
        raise
    except _BOMB_ERRORS:
        raise _too_many_pixels() from None
    except Exception:
        # Pillow raises many kinds (UnidentifiedImageError, SyntaxError,
        # struct.error…) for files that are not what they claim to be.
        raise ValidationError(
            "Upload a cover image in JPEG, PNG, WebP or GIF format; this file "
            "is not one or is damaged.",
            code="cover_not_an_image",
        ) from None
    finally:
        file.seek(0)
    return info


def _check_pixels(width, height):
    if width * height > settings.COVER_MAX_PIXELS:
        raise _too_many_pixels(width, height)


def _too_many_pixels(width=None, height=None):
    message = "The cover has too many pixels: at most %(max)s in all."
    if width is not None:
        message += " This one is %(width)s × %(height)s."
    return ValidationError(
        message,
        code="cover_too_many_pixels",
        params={
            "width": width,
            "height": height,
            "max": f"{settings.COVER_MAX_PIXELS:,}",
        },
    )


def validate_cover(file):
    """Validator for form fields: the cover is a real, reasonably sized image.

    Once the header has passed, decoding is safe, and only decoding shows a
    damaged JPEG (its ``verify()`` checks nothing), so a thumbnail is tried.
    """
    inspect_cover(file)
    try:
        make_thumbnail(file)
    except Exception:
        raise ValidationError(
            "This image is damaged and cannot be shown; upload it again or "
            "export it afresh.",
            code="cover_damaged",
        ) from None
    finally:
        file.seek(0)


def thumbnail_name(cover_name: str) -> str:
    """Return the thumbnail's storage name, derived from the cover's own name.

    Deriving it lets a save tell whether the thumbnail belongs to the current
    cover without remembering anything; the cover's extension stays in the name
    so ``a.png`` and ``a.jpg`` never share a thumbnail.
    """
    path = PurePosixPath(cover_name)
    if path.parts and path.parts[0] == "covers":
        path = PurePosixPath(*path.parts[1:])
    flat = "_".join(path.parent.parts + (path.stem,))
    extension = path.suffix.lstrip(".").lower()
    if extension:
        flat = f"{flat}-{extension}"
    return f"{THUMBNAIL_DIR}/{flat}.jpg"


def make_thumbnail(file) -> bytes:
    """Return a JPEG thumbnail fitting THUMBNAIL_SIZE, turned as EXIF says."""
    inspect_cover(file)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(file, formats=ALLOWED_FORMATS) as image:
            # JPEG can decode at a fraction of full size: far less memory.
            image.draft("RGB", THUMBNAIL_SIZE)
            image = ImageOps.exif_transpose(image)
            image.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
            image = _flatten(image)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()


def _flatten(image):
    """Return an RGB image, transparent parts laid on white (JPEG has no alpha)."""
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def sync_thumbnail(product) -> None:
    """Make ``product.cover_thumbnail`` match ``product.cover`` (called from save).

    A new upload is stored first so the thumbnail can be named after the
    cover's final name. A thumbnail that belongs to no cover any more is
    deleted once the transaction commits.
    """
    cover, thumb = product.cover, product.cover_thumbnail
    old_thumb = thumb.name or ""
    if not cover:
        product.cover_thumbnail = ""
    else:
        uploaded = not cover._committed
        if uploaded:
            cover.save(cover.name, cover.file, save=False)
        wanted = thumbnail_name(cover.name)
        # A fresh upload can reuse a name whose file was deleted: remake it.
        if uploaded or old_thumb != wanted:
            try:
                with cover.storage.open(cover.name, "rb") as source:
                    data = make_thumbnail(source)
            except Exception:
                # Forms refuse bad covers; one that reaches here some other way
                # (shell, a script) gets no thumbnail rather than a crash.
                product.cover_thumbnail = ""
            else:
                storage = thumb.storage
                # Thumbnails are derived data: overwrite rather than let the
                # storage pick another name the next save would not expect.
                storage.delete(wanted)
                product.cover_thumbnail.name = storage.save(wanted, ContentFile(data))
    new_thumb = product.cover_thumbnail.name or ""
    if old_thumb and old_thumb != new_thumb:
        storage = thumb.storage
        transaction.on_commit(lambda: storage.delete(old_thumb))


def draw_demo_cover(
    *, title: str, author: str = "", publisher: str = "", seed: int = 0
) -> bytes:
    """Return a PNG of a plain typographic cover: coloured ground, title, author."""
    palette = [
        ((156, 28, 36), (250, 240, 225)),
        ((20, 20, 20), (240, 200, 60)),
        ((32, 72, 60), (245, 240, 230)),
        ((40, 50, 110), (250, 245, 235)),
        ((225, 210, 185), (30, 30, 30)),
        ((200, 90, 40), (255, 250, 240)),
        ((90, 40, 80), (250, 235, 220)),
    ]
    ground, ink = palette[seed % len(palette)]
    width, height = DEMO_COVER_SIZE
    image = Image.new("RGB", DEMO_COVER_SIZE, ground)
    draw = ImageDraw.Draw(image)
    margin = 56
    draw.rectangle(
        (margin // 2, margin // 2, width - margin // 2, height - margin // 2),
        outline=ink,
        width=4,
    )
    title_font = _font(64)
    y = margin + 40
    for line in _wrap(title, title_font, width - 2 * margin):
        draw.text((margin, y), line, font=title_font, fill=ink)
        y += 76
    draw.line((margin, y + 24, margin + 120, y + 24), fill=ink, width=6)
    if author:
        author_font = _font(36)
        lines = _wrap(author, author_font, width - 2 * margin)
        y = height - margin - 150 - 44 * (len(lines) - 1)
        for line in lines:
            draw.text((margin, y), line, font=author_font, fill=ink)
            y += 44
    if publisher:
        draw.text(
            (margin, height - margin - 60), publisher.upper(), font=_font(24), fill=ink
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _font(size):
    # Pillow's bundled font, so drawing needs no system fonts and no network.
    return ImageFont.load_default(size=size)


def _wrap(text, font, max_width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > max_width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines
