"""kg.extract.claims: which fuller name claims a shorter one, the same inside one article
(resolve.cluster) and across articles (link).  Names are invented."""
from __future__ import annotations

import pytest

from kg.extract.link import link
from kg.extract.resolve import cluster
from kg.model import Document, Entity, Extraction, Mention

ONE_PERSON = ["Teodor R. Halmi", "Teodor Halmi", "Halmi"]  # one man, with and without his middle initial
TWO_PEOPLE = ["Teodor Halmi", "Lidia Halmi", "Halmi"]  # which Halmi the bare surname means is not known


def one_article(names: list[str]) -> list[set[str]]:
    """The names ``cluster`` puts together, mentioned in this order in one article."""
    mentions, at = [], 0
    for name in names:
        mentions.append(Mention(name, at, at + len(name), "Person"))
        at += len(name) + 10
    return sorted(({e.label} | e.alt_labels for e in cluster(mentions)), key=sorted)


def across_articles(names: list[str]) -> list[set[str]]:
    """The names ``link`` gives one label, each name alone in an article of its own, the
    articles all naming one country (a bare surname joins no full name of an article naming
    none of its countries: tests/test_link.py)."""
    title = "Chilean ports reopen, Chile says"
    extractions = [Extraction(Document(f"d{i}", "", f"d{i}.txt", title), {"e1": Entity("e1", "Person", name)})
                   for i, name in enumerate(names)]
    groups: dict[str, set[str]] = {}
    for ex, name in zip(link(extractions), names):
        groups.setdefault(ex.entities["e1"].label, set()).add(name)
    return sorted(groups.values(), key=sorted)


@pytest.mark.parametrize("group", [one_article, across_articles])
@pytest.mark.parametrize("order", [1, -1])
def test_a_surname_joins_two_full_names_that_differ_only_by_a_middle_initial(group, order):
    assert group(ONE_PERSON[::order]) == [set(ONE_PERSON)]


@pytest.mark.parametrize("group", [one_article, across_articles])
@pytest.mark.parametrize("order", [1, -1])
def test_a_surname_two_different_people_share_stays_apart(group, order):
    assert group(TWO_PEOPLE[::order]) == [{"Halmi"}, {"Lidia Halmi"}, {"Teodor Halmi"}]


def test_a_given_name_and_surname_two_middle_initials_claim_stays_apart():
    names = ["Teodor R. Halmi", "Teodor S. Halmi", "Teodor Halmi"]
    assert one_article(names) == across_articles(names) == [{"Teodor Halmi"}, {"Teodor R. Halmi"}, {"Teodor S. Halmi"}]


# ---------------------------------------------------------------- acronyms (C)

def test_a_body_and_its_initials_are_one_body_in_an_article():
    mentions = [Mention("New Unity Party", 0, 15, "Organization"), Mention("NUP", 30, 33, "Organization"),
                Mention("Bank of the Coastal Cities", 50, 76, "Organization"), Mention("BCC", 90, 93, "Organization"),
                Mention("NBC", 100, 103, "Organization")]
    groups = sorted(({e.label} | e.alt_labels for e in cluster(mentions)), key=sorted)
    assert groups == [{"Bank of the Coastal Cities", "BCC"}, {"NBC"}, {"NUP", "New Unity Party"}]
