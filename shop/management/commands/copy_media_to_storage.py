"""Copy uploaded files from MEDIA_ROOT to the configured storage (the bucket).

Run once when moving covers to object storage, and again as often as you
like: a file already in the bucket with the same size is left alone, so a
copy that was interrupted simply carries on.
"""

from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Copy files under MEDIA_ROOT to the default storage (e.g. S3), once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            default=str(settings.MEDIA_ROOT),
            help="Folder to copy from (default: MEDIA_ROOT).",
        )
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *, source, dry_run, **options):
        root = Path(source)
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder.")
        local = FileSystemStorage(location=root)
        target = default_storage
        if isinstance(target, FileSystemStorage) and (
            Path(target.location).resolve() == root.resolve()
        ):
            raise CommandError(
                "The default storage is this folder itself: set S3_BUCKET "
                "(and the other S3_ settings) first."
            )
        copied = kept = 0
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            if target.exists(name) and target.size(name) == local.size(name):
                kept += 1
                continue
            if not dry_run:
                with local.open(name, "rb") as content:
                    # _save writes under exactly this name: the database
                    # already refers to it, so no renaming is allowed.
                    saved = target._save(name, File(content, name=name))
                if saved != name:
                    raise CommandError(f"{name} was stored as {saved}.")
            copied += 1
            self.stdout.write(f"{'would copy' if dry_run else 'copied'} {name}")
        verb = "would copy" if dry_run else "copied"
        self.stdout.write(
            self.style.SUCCESS(f"{copied} file(s) {verb}, {kept} already there.")
        )
