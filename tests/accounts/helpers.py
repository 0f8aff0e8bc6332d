import re

from django.contrib.messages import get_messages


def text(response):
    """Return the page's text without tags or runs of white space."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def link_in(message, path_start):
    """Return the path of the first link in ``message`` starting ``path_start``."""
    found = re.search(
        r"https://shop\.example\.org(" + re.escape(path_start) + r"\S*)", message.body
    )
    assert found, message.body
    return found.group(1)
