"""Covers on S3-compatible object storage, against moto's S3 server over HTTP.

The storage settings the tests use are checked against the ones settings.py
builds from the S3_* variables, so the tests exercise the shipped setup.
"""

import io
import json
import urllib.request
import uuid

import pytest
from django.core.management import call_command
from PIL import Image

from catalog.models import Product
from tests.catalog.test_admin import ADD, product_form_data
from tests.factories import make_cover, make_product
from tests.servers import S3Fake, manage, shop_env

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3():
    fake = S3Fake().start()
    yield fake
    fake.stop()


@pytest.fixture
def bucket(s3, settings):
    """A fresh bucket, made the default storage."""
    name = f"covers-{uuid.uuid4().hex[:12]}"
    s3.client().create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    # Covers are public: a bucket policy lets anyone read, as docs/deploy.md
    # tells operators to set.
    s3.client().put_bucket_policy(Bucket=name, Policy=json.dumps(public_read(name)))
    settings.STORAGES = settings.STORAGES | {"default": s3.storage_settings(name)}
    return name


def public_read(bucket):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }


def _keys(s3, bucket):
    listing = s3.client().list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_settings_build_the_s3_storage_from_the_environment(s3):
    env = shop_env(
        S3_BUCKET="shop-covers",
        S3_ENDPOINT_URL=s3.endpoint,
        S3_ACCESS_KEY_ID="test-key",
        S3_SECRET_ACCESS_KEY="test-secret",
        S3_REGION="eu-west-2",
    )
    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.STORAGES['default'], "
        "settings.SECURE_CSP['img-src']]))"
    )
    storage, img_src = json.loads(manage(env, "shell", "-c", script).splitlines()[-1])
    assert storage == s3.storage_settings("shop-covers")
    # The product page may show pictures from the bucket's address.
    assert s3.endpoint in img_src


def test_a_cover_uploaded_in_admin_lands_in_the_bucket_with_its_thumbnail(
    admin_client, client, s3, bucket
):
    response = admin_client.post(
        ADD, product_form_data(cover=make_cover(width=600, height=900))
    )
    assert response.status_code == 302
    product = Product.objects.get()
    cover, thumb = product.cover.name, product.cover_thumbnail.name
    assert _keys(s3, bucket) == sorted([cover, thumb])
    assert thumb.startswith("covers/thumbs/")

    head = s3.client().head_object(Bucket=bucket, Key=thumb)
    assert head["CacheControl"] == "public, max-age=31536000, immutable"
    assert head["ContentType"] == "image/jpeg"

    page = client.get(product.get_absolute_url()).text
    url = f"{s3.endpoint}/{bucket}/{thumb}"
    assert f'src="{url}"' in page
    with urllib.request.urlopen(url) as answer:
        assert answer.headers["Cache-Control"] == head["CacheControl"]
        assert Image.open(io.BytesIO(answer.read())).size == (300, 450)


def test_saving_a_product_again_does_not_remake_its_thumbnail(admin_client, s3, bucket):
    product = make_product(cover=make_cover())
    before = s3.client().head_object(Bucket=bucket, Key=product.cover_thumbnail.name)
    product.title = "Retitled"
    product.save()
    after = s3.client().head_object(Bucket=bucket, Key=product.cover_thumbnail.name)
    assert after["ETag"] == before["ETag"]
    assert after["LastModified"] == before["LastModified"]
    assert len(_keys(s3, bucket)) == 2


def test_copy_media_to_storage_copies_local_covers_once(
    client, settings, s3, bucket, tmp_path
):
    # Covers made while the shop kept media on disk...
    local = settings.STORAGES["default"]
    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    }
    product = make_product(cover=make_cover())
    names = sorted([product.cover.name, product.cover_thumbnail.name])
    thumb_bytes = (settings.MEDIA_ROOT / product.cover_thumbnail.name).read_bytes()
    # ...then the bucket is configured and the command run, twice.
    settings.STORAGES = settings.STORAGES | {"default": local}
    out = io.StringIO()
    call_command("copy_media_to_storage", stdout=out)
    assert "2 file(s) copied, 0 already there." in out.getvalue()
    assert _keys(s3, bucket) == names
    out = io.StringIO()
    call_command("copy_media_to_storage", stdout=out)
    assert "0 file(s) copied, 2 already there." in out.getvalue()
    assert _keys(s3, bucket) == names

    page = client.get(Product.objects.get().get_absolute_url()).text
    url = f"{s3.endpoint}/{bucket}/{product.cover_thumbnail.name}"
    assert f'src="{url}"' in page
    with urllib.request.urlopen(url) as answer:
        assert answer.read() == thumb_bytes


def test_copy_media_to_storage_refuses_to_copy_a_folder_onto_itself(settings):
    from django.core.management.base import CommandError

    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    with pytest.raises(CommandError, match="set S3_BUCKET"):
        call_command("copy_media_to_storage")


def test_readyz_checks_the_bucket(client, settings, s3, bucket):
    assert client.get("/readyz").json()["checks"]["storage"] == "ok"
    missing = s3.storage_settings("no-such-bucket")
    settings.STORAGES = settings.STORAGES | {"default": missing}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "unavailable"


def test_covers_served_from_the_local_folder_are_cacheable_for_a_year(client):
    product = make_product(cover=make_cover())
    response = client.get(product.cover_thumbnail.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # a JPEG
