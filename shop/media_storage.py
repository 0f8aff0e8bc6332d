"""Settings for covers on S3-compatible object storage, read from S3_* variables.

AWS, Backblaze B2, Scaleway, a self-hosted MinIO or Garage: django-storages'
S3 backend speaks to all of them through boto3. Without S3_BUCKET the shop
keeps covers in MEDIA_ROOT on its own disk.
"""

from urllib.parse import urlsplit


def s3(env, cache_control):
    """Return STORAGES["default"] for the bucket, or None without S3_BUCKET."""
    bucket = env.str("S3_BUCKET", default="")
    if not bucket:
        return None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "custom_domain": env.str("S3_CUSTOM_DOMAIN", default="") or None,
            # Public covers: plain URLs that browsers and CDNs can cache,
            # rather than signed ones that change on every page.
            "querystring_auth": False,
            "default_acl": env.str("S3_DEFAULT_ACL", default="") or None,
            # Never replace a file under a name a page may have cached.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": cache_control},
        },
    }


def origins(env, storage):
    """Return the origins covers are served from, for the CSP's img-src."""
    options = storage.get("OPTIONS", {})
    if "bucket_name" not in options:
        return []
    if options["custom_domain"]:
        default = f"https://{options['custom_domain']}"
    elif options["endpoint_url"]:
        endpoint = urlsplit(options["endpoint_url"])
        default = f"{endpoint.scheme}://{endpoint.netloc}"
    else:
        default = f"https://{options['bucket_name']}.s3.amazonaws.com"
    return env.list("S3_MEDIA_ORIGINS", default=[default])
