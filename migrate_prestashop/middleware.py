"""Answer the old shop's links with a 301 to their new page.

Like ``django.contrib.redirects``' fallback, this looks only at responses that
are already 404s, so ordinary pages never pay for it: no query, no regex. An
old link whose id was never imported stays the styled 404.
"""

from django.http import HttpResponsePermanentRedirect

from . import routes, selectors


class OldLinkFallbackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        found = routes.match(request.path_info, request.GET, selectors.saved_routes())
        if found is None:
            return response
        url = selectors.new_url(*found)
        return HttpResponsePermanentRedirect(url) if url else response
