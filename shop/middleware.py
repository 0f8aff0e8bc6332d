from django.template.loader import render_to_string


class MethodNotAllowedPageMiddleware:
    """Give the empty 405 that ``require_POST`` answers a styled page.

    Shoppers reach one by opening a form's address (a bookmark, a reload
    after an error); a blank page tells them nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
