from migrate_prestashop.importer.report import Progress, Report


def test_the_report_counts_groups_skips_by_reason_and_lists_kept_edits():
    report = Report()
    report.count("product", "created", 3)
    report.count("product", "unchanged")
    report.skip("customer", 21, "a guest checkout")
    report.skip("customer", 22, "a guest checkout")
    report.skip("image", 7, "no file", detail="img/p/7.jpg")
    report.kept_edit("product", 3, "Our title", ["title", "price"])
    text = report.render()
    assert "  product: 3 created, 1 unchanged, 1 kept staff edit" in text
    assert "  customer (2): a guest checkout [old ids 21, 22]" in text
    assert "  image (1): no file [old ids 7 (img/p/7.jpg)]" in text
    assert "  product 3 “Our title”: price, title" in text


def test_a_dry_run_report_says_nothing_was_saved():
    assert Report(dry_run=True).render().startswith("Dry run: nothing was saved.")


def test_the_progress_bar_draws_on_a_terminal_and_stays_quiet_elsewhere():
    drawn, quiet = [], []
    assert list(Progress(drawn.append, live=True)("products", "abcd")) == list("abcd")
    list(Progress(quiet.append, live=False)("products", "abcd"))
    assert drawn[-2].endswith("[" + "#" * 30 + "] 4/4") and drawn[-1] == "\n"
    assert quiet == []
