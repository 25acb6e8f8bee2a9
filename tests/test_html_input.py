"""HTML pages as input: kg.ingest.html finds the article in a page, kg.ingest.corpus turns it into a Document
the same way as a .txt file.  Every page here is invented; only the last test runs spaCy."""
from __future__ import annotations

import pytest

from kg import pipeline
from kg.errors import KgError
from kg.ingest.corpus import find_files, read_paths
from kg.ingest.html import parse

# A news page as a site serves it: the article wrapped in menus, scripts, ads, related links and
# a footer, each holding words that must not reach the text.
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Ferry Line To Oslavik Reopens | The Kellmarsh Courier</title>
  <meta property="article:published_time" content="2022-09-14T07:45:00+02:00">
  <style>.lead { font-weight: bold; } /* Styleman Quist */</style>
  <script>window.dataLayer = [{author: "Corvin Halloway", section: "Ports"}];</script>
</head>
<body>
  <header class="site">
    <h1 class="logo">The Kellmarsh Courier</h1>
    <nav><ul><li><a href="/">Home</a><li><a href="/ports">Ports</a><li><p>Weather in Dornholt</p></ul></nav>
  </header>
  <main>
    <article>
      <header>
        <h1>Ferry Line To Oslavik Reopens</h1>
        <p class="byline">By Wenna Drost</p>
        <time datetime="2022-09-13">Tuesday</time>
      </header>
      <p class="lead">KELLMARSH &ndash; Harbour Master Ilse Vantor
         reopened the ferry line to Oslavik on Tuesday, a week after the storm.</p>
      <p>&ldquo;The quay is safe again,&rdquo; Vantor said.
         <script>track("Corvin Halloway")</script>Crews&nbsp;worked through the night.</p>
      <aside><p>Related: Storm closes the Dornholt bridge</p></aside>
      <figure><img src="ferry.jpg" alt=""><figcaption><p>Photo: Aldo Brenn</p></figcaption></figure>
      <p>Mayor Tobin Ferrante thanked the crews &amp; the pilots.</p>
      <form><p>Sign up for our newsletter</p><input name="email"></form>
      <noscript><p>Please enable JavaScript, Noscriptus Vell.</p></noscript>
      <p>Share this article</p>
    </article>
  </main>
  <footer><p>Copyright 2022 The Kellmarsh Courier. Contact editor Rhea Moss.</p></footer>
</body>
</html>
"""

LEAKS = ["Corvin Halloway", "Styleman", "Dornholt", "Wenna Drost", "Aldo Brenn", "newsletter",
         "Noscriptus", "Rhea Moss", "Home", "track(", "dataLayer"]


def write(path, text: str | bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def one_doc(tmp_path, markup: str, name: str = "story.html"):
    [doc] = read_paths([write(tmp_path / name, markup)])
    return doc


def page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


# ---------------------------------------------------------------- the article in a page


def test_article_page_becomes_a_document_with_title_date_and_dateline(tmp_path):
    doc = one_doc(tmp_path, PAGE)
    assert doc.id.endswith("/story.html")
    # the site's name after "|" in <title> is not the headline; the article's <h1> is
    assert doc.title == "Ferry Line To Oslavik Reopens"
    # the meta tag wins over the <time> in the article's header
    assert doc.date == "2022-09-14"
    assert doc.dateline == "Kellmarsh"
    assert doc.text == (
        "Harbour Master Ilse Vantor reopened the ferry line to Oslavik on Tuesday, a week after the storm.\n\n"
        "“The quay is safe again,” Vantor said. Crews worked through the night.\n\n"
        "Mayor Tobin Ferrante thanked the crews & the pilots."
    )


@pytest.mark.parametrize("leak", LEAKS)
def test_nothing_from_scripts_menus_or_page_chrome_reaches_the_text(tmp_path, leak):
    doc = one_doc(tmp_path, PAGE)
    assert leak not in doc.text
    assert leak not in (doc.title or "")


def test_a_name_inside_a_script_in_a_paragraph_does_not_leak():
    markup = page('<p>Envoy Mira Sallow arrived.<script>var who = "Garrick Obel";</script> She spoke.</p>')
    assert parse(markup).text == "Envoy Mira Sallow arrived. She spoke."


def test_hidden_elements_are_not_text():
    markup = page('<p>Envoy Mira Sallow arrived.</p><p hidden>Garrick Obel</p>'
                  '<p>Talks began.<span aria-hidden="true"> Garrick Obel</span></p>')
    assert parse(markup).text == "Envoy Mira Sallow arrived.\n\nTalks began."


def test_without_an_article_element_every_body_paragraph_counts_but_chrome_does_not():
    markup = page("<nav><p>Menu</p></nav><div><p>Envoy Mira Sallow arrived in Vell Harbour.</p></div>"
                  "<p>Talks began on Monday.</p><footer><p>About us</p></footer>")
    assert parse(markup).text == "Envoy Mira Sallow arrived in Vell Harbour.\n\nTalks began on Monday."


def test_the_article_with_the_most_text_is_the_story_not_the_teaser_cards():
    markup = page("<article><p>Teaser: bridge works.</p></article>"
                  "<article><p>Envoy Mira Sallow arrived in Vell Harbour on Monday for two days of talks.</p>"
                  "<p>Talks began at noon.</p></article>"
                  "<article><p>Teaser: ferry fares.</p></article>")
    assert parse(markup).text == ("Envoy Mira Sallow arrived in Vell Harbour on Monday for two days of talks."
                                  "\n\nTalks began at noon.")


def test_unclosed_paragraphs_end_where_a_browser_ends_them():
    markup = page("<p>Envoy Mira Sallow arrived.<p>Talks began.<div>Not a paragraph.</div><p>They ended.")
    assert parse(markup).text == "Envoy Mira Sallow arrived.\n\nTalks began.\n\nThey ended."


def test_source_line_wraps_collapse_and_br_keeps_a_line_break():
    markup = page("<p>Envoy   Mira\n   Sallow\tarrived.<br>Talks began.</p>")
    assert parse(markup).text == "Envoy Mira Sallow arrived.\nTalks began."


def test_entities_are_decoded():
    markup = page("<p>Caf&eacute; owners &amp; the mayor&#8217;s aide met at &lt;noon&gt;&#x21;</p>")
    assert parse(markup).text == "Café owners & the mayor’s aide met at <noon>!"


def test_furniture_paragraphs_are_stripped_by_clean(tmp_path):
    doc = one_doc(tmp_path, page("<p>The ferry resumed service.</p><p>Follow us for more</p><p>Advertisement</p>"))
    assert doc.text == "The ferry resumed service."


# ---------------------------------------------------------------- title and date


@pytest.mark.parametrize(
    "head, body, title",
    [
        ("<title>Bridge Shut In Vell Harbour</title>", "<p>Engineers found cracks.</p>", "Bridge Shut In Vell Harbour"),
        ("", "<h1>Bridge Shut</h1><h1>Second</h1><p>Engineers found cracks.</p>", "Bridge Shut"),
        ("<title>Bridge Shut - Vell Gazette</title>", "<h1>Bridge Shut</h1><p>Engineers found cracks.</p>", "Bridge Shut"),
        # a <title> that is not the headline plus a suffix stays the title
        ("<title>Cracks Found</title>", "<h1>Bridge Shut</h1><p>Engineers found cracks.</p>", "Cracks Found"),
        # the site's logo in the page header is no headline
        ("", "<header><h1>Vell Gazette</h1></header><p>Engineers found cracks.</p>", None),
        ("", "<p>Engineers found cracks.</p>", None),
    ],
)
def test_title_comes_from_title_or_first_h1(tmp_path, head, body, title):
    doc = one_doc(tmp_path, page(body, head))
    assert doc.title == title
    assert doc.text == "Engineers found cracks."


@pytest.mark.parametrize(
    "head, body, date",
    [
        ('<meta property="article:published_time" content="2020-05-06T10:00:00Z">', "", "2020-05-06"),
        ('<meta name="date" content="2020-05-07">', "", "2020-05-07"),
        ('<meta name="Date" content="2020-05-07">', '<time datetime="2019-01-01">x</time>', "2020-05-07"),
        ('<meta name="date" content="2020-05-07"><meta property="article:published_time" content="2020-05-06">',
         "", "2020-05-06"),
        ("", '<article><time datetime="2020-05-08T09:00">May 8</time><p>Engineers found cracks.</p></article>',
         "2020-05-08"),
        # the day's date in a page banner is not the article's
        ("", '<div><time datetime="2001-01-01">today</time></div>'
             '<article><p>Engineers found cracks.</p><time datetime="2020-05-08">May 8</time></article>', "2020-05-08"),
        # a teaser's date in an aside is not the article's
        ("", '<aside><time datetime="2001-01-01">old</time></aside><p>Engineers found cracks.</p>', None),
        ('<meta name="date" content="May 9, 2020">', "", None),
        ("", "", None),
    ],
)
def test_date_from_meta_tags_then_time_element_iso_only(tmp_path, head, body, date):
    markup = page(body if "<p>" in body else body + "<p>Engineers found cracks.</p>", head)
    assert one_doc(tmp_path, markup).date == date


# ---------------------------------------------------------------- files and folders


def test_folder_reads_html_and_htm_beside_text_files(tmp_path):
    write(tmp_path / "in" / "a.txt", "Engineers found cracks.")
    write(tmp_path / "in" / "b.html", page("<p>Envoy Mira Sallow arrived.</p>"))
    write(tmp_path / "in" / "sub" / "c.HTM", page("<p>Talks began.</p>"))
    docs = list(read_paths([tmp_path / "in"]))
    assert [d.id.rsplit("/", 1)[-1] for d in docs] == ["a.txt", "b.html", "c.HTM"]
    assert [d.text for d in docs] == ["Engineers found cracks.", "Envoy Mira Sallow arrived.", "Talks began."]


def test_html_and_txt_with_one_stem_get_distinct_ids(tmp_path):
    write(tmp_path / "brief.txt", "Plain text.")
    write(tmp_path / "brief.html", page("<p>Marked text.</p>"))
    ids = [i for _, i in find_files([tmp_path])]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_markdown_marks_in_html_text_are_kept(tmp_path):
    # an HTML page is not markdown: "#" and "*" in its prose are the writer's characters
    doc = one_doc(tmp_path, page("<p># 5 on the list, *not* first.</p>"))
    assert doc.text == "# 5 on the list, *not* first."


# ---------------------------------------------------------------- bad input


def one_line_error(path) -> str:
    with pytest.raises(KgError) as info:
        list(read_paths([path]))
    message = str(info.value)
    assert message and "\n" not in message
    return message


def test_html_without_paragraphs_has_no_article_text(tmp_path):
    f = write(tmp_path / "menu.html", page("<h1>Vell Gazette</h1><div>Only a menu</div>", "<title>Vell Gazette</title>"))
    message = one_line_error(f)
    assert message.startswith(f"no article text in {f}")


def test_html_whose_only_paragraphs_are_chrome_and_scripts_has_no_article_text(tmp_path):
    f = write(tmp_path / "chrome.html", page('<nav><p>Home</p></nav><script>var x = "<p>Garrick Obel</p>";</script>'
                                            "<footer><p>About us</p></footer><p>Share this article</p>"))
    assert one_line_error(f).startswith(f"no article text in {f}")


def test_empty_html_file(tmp_path):
    assert "empty" in one_line_error(write(tmp_path / "blank.htm", "  \n"))


def test_undecodable_html(tmp_path):
    message = one_line_error(write(tmp_path / "cafe.html", page("<p>Le café ouvre.</p>").encode("latin-1")))
    assert "UTF-8" in message and "cafe.html" in message


def test_binary_file_named_html(tmp_path):
    assert "binary" in one_line_error(write(tmp_path / "logo.html", b"\x89PNG\r\n\x1a\n\x00\x00"))


def test_unsupported_suffix_names_html_among_the_accepted(tmp_path):
    message = one_line_error(write(tmp_path / "story.xhtml", page("<p>Talks began.</p>")))
    assert ".html" in message and "story.xhtml" in message


def test_folder_of_other_files_names_html_among_the_accepted(tmp_path):
    write(tmp_path / "in" / "photo.jpg", b"\xff\xd8\xff")
    assert ".html" in one_line_error(tmp_path / "in")


# ---------------------------------------------------------------- end to end


@pytest.mark.slow
def test_build_reads_facts_from_an_html_page(tmp_path):
    write(tmp_path / "in" / "ferry.html", PAGE)
    result = pipeline.build([tmp_path / "in"])
    [ex] = result.extractions
    assert (ex.document.title, ex.document.date, ex.document.dateline) == (
        "Ferry Line To Oslavik Reopens", "2022-09-14", "Kellmarsh")
    labels = {e.label for e in ex.entities.values()}
    assert {"Tobin Ferrante", "Oslavik"} <= labels
    assert not labels & {"Corvin Halloway", "Rhea Moss", "Aldo Brenn", "Wenna Drost"}
