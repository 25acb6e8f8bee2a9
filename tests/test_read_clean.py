"""kg.ingest.corpus and kg.ingest.clean: files and folders in, Documents out, page furniture stripped, every way
input can be bad refused with one KgError line.  No spaCy here, so this file runs in milliseconds."""
from __future__ import annotations

import codecs

import pytest

from kg.errors import KgError
from kg.ingest.clean import clean
from kg.ingest.corpus import find_files, read_paths

HASH = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"


def write(path, text: str | bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def docs(*paths):
    return list(read_paths(paths))


# ---------------------------------------------------------------- reading files and folders


def test_txt_file_becomes_one_document_named_by_its_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = write(tmp_path / "news" / "harbor-report.txt", "Mayor Ilse Vantor opened the new pier in Kellmarsh.")
    [doc] = docs(f)
    assert doc.id == "news/harbor-report.txt"  # relative to the working folder, suffix kept
    assert doc.text == "Mayor Ilse Vantor opened the new pier in Kellmarsh."
    assert doc.source == str(f)
    assert doc.title is None and doc.date is None and doc.dateline is None


def test_markdown_front_matter_gives_title_and_iso_date(tmp_path):
    f = write(
        tmp_path / "pier.md",
        "---\ntitle: \"Pier Opens In Kellmarsh\"\ndate: 2021-04-07T09:30:00Z\nauthor: Desk\n---\n"
        "The **mayor** of [Kellmarsh](https://example.org/k) cut the ribbon.\n\nCrowds cheered.\n",
    )
    [doc] = docs(f)
    assert doc.title == "Pier Opens In Kellmarsh"
    # a timestamp after the date must not hide it
    assert doc.date == "2021-04-07"
    # markdown marks and link targets are not prose
    assert doc.text == "The mayor of Kellmarsh cut the ribbon.\n\nCrowds cheered."


def test_markdown_heading_is_the_title_and_not_body_text(tmp_path):
    f = write(tmp_path / "a.md", "# Bridge Closed In Dornholt\n\nEngineers found cracks.\n\nRepairs start soon.\n")
    [doc] = docs(f)
    assert doc.title == "Bridge Closed In Dornholt"
    assert "Bridge Closed" not in doc.text


def test_markdown_heading_is_dropped_from_the_body_when_front_matter_names_the_title(tmp_path):
    f = write(tmp_path / "a.md", "---\ntitle: Bridge Shut\n---\n# Bridge Closed In Dornholt\n\nEngineers found cracks.\n")
    [doc] = docs(f)
    assert doc.title == "Bridge Shut"
    assert doc.text == "Engineers found cracks."


def test_front_matter_date_that_is_not_iso_is_left_out(tmp_path):
    f = write(tmp_path / "a.md", "---\ntitle: T\ndate: April 7, 2021\n---\nEngineers found cracks.\n")
    assert docs(f)[0].date is None


def test_folder_is_read_recursively_in_sorted_order_with_paths_as_ids(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for rel in ["b.txt", "a.md", "sub/c.txt", "sub/deeper/d.markdown", "notes.pdf", "sub/image.png"]:
        write(tmp_path / "in" / rel, f"Text of {rel} about Kellmarsh.")
    ids = [d.id for d in docs("in")]
    assert ids == ["in/a.md", "in/b.txt", "in/sub/c.txt", "in/sub/deeper/d.markdown"]
    # the same call twice gives the same order: document IRIs and outputs must not shuffle
    assert [d.id for d in docs("in")] == ids


def test_several_paths_keep_the_order_given(tmp_path):
    z = write(tmp_path / "z.txt", "Zed spoke.")
    a = write(tmp_path / "a.txt", "Ay spoke.")
    assert [d.text for d in docs(z, a)] == ["Zed spoke.", "Ay spoke."]


def test_same_name_in_two_folders_gets_distinct_ids(tmp_path):
    write(tmp_path / "north" / "0001.txt", "North text.")
    write(tmp_path / "south" / "0001.txt", "South text.")
    ids = [d.id for d in docs(tmp_path / "north", tmp_path / "south")]
    assert ids == [(tmp_path / "north" / "0001.txt").as_posix(), (tmp_path / "south" / "0001.txt").as_posix()]


def test_txt_and_md_with_one_stem_get_distinct_ids(tmp_path):
    write(tmp_path / "in" / "brief.txt", "Plain text.")
    write(tmp_path / "in" / "brief.md", "Marked text.")
    ids = [d.id for d in docs(tmp_path / "in")]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_a_file_named_twice_is_one_document(tmp_path):
    f = write(tmp_path / "in" / "once.txt", "Only once.")
    assert [d.id for d in docs(tmp_path / "in", f)] == [f.as_posix()]


def test_find_files_accepts_upper_case_suffixes(tmp_path):
    write(tmp_path / "LOUD.TXT", "Shouted text.")
    assert [f.name for f, _ in find_files([tmp_path])] == ["LOUD.TXT"]


# ---------------------------------------------------------------- cleaning


def test_subscription_and_social_footers_are_removed():
    raw = (
        "The ferry to Oslavik resumed service on Monday.\n\n"
        "Get The Kellmarsh Courier stories sent directly to you! Sign up via the website.\n\n"
        "Follow us on Twitter and Facebook.\n\nShare this article\n\nAdvertisement\n"
    )
    doc = clean(raw, "d", "d.txt")
    assert doc.text == "The ferry to Oslavik resumed service on Monday."


def test_footer_glued_to_the_last_paragraph_is_removed():
    doc = clean("The ferry resumed service.\nFollow us on Twitter and Facebook.", "d", "d.txt")
    assert doc.text == "The ferry resumed service."


def test_news_that_only_starts_like_furniture_is_kept():
    raw = (
        "Subscribers in Oslavik lost phone service on Tuesday.\n\n"
        "Copyright lawyers met in Kellmarsh.\n\n"
        "Following usual practice, the council voted."
    )
    assert clean(raw, "d", "d.txt").text == raw


def test_hash_token_glued_to_text_is_removed():
    doc = clean(f"Ministers met to discuss security.{HASH}-slider\n\nThey agreed.", "d", "d.txt")
    assert doc.text == "Ministers met to discuss security.\n\nThey agreed."


def test_long_plain_numbers_are_not_mistaken_for_hash_tokens():
    assert clean("The fund holds 1234567890123456 units.", "d", "d.txt").text == "The fund holds 1234567890123456 units."


def test_first_short_paragraph_without_final_period_is_the_title():
    doc = clean("Ferry Service Returns To Oslavik\n\nThe ferry resumed service on Monday.", "d", "d.txt")
    assert doc.title == "Ferry Service Returns To Oslavik"
    assert doc.text == "The ferry resumed service on Monday."


def test_first_paragraph_that_is_a_sentence_is_not_a_title():
    raw = "The ferry resumed service on Monday.\n\nPassengers cheered."
    doc = clean(raw, "d", "d.txt")
    assert doc.title is None and doc.text == raw


@pytest.mark.parametrize("raw", ["Mayor Ilse Vantor opened the pier.", "Mayor Ilse Vantor opened the pier"])
def test_one_line_text_keeps_its_text_and_has_no_title(raw):
    doc = clean(raw, "d", "d.txt")
    assert doc.text == raw
    assert doc.title is None


@pytest.mark.parametrize(
    "body, place",
    [
        ("PARIS – Mayor Ilse Vantor opened the pier.", "Paris"),
        ("NEW YORK, June 3 — Mayor Ilse Vantor opened the pier.", "New York"),
        ("LONDON (Reuters) - Mayor Ilse Vantor opened the pier.", "London"),
    ],
)
def test_dateline_becomes_metadata_and_leaves_the_body(body, place):
    doc = clean(f"Pier Opens\n\n{body}\n\nCrowds cheered.", "d", "d.txt")
    assert doc.title == "Pier Opens"
    assert doc.dateline == place
    assert doc.text == "Mayor Ilse Vantor opened the pier.\n\nCrowds cheered."


def test_sentence_with_a_dash_later_on_is_no_dateline():
    doc = clean("Mayor Ilse Vantor – a former pilot – opened the pier.", "d", "d.txt")
    assert doc.dateline is None
    assert doc.text.startswith("Mayor Ilse Vantor")


def test_windows_line_ends_and_control_characters_are_normalised():
    doc = clean("Pier Opens\r\n\r\nThe pier\x07 opened.\r\n", "d", "d.txt")
    assert doc.title == "Pier Opens"
    assert doc.text == "The pier opened."


def test_title_and_date_given_by_the_format_become_metadata():
    doc = clean("Ferry Back\n\nThe ferry resumed service.", "d", "d.html", title="Ferry Returns",
                date="2022-09-14T07:45:00+02:00")
    assert (doc.title, doc.date) == ("Ferry Returns", "2022-09-14")
    # with the headline known, a short first paragraph is body text, not a second headline
    assert doc.text == "Ferry Back\n\nThe ferry resumed service."


def test_front_matter_in_the_text_wins_over_the_given_title_and_date():
    raw = "---\ntitle: Ferry Back\ndate: 2022-09-15\n---\nThe ferry resumed service."
    doc = clean(raw, "d", "d.md", title="Ferry Returns", date="2022-09-14")
    assert (doc.title, doc.date) == ("Ferry Back", "2022-09-15")


def test_given_date_that_is_not_iso_is_left_out():
    assert clean("The ferry resumed service.", "d", "d.html", date="Sept. 14, 2022").date is None


# ---------------------------------------------------------------- bad input


def one_line_error(paths) -> str:
    with pytest.raises(KgError) as info:
        docs(*paths)
    message = str(info.value)
    assert message and "\n" not in message
    return message


def test_missing_path(tmp_path):
    assert "no such file" in one_line_error([tmp_path / "nowhere.txt"])


def test_empty_file(tmp_path):
    assert "empty" in one_line_error([write(tmp_path / "empty.txt", "")])


def test_whitespace_only_file(tmp_path):
    assert "empty" in one_line_error([write(tmp_path / "blank.txt", " \n\t\n  \n")])


def test_binary_file(tmp_path):
    assert "binary" in one_line_error([write(tmp_path / "blob.txt", b"GIF89a\x00\x01\x02ferry")])


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_read_in_the_encoding_it_names(tmp_path, codec):
    text = "Mayor Ilse Vantor opened the café in Kellmarsh."
    data = text.encode(codec)
    if codec.endswith("-be"):  # Python writes no mark for an explicit byte order
        data = {"utf-16-be": codecs.BOM_UTF16_BE, "utf-32-be": codecs.BOM_UTF32_BE}[codec] + data
    [doc] = docs(write(tmp_path / "a.txt", data))
    assert doc.text == text


def test_json_lines_in_utf16_with_a_byte_order_mark(tmp_path):
    lines = '{"text": "Mayor Ilse Vantor spoke.", "id": "a"}\n{"text": "Envoy Mira Sallow left.", "id": "b"}\n'
    assert [d.text for d in docs(write(tmp_path / "feed.jsonl", lines.encode("utf-16")))] == [
        "Mayor Ilse Vantor spoke.", "Envoy Mira Sallow left."]
    bad = write(tmp_path / "bad.jsonl", lines.encode("utf-16") + b"\x00\xd8\x41\x00\n\x00")  # a lone surrogate
    assert one_line_error([bad]) == f"{bad} is not UTF-16 text (bad bytes on line 3)"


def test_another_encoding_is_read_when_named(tmp_path):
    f = write(tmp_path / "cafe.txt", "Le café ouvre à Kellmarsh.".encode("cp1252"))
    assert [d.text for d in read_paths([f], encoding="cp1252")] == ["Le café ouvre à Kellmarsh."]
    feed = write(tmp_path / "feed.jsonl", '{"text": "Le café ouvre."}\n'.encode("latin-1"))
    assert [d.text for d in read_paths([feed], encoding="latin-1")] == ["Le café ouvre."]


def test_undecodable_bytes(tmp_path):
    # "café" saved as latin-1 by an old editor
    message = one_line_error([write(tmp_path / "cafe.txt", "Le café ouvre.".encode("latin-1"))])
    assert "UTF-8" in message and "cafe.txt" in message


def test_a_huge_file_is_refused_before_it_is_cleaned(tmp_path, monkeypatch):
    from kg.ingest import corpus

    monkeypatch.setattr(corpus, "clean", lambda *a, **k: pytest.fail("cleaned a file too long to parse"))
    huge = write(tmp_path / "huge.txt", "Ferry news. " * 1_000_000)
    assert one_line_error([huge]) == (f"article too long: {huge} has 12,000,000 characters "
                                      "(spaCy parses at most 1,000,000 at a time; split it)")


def test_a_json_line_too_long_to_parse_is_named_by_its_line(tmp_path):
    feed = write(tmp_path / "feed.jsonl", '{"text": "Ferry news."}\n{"text": "%s"}\n' % ("Ferry news. " * 90_000))
    assert one_line_error([feed]).startswith(f"article too long: line 2 of {feed} has 1,079,999 characters ")


def test_folder_without_articles(tmp_path):
    write(tmp_path / "in" / "photo.jpg", b"\xff\xd8\xff")
    write(tmp_path / "in" / "sub" / "data.csv", "a,b\n")
    assert "no .txt or .md" in one_line_error([tmp_path / "in"])


def test_empty_folder(tmp_path):
    (tmp_path / "in").mkdir()
    assert "no .txt or .md" in one_line_error([tmp_path / "in"])


def test_unsupported_suffix(tmp_path):
    assert "expected .txt or .md" in one_line_error([write(tmp_path / "story.docx", "Ferry text.")])


def test_file_with_nothing_but_front_matter(tmp_path):
    assert "no article text" in one_line_error([write(tmp_path / "stub.md", "---\ntitle: Stub\n---\n")])


def test_file_with_nothing_but_furniture(tmp_path):
    assert "no article text" in one_line_error([write(tmp_path / "f.txt", "Follow us on Twitter\n\nAdvertisement\n")])


def test_one_bad_file_in_a_folder_refuses_the_whole_build_when_strict(tmp_path):
    from kg.ingest.corpus import Corpus

    write(tmp_path / "in" / "good.txt", "The ferry resumed service.")
    write(tmp_path / "in" / "zz-empty.txt", "")
    with pytest.raises(KgError, match="zz-empty.txt"):
        Corpus([tmp_path / "in"], strict=True)


def test_a_bad_json_line_skips_its_file_and_nothing_of_it_counts(tmp_path):
    from kg.ingest.corpus import Corpus

    write(tmp_path / "in" / "a.jsonl", '{"text": "Mayor Ilse Vantor spoke.", "id": "x"}\n{oops\n')
    write(tmp_path / "in" / "b.jsonl", '{"text": "Envoy Mira Sallow left.", "id": "x"}\n')
    warnings = []
    corpus = Corpus([tmp_path / "in"], warn=warnings.append)
    # a.jsonl's good first line is taken back with its file: b.jsonl's "x" is no second "x"
    assert [d.text for d in corpus] == ["Envoy Mira Sallow left."] and len(corpus) == 1
    assert warnings == [f"skipped a bad file (bad JSON on line 2 of {tmp_path / 'in' / 'a.jsonl'}: "
                        "Expecting property name enclosed in double quotes at column 2)"]
