from migrate_prestashop.html import shorten, to_shop_text


def test_old_html_becomes_paragraphs_without_scripts_or_tags():
    clean = to_shop_text(
        "<p>Hello <b>w&eacute;rld</b> &amp; co</p><script>alert(1)</script>"
        '<p onclick="x()">Second<br>line</p><ul><li>one</li><li>two</li></ul>'
        "<style>p{color:red}</style><!-- note -->"
    )
    assert clean.text == "Hello wérld & co\n\nSecond\nline\n\none\n\ntwo"
    assert clean.dropped_images == []


def test_images_in_descriptions_are_dropped_and_reported():
    clean = to_shop_text(
        '<p>See <img src="http://oldshop.example/img/cms/map.jpg"> here</p>'
    )
    assert clean.text == "See here"
    assert clean.dropped_images == ["http://oldshop.example/img/cms/map.jpg"]


def test_empty_and_missing_html_give_empty_text():
    assert to_shop_text(None).text == ""
    assert to_shop_text("<p>&nbsp;</p>").text == ""


def test_shorten_cuts_at_a_word():
    assert shorten("one two three four", 12) == "one two…"
    assert shorten("short", 12) == "short"
