"""Recognise the old shop's URLs and pull out the numeric id.

PrestaShop matches its friendly URLs by id alone (the slug and category segment
are never checked), so the id is all we read. The default rules are built in;
the old shop's own ``PS_ROUTE_*`` rules, saved by the import, are tried first.
"""

import re

DEFAULT_RULES = {
    "product_rule": "{category:/}{id}-{rewrite}{-:ean13}.html",
    "cms_rule": "content/{id}-{rewrite}",
    # Before manufacturers: "2__gardners" would match "{id}_{rewrite}" too.
    "supplier_rule": "{id}__{rewrite}",
    "manufacturer_rule": "{id}_{rewrite}",
    "category_rule": "{id}-{rewrite}",
    "layered_rule": "{id}-{rewrite}{/:selected_filters}",
}
KIND_OF_RULE = {
    "product_rule": "product",
    "cms_rule": "cms",
    "supplier_rule": "supplier",
    "manufacturer_rule": "manufacturer",
    "category_rule": "category",
    "layered_rule": "category",
}
# ?controller=… forms, which work whether or not friendly URLs were on.
CONTROLLERS = {
    "product": ("product", "id_product"),
    "category": ("category", "id_category"),
    "manufacturer": ("manufacturer", "id_manufacturer"),
    "supplier": ("supplier", "id_supplier"),
    "cms": ("cms", "id_cms"),
}
IMAGE_URL = re.compile(
    r"(?:(?P<product>\d+)-)?(?P<id>\d+)-[a-z_]+(?:2x)?/[^/]+\.(?:jpe?g|png|gif|webp)",
    re.IGNORECASE,
)
_KEYWORD = re.compile(r"\{([^{}]*:)?([a-z0-9_]+)(:[^{}]*)?\}")
_LANGUAGE = re.compile(r"[a-z]{2}/")


def rule_regex(rule: str) -> re.Pattern:
    """Return a regex for a PrestaShop route rule, capturing ``id``."""
    parts, end = [], 0
    for match in _KEYWORD.finditer(rule):
        parts.append(re.escape(rule[end : match.start()]))
        before, keyword, after = match.groups()
        before = re.escape((before or "")[:-1])
        after = re.escape((after or "")[1:])
        if keyword == "id":
            parts.append(f"{before}(?P<id>[0-9]+){after}")
        elif keyword == "rewrite":
            parts.append(f"{before}[^/]*?{after}")
        else:
            value = ".*?" if keyword in ("categories", "selected_filters") else "[^/]*?"
            parts.append(f"(?:{before}{value}{after})?")
        end = match.end()
    parts.append(re.escape(rule[end:]))
    return re.compile("".join(parts))


def rules(saved: dict) -> list:
    """Return ``[(kind, regex)]``, the old shop's own rules before the defaults."""
    compiled = []
    for route_id, kind in KIND_OF_RULE.items():
        if saved.get(route_id):
            compiled.append((kind, rule_regex(saved[route_id])))
    for route_id, kind in KIND_OF_RULE.items():
        compiled.append((kind, rule_regex(DEFAULT_RULES[route_id])))
    return compiled


def match(path: str, query, saved: dict):
    """Return ``(kind, old_id)`` for an old shop URL, or None."""
    path = path.lstrip("/")
    base = (saved.get("physical_uri") or "/").strip("/")
    if base and path.startswith(base + "/"):
        path = path[len(base) + 1 :]
    candidates = [path]
    if _LANGUAGE.match(path):
        candidates.append(path[3:])
    for candidate in candidates:
        if candidate in ("", "index.php"):
            found = _controller(query)
            if found:
                return found
            continue
        image = IMAGE_URL.fullmatch(candidate)
        if image:
            return "image", int(image["id"])
    for candidate in candidates:
        for kind, regex in rules(saved):
            found = regex.fullmatch(candidate.rstrip("/"))
            if found:
                return kind, int(found["id"])
    return None


def _controller(query):
    controller = (query.get("controller") or "").lower()
    if controller not in CONTROLLERS:
        return None
    kind, parameter = CONTROLLERS[controller]
    value = query.get(parameter) or ""
    return (kind, int(value)) if value.isdigit() else None
