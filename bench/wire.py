"""Wire-style articles made from templates, for timing kg on a corpus of any size.

Every person, body and place below is invented; the sentence shapes are the ones kg reads
(titles before names, "Minister of X", meetings chaired, attacks in cities on dates, "X said").
A seeded random generator picks the fillers, so the same ``n`` and ``seed`` give the same texts.

    .venv/bin/python bench/wire.py --articles 200 --out /tmp/wire   # write them as .txt files

>>> texts = articles(3)
>>> len(texts), len(set(texts))
(3, 3)
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

FIRST = ["Ilse", "Tobin", "Mira", "Garrick", "Wenna", "Oren", "Lidia", "Anselm", "Petra", "Corvin",
         "Rhea", "Aldo", "Selka", "Dorian", "Yelva", "Bram", "Nessa", "Teodor", "Kaja", "Fennick",
         "Orla", "Ivo", "Sabrel", "Marek", "Talia", "Emeric", "Zora", "Halvard", "Liesl", "Quill"]
LAST = ["Vantor", "Ferrante", "Sallow", "Obel", "Drost", "Batu", "Varga", "Kessel", "Moss",
        "Halloway", "Brenn", "Quist", "Lindqvar", "Orsk", "Tamberlin", "Vessick", "Harrowgate",
        "Pellam", "Stroud", "Merrow", "Caskel", "Doubray", "Elvin", "Forsk", "Garnet", "Holm",
        "Ibsley", "Jarrow", "Kell", "Lorrimer"]
CITIES = ["Kellmarsh", "Oslavik", "Dornholt", "Port Arvel", "Vell Harbour", "Ostrenmoor", "Tallowby",
          "Brisk", "Carrow", "Emberly", "Fallowmere", "Grenn", "Hask", "Irnwick", "Juno Bay"]
REGIONS = ["Selvar", "Northmarch", "Ost Vale", "Redwater", "Lower Brenn", "Kastrel", "Marrow Coast"]
COUNTRIES = ["Vellmar", "Ostmere", "Tessavar", "Brennland", "Corvania"]
PORTFOLIOS = ["Finance", "Defence", "Health", "Foreign Affairs", "Internal Affairs", "Energy",
              "Agriculture", "Transport", "Education", "Justice", "Trade", "Emergency Situations"]
COUNCILS = ["Security Council", "Defence Council", "Coastal Safety Council", "Economic Council",
            "Border Commission", "National Guard Command", "Public Order Committee"]
AGENCIES = ["State Border Service", "Customs Committee", "Maritime Inspection Bureau", "Civil Aviation Agency",
            "Water Resources Agency", "National Statistics Office", "Anti-Corruption Bureau"]
PLACE_BUILDINGS = ["government house", "presidential residence", "city hall", "Assembly Palace",
                   "Harbour Tower", "Ministry building"]
ATTACKS = ["attack", "bombing", "explosion", "shooting", "raid", "ambush"]
TARGETS = ["police station", "border checkpoint", "bus terminal", "market", "power plant", "ferry pier",
           "army base", "customs post"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
HEADLINES = [
    "{council} Meets After {Attack} In {city}",
    "{Country} Tightens Border Checks After {Attack}",
    "Ministers Review Security In {region} Region",
    "{city} Officials Promise Inquiry Into {Attack}",
    "{agency} To Get New Powers",
    "Talks In {city} End Without Agreement",
]
# One paragraph shape each; several per article, in a shuffled order after the lead.
LEADS = [
    "{CITY} – {Title1} {p1} chaired a meeting of the {council} of {country} in the {building} "
    "{month} {day2} to review the {month} {day1} {attack} in {city2} and agree on new measures.",
    "{CITY}, {month} {day2} — The {council} met in {city} on {month} {day2}, two days after "
    "the {attack} on a {target} in {city2} killed {n} people, {Title1} {p1} said.",
    "{CITY} (AP) - {Title1} {p1} opened a session of the {council} in {city} on {month} {day2}, "
    "where officials discussed the {month} {day1} {attack} near the {target} in {city2}.",
]
PARAGRAPHS = [
    "Minister of {portfolio} {p2}, {Title3} {p3} and Governor of the {region} region {p4} "
    "presented reports during the meeting.",
    "{p1s} said the {attack} had been planned abroad and thanked rescue workers in {city2} for their courage.",
    "\"We will find those responsible,\" {p2s} said. \"Nobody who planned this will be safe in {country}.\"",
    "{Title3} {p3} told reporters that {n2} suspects had been detained in {city3} on {month} {day3}.",
    "Officials said a new {agency} should be created under the Ministry of {portfolio} to check cargo "
    "entering {city2}.",
    "The {agency} is headed by {p5}, a former deputy minister of {portfolio2} who previously served "
    "as mayor of {city3}.",
    "{p4s}, the governor of the {region} region, noted that schools in {city3} would reopen on {month} {day4}.",
    "Deputy Prime Minister {p5} visited the {target} in {city2} on {month} {day3} and met families of the victims.",
    "{Title1} {p1s} stressed that the {council} would meet again in {month2} to assess progress.",
    "Police in {city2} said the {attack} began shortly after 9 a.m. when gunmen approached the {target}.",
    "Ambassador of {country2} to {country} {p6} expressed condolences and offered help with the investigation.",
    "\"The situation in {region} is under control,\" Minister of {portfolio2} {p6} said at a briefing in {city}.",
    "According to the {agency}, traffic through {city3} will be checked by the {council} until further notice.",
    "Earlier this year, {p3s} chaired talks in {city3} between the Ministry of {portfolio} and the {agency}.",
    "Witnesses in {city2} told local television that two explosions were heard near the {target} "
    "before police closed the surrounding streets.",
    "Prosecutor General {p6} said charges of terrorism had been brought against {n2} men arrested "
    "in the {region} region, and that the investigation would be completed by {month2}.",
    "The Ministry of {portfolio2} announced on {month} {day4} that compensation would be paid to the "
    "families of those killed in the {attack}.",
    "{p5s} added that the {agency} would open offices in {city} and {city3} before the end of the year, "
    "and that its staff would be trained by the Ministry of {portfolio}.",
    "In a statement, the {council} said the {month} {day1} {attack} was \"a crime against all citizens "
    "of {country}\" and called for calm.",
    "Hundreds of people gathered in the central square of {city2} on {month} {day3} to lay flowers "
    "for the victims, {p4s} said.",
]
TITLES = ["President", "Prime Minister", "Prosecutor General", "Interior Minister", "Defence Minister",
          "Chairman of the Customs Committee", "Secretary of the Security Council", "Mayor"]


def _article(rng: random.Random) -> str:
    people = [f"{first} {last}" for first, last in zip(rng.sample(FIRST, 6), rng.sample(LAST, 6))]
    city, city2, city3 = rng.sample(CITIES, 3)
    country, country2 = rng.sample(COUNTRIES, 2)
    portfolio, portfolio2 = rng.sample(PORTFOLIOS, 2)
    month, month2 = rng.sample(MONTHS, 2)
    day1 = rng.randint(1, 20)
    attack = rng.choice(ATTACKS)
    fill = {
        "city": city, "city2": city2, "city3": city3, "CITY": city.upper(),
        "region": rng.choice(REGIONS), "country": country, "country2": country2, "Country": country,
        "portfolio": portfolio, "portfolio2": portfolio2, "council": rng.choice(COUNCILS),
        "agency": rng.choice(AGENCIES), "building": rng.choice(PLACE_BUILDINGS),
        "attack": attack, "Attack": attack.title(), "target": rng.choice(TARGETS),
        "month": month, "month2": month2, "day1": day1, "day2": day1 + rng.randint(1, 5),
        "day3": rng.randint(1, 28), "day4": rng.randint(1, 28), "n": rng.randint(2, 30), "n2": rng.choice(["two", "three", "four", "five"]),
        "Title1": rng.choice(TITLES), "Title3": rng.choice(TITLES[2:]),
    }
    for i, person in enumerate(people, 1):
        fill[f"p{i}"] = person
    body = [rng.choice(LEADS)] + rng.sample(PARAGRAPHS, rng.randint(7, 12))
    template = "\n\n".join([rng.choice(HEADLINES)] + body)
    # Wire copy names a person in full first and by surname after: "{p3s}" is the full name
    # until "{p3}" or "{p3s}" has appeared, whichever paragraphs the draw put first.
    named: set[str] = set()

    def person(m: re.Match) -> str:
        key = m.group(1)
        full = fill[key]
        if m.group(2) and key in named:
            return full.split()[-1]
        named.add(key)
        return full

    template = re.sub(r"\{(p\d)(s?)\}", person, template)
    return template.format(**fill) + "\n"


def articles(n: int, seed: int = 7) -> list[str]:
    """``n`` articles, the same ones for the same ``n`` and ``seed``."""
    rng = random.Random(seed)
    return [_article(rng) for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True, help="folder to write wire-NNNN.txt into")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(articles(args.articles, args.seed)):
        (args.out / f"wire-{i:04d}.txt").write_text(text, encoding="utf-8")
    print(f"{args.articles} articles in {args.out}")


if __name__ == "__main__":
    main()
