"""Read an HTML form's fields the way a browser would submit them."""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.fields, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            if kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((a["name"], a.get("value", default)))
        elif tag == "select":
            # A single select with nothing selected submits its first option.
            self._select = a.get("name")
            self._first, self._chosen = None, "multiple" in a
        elif tag == "option" and self._select:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self.fields.append((self._select, a.get("value", "")))
                self._chosen = True
        elif tag == "textarea":
            self._textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            if not self._chosen and self._first is not None:
                self.fields.append((self._select, self._first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            # Browsers drop the newline that follows <textarea>.
            name, text = self._textarea
            self.fields.append((name, text.removeprefix("\n")))
            self._textarea = None


def form_fields(html, form_id):
    """Return [(name, value)] of the form with ``id=form_id``, as submitted."""
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.fields
