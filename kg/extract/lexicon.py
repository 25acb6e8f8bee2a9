"""Word lists the rules read: general English news vocabulary, never names of particular people,
bodies or places.  Each list says the sentence shape it serves.
"""

# Titles that come before a name: "Prosecutor General Jane Roe", "Interior Minister John Doe",
# "Akim of the X region John Doe".  Multi-word titles are matched token by token, so only the
# single words are listed; lower-cased.
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "deputy", "secretary", "general", "prosecutor",
    "attorney", "chairman", "chairwoman", "chairperson", "chair", "director", "head", "chief",
    "akim", "governor", "mayor", "ambassador", "senator", "sen.", "rep.", "representative",
    "gov.", "congressman", "congresswoman", "speaker", "spokesman", "spokeswoman", "spokesperson",
    "commander", "colonel", "col.", "gen.", "lt.", "lieutenant", "major", "captain", "capt.",
    "sergeant", "sgt.", "admiral", "marshal", "king", "queen", "prince", "princess", "emperor",
    "judge", "justice", "ceo", "executive", "officer", "leader", "envoy", "adviser", "advisor",
    "counsel", "sheriff", "inspector", "commissioner", "superintendent", "premier", "chancellor",
    "foreign", "interior", "defence", "defense", "finance", "justice", "health", "economy",
    "energy", "emergency", "education", "agriculture", "trade", "culture", "labour", "labor",
    "state", "first", "acting", "regional", "district", "city", "national", "senior", "pope",
    "cardinal", "bishop", "archbishop", "rabbi", "imam", "sheikh", "ayatollah", "mufti",
    "founder", "owner", "manager", "editor", "correspondent", "spokesperson", "member", "aide",
    "official", "economist", "analyst", "lawyer", "attorney", "professor", "dr.", "coach",
}
# Abbreviated ranks and titles as the tokenizer may split them: "Capt. X" → "Capt", ".".
ABBREVIATED = {"capt", "gen", "col", "lt", "sgt", "gov", "sen", "rep", "adm", "maj", "cmdr", "supt"}
TITLE_WORDS |= ABBREVIATED
# The word of a title that carries its meaning ("Deputy Prime Minister" → minister).  A title
# needs one of these; the rest of TITLE_WORDS only modify it.
TITLE_HEADS = {
    "president", "minister", "secretary", "prosecutor", "attorney", "chairman", "chairwoman",
    "chairperson", "chair", "director", "head", "chief", "akim", "governor", "mayor", "ambassador",
    "senator", "sen.", "rep.", "representative", "gov.", "congressman", "congresswoman", "speaker",
    "spokesman", "spokeswoman", "spokesperson", "commander", "colonel", "col.", "gen.", "general",
    "lieutenant", "major", "captain", "capt.", "sergeant", "sgt.", "admiral", "marshal", "king",
    "queen", "prince", "princess", "emperor", "judge", "justice", "ceo", "executive", "officer",
    "leader", "envoy", "adviser", "advisor", "counsel", "sheriff", "inspector", "commissioner",
    "superintendent", "premier", "chancellor", "pope", "cardinal", "bishop", "archbishop", "rabbi",
    "imam", "sheikh", "ayatollah", "mufti", "founder", "owner", "manager", "editor",
    "correspondent", "member", "aide", "official", "economist", "analyst", "lawyer", "professor",
    "coach",
} | ABBREVIATED
# Title heads that lead what follows them: "Chairman of the Committee X" → X heads the Committee.
LEADER_HEADS = {
    "president", "minister", "secretary", "chairman", "chairwoman", "chairperson", "chair",
    "director", "head", "chief", "akim", "governor", "mayor", "commander", "leader", "king", "queen",
    "emperor", "premier", "chancellor", "ceo", "founder", "owner", "manager", "editor", "sheriff",
    "superintendent", "commissioner",
}
# Title heads that say someone belongs to a body: "member of the party".
MEMBER_HEADS = {"member", "senator", "sen.", "rep.", "representative", "congressman", "congresswoman"}
# Honorifics and ranks are not positions worth a node: "Mr. Smith", "Dr. Jones".
HONORIFICS = {"mr.", "mrs.", "ms.", "miss", "dr.", "sir", "dame", "mr", "mrs", "ms", "dr"}
# ---- roles as things: the status of a role (role_time.role_status) and successions (successions.py)
# Words before or on a title that say its holder held it before: "former President X", "the
# outgoing minister", "ex-Governor X", "the then-Mayor", "the late Judge X", "X, formerly an
# adviser". "late" and "then" count only right after "the"/a possessive or before a hyphen
# ("late last year", "and then President X spoke" say nothing of a role).
PAST = {"former", "ex", "ex-", "late", "then", "outgoing", "retired", "formerly", "previously", "previous"}
# Words that say a role is held for the time being: "acting head X", "the interim director".
ACTING = {"acting", "interim", "caretaker"}
# Words that say a role is about to be held: "President-elect X", "the minister-designate",
# "the incoming governor", "X, the nominee".
DESIGNATE = {"designate", "elect", "incoming", "nominee", "nominated"}
# Verbs by which one person takes another's role: "X replaced Y as minister", "Y was succeeded by X".
REPLACE_VERBS = {"replace", "succeed"}
# Verbs by which someone leaves a post named after "as": "X was dismissed as minister", "the decree
# terminating (or "ended") the powers of X as chairman", "X resigned as head of Y", "X stepped down as mayor".
DISMISS_VERBS = {"dismiss", "sack", "fire", "remove", "relieve", "oust", "terminate", "end", "depose", "demote"}
LEAVE_VERBS = {"resign", "quit", "step", "retire"}
# ---------------------------------------------------------------- role shapes and title/name edges (B)
# Abbreviated business titles before a name: "Velland Bank DGM Ana Reis", "COO Ana Reis".
TITLE_ACRONYMS = {"dgm", "agm", "coo", "cfo", "cto", "cio", "mp"}
# Ranks and posts of police and parliaments: "Police Constable Ana Reis", "Corporal Ana Reis".
TITLE_RANKS = {"constable", "corporal", "cpl", "cpl.", "detective", "trooper", "ombudsman", "lawmaker", "legislator",
               "spokesmen", "spokeswoman"}
TITLE_WORDS |= TITLE_ACRONYMS | TITLE_RANKS | {"special"}
TITLE_HEADS |= TITLE_ACRONYMS | TITLE_RANKS
# A speaker presides over the house she speaks for: "State Assembly Speaker Ana Reis" heads it.
LEADER_HEADS |= {"speaker"}
# Words that make a title a second-in-command's, who works for the body rather than heads it:
# "deputy director of the Bureau", "Vice President of the Bank", "assistant general manager".
DEPUTY_WORDS = {"deputy", "vice", "assistant", "associate", "under", "vice-"}
# Titles of two words whose holder leads the body although the last word alone would not say
# so: "chief executive of Velland Mining", "managing director of the bank".
LEADING_TITLES = {("chief", "executive"), ("managing", "director")}
# Lower-case words that may stand inside a lower-case title before a name, beside TITLE_WORDS:
# "police spokesman Ana Reis", "party leader Ana Reis", "opposition leader Ana Reis".
TITLE_QUALIFIERS = {"police", "party", "opposition", "army", "military", "cabinet", "presidential",
                    "provincial", "parliamentary", "government", "managing", "operating", "financial",
                    "supreme", "union", "board", "press", "top"}
# Words of address that stand between a title and a name and belong to the name, not the title:
# "Foreign Minister Dr Ana Reis", "Prime Minister Sheikh Ana Reis".
NAME_HONORIFICS = {"dr", "dr.", "sheikh", "sheik", "prof", "prof.", "professor", "haji", "hajji", "engr", "engr.",
                   "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sir", "dame", "lord", "lady", "hon", "hon."}
# Plural titles before names joined by "and": "Officers Ana Reis and Tomas Vidal".
TITLE_PLURALS = {w + "s": w for w in TITLE_HEADS if w.isalpha()} | {"chiefs": "chief", "secretaries": "secretary"}
# title words in the singular and the plural
TITLE_FORMS = TITLE_WORDS | set(TITLE_PLURALS)


# "Minister of Finance X" heads the "Ministry of Finance": title head → the body's head word.
# Only "minister" names its body reliably; a "Secretary" or "Director" may serve anything.
BODY_OF_TITLE = {"minister": "Ministry"}

# Last words of organisation names: "Customs Committee", "Ministry of Health".
ORG_WORDS = {
    "ministry", "committee", "council", "bureau", "agency", "department", "service", "office",
    "commission", "authority", "administration", "government", "parliament", "assembly",
    "senate", "congress", "court", "tribunal", "directorate", "inspectorate", "police", "army",
    "navy", "guard", "forces", "party", "union", "association", "federation", "league",
    "organization", "organisation", "institute", "university", "college", "academy", "school",
    "foundation", "fund", "bank", "company", "corporation", "corp.", "corp", "inc.", "inc", "ltd",
    "ltd.", "co.", "group", "holding", "holdings", "airlines", "airways", "times", "post", "news",
    "press", "agency", "network", "center", "centre", "society", "club", "board", "chamber",
    "cabinet", "mission", "front", "movement", "brigade", "battalion", "regiment", "command",
    "akimat", "prosecutor's", "procuracy", "duma", "majilis", "mazhilis", "secretariat",
}
# "Economic Community of the Tarvel States", "East Velland Community" (B: names cut in two)
ORG_WORDS |= {"community", "laboratory", "unit", "division", "trust"}
# "the Tarvel Reserve Police Force", "the Velland Gazette" (the real set cut one force's name
# before "Force" and read one gazette as a person)
ORG_WORDS |= {"force", "gazette"}
# Legal forms that end a company's name, which the text leaves off when it names the company
# again: "Velland Mining Corp." then "Velland Mining" or "Velland" (claims.claims).  The real set
# named 5 companies both ways in 2 articles, each a duplicate node.
# Not "group": "the Ostrel Group" may be a unit named after its town (CoNLL04 dev has one).
COMPANY_SUFFIXES = {"inc", "corp", "co", "ltd", "llc", "plc", "ag", "sa", "nv", "gmbh", "corporation",
                    "company", "incorporated", "limited"}
# Organisation words that mark an organ of a state.
GOVERNMENT_WORDS = {
    "ministry", "committee", "council", "bureau", "agency", "department", "service", "office",
    "commission", "authority", "administration", "government", "parliament", "assembly", "senate",
    "congress", "court", "tribunal", "directorate", "inspectorate", "police", "army", "navy",
    "guard", "forces", "force", "cabinet", "akimat", "procuracy", "duma", "majilis", "mazhilis",
    "secretariat", "command",
}
# Last words of place names: "X region", "X Province", "X oblast".
REGION_WORDS = {"region", "province", "oblast", "district", "county", "state", "territory",
                "prefecture", "governorate", "canton", "republic", "krai", "oblys"}
CITY_WORDS = {"city", "town", "village", "township", "municipality"}
# The kind words a place is named with and without: "Tarvel state" and "Tarvel", "the Ostrel
# town" and "Ostrel" are one place (resolve.place_key).  A capitalised "City" is part of a name
# ("Tarvel City" need not be the state Tarvel).  Not "region", "province", "district": such a
# unit is often named after its seat ("the Ostrel region" and the city of Ostrel; the seed
# article and one real article tell the two apart).  The real set named 5 places both ways in 4
# articles, each a duplicate node (one of them read as four).
OPTIONAL_PLACE_KINDS = {"state"}
# "the X presidential residence", "X Palace", "X Airport".
BUILDING_WORDS = {"residence", "palace", "building", "house", "tower", "hotel", "mosque", "church",
                  "cathedral", "temple", "embassy", "consulate", "hall", "castle", "stadium",
                  "square", "museum", "theater", "theatre", "hospital", "prison", "headquarters"}
FACILITY_WORDS = {"airport", "station", "port", "base", "harbour", "harbor", "plant", "mine",
                  "bridge", "dam", "checkpoint", "terminal", "camp"}
# Building words that are surnames too ("Andrew Hall", "Ana Temple"): after a proper noun the
# model read as a person's, they do not make it a building (CoNLL04 dev has such a person).
SURNAME_BUILDING_WORDS = {"hall", "house", "church", "temple", "tower", "square", "bridge", "camp", "port",
                          "base", "station", "plant", "mine", "dam", "building", "castle"}

# Last words of the names of events, which name no person, body or place: "the Tarvel-Velland
# War" (the model read one such war of the real set as a place).
EVENT_NAME_WORDS = {"war", "wars"}
# Nouns that name events: "the June 5 terrorist attacks", "a meeting of the Council".
ATTACK_NOUNS = {"attack", "bombing", "explosion", "blast", "shooting", "assault", "raid",
                "massacre", "ambush", "assassination", "hijacking", "siege", "strike", "stabbing",
                "killing", "murder"}
MEETING_NOUNS = {"meeting", "session", "summit", "talks", "conference", "congress", "forum",
                 "hearing", "briefing", "visit", "negotiations", "consultations"}
# Verbs whose subject presides: "X chaired a meeting", "X presided over the session".
CHAIR_VERBS = {"chair", "preside", "convene", "host", "lead", "open"}
# Verbs whose subjects take part: "X presented reports during the meeting", "X attended the talks".
PARTICIPATE_VERBS = {"present", "brief", "attend", "report", "speak", "address", "participate",
                     "deliver", "join", "take", "give", "make", "discuss", "raise"}
# Verbs that give an event its topic: "a meeting to assess the attacks".
TOPIC_VERBS = {"assess", "discuss", "review", "consider", "examine", "address", "analyse",
               "analyze", "evaluate", "investigate"}
# Verbs that give a person a post: "X was named Minister of Finance", "X was appointed chairman of Y".
APPOINT_VERBS = {"name", "appoint", "elect", "nominate", "promote", "designate", "choose", "select", "install"}
# (B) more appointment verbs of wire copy ("was installed as", spaCy's lemma "instal"; "reappointed")
APPOINT_VERBS |= {"instal", "reappoint", "assign", "pick", "tap"}
# Verbs that put a person in a post through "as": "X will take over as head of Y", "X served as mayor".
AS_VERBS = {"take", "serve", "act", "remain", "continue", "stay", "work", "join", "return"}
# Verbs of killing: "X shot Y", "Y was killed by X", "Y, who was stabbed by X".
KILL_VERBS = {"kill", "murder", "assassinate", "shoot", "stab", "slay", "execute", "strangle", "behead", "poison"}
# Nouns that say what kind of place a name is, in "X, the largest city of Y", "X, a port on Y".
PLACE_NOUNS = {"city", "town", "capital", "village", "port", "suburb", "municipality", "region",
               "province", "state", "district", "county", "oblast", "country", "nation", "republic",
               "island", "resort", "area"}
# Verbs whose subject leads their object: "X heads the Board", "X, who runs the bank".
HEAD_VERBS = {"head", "lead", "run", "chair", "direct", "manage", "operate", "command"}
# Verbs that put a body under another: "a bureau created under the Ministry".
CREATE_VERBS = {"create", "establish", "form", "set", "found", "place", "operate", "open", "launch"}
# Verbs of saying, and those only people do: "X noted", "X stressed".
SPEECH_VERBS = {"say", "tell", "note", "stress", "add", "emphasise", "emphasize", "conclude",
                "order", "thank", "suggest", "ask", "urge", "warn", "explain", "state", "declare",
                "announce", "express", "insist", "remark"}
PERSONAL_SPEECH_VERBS = SPEECH_VERBS - {"say", "state", "announce", "declare", "tell", "warn"}

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
MONTHS.update({m[:3]: n for m, n in list(MONTHS.items())})
MONTHS["sept"] = 9
# In week order: a weekday in a report counts back from the article's date (context.period_date),
# and tells two events apart (events.py).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# ---------------------------------------------------------------- events and places (helper D)
# Verbs that report an attack: "rebels ambushed a convoy in X on 24 April", "gunmen attacked Y".
ATTACK_VERBS = {"attack", "ambush", "bomb", "raid", "storm", "assault", "besiege", "murder", "assassinate",
                "massacre"}
# The noun an event read from a verb is named by: "rebels ambushed ..." → "ambush".
EVENT_NOUN_OF_VERB = {"assassinate": "assassination", "bomb": "bombing", "besiege": "siege",
                      "meet": "meeting", "call": "meeting", "kill": "killing", "shoot": "shooting",
                      "stab": "stabbing", "slay": "killing", "behead": "beheading"}
# Verbs of killing that report an attack when armed men do them: "gunmen killed a judge in X".
ARMED_KILL_VERBS = {"kill", "shoot", "stab", "slay", "behead", "abduct", "kidnap"}
# Verbs that name who did an attack: "an attack claimed by X", "carried out by X", "blamed on X",
# "X claimed the attack", "X staged the attack".
PERPETRATE_VERBS = {"claim", "carry", "blame", "perpetrate", "commit", "stage", "launch", "mount",
                    "conduct", "execute", "orchestrate", "plot"}
# Verbs whose clause an attack sits in with its place and date: "ten were killed at X on May 3 in
# an attack claimed by Y".
HARM_VERBS = {"kill", "die", "injure", "wound", "hurt", "murder", "shoot", "slay"}
# Nouns for the armed men a name qualifies: "Redland rebels", "Tarvel gunmen".
GROUP_NOUNS = {"rebels", "insurgents", "militants", "gunmen", "terrorists", "fighters", "jihadists",
               "separatists", "guerrillas", "extremists", "bombers", "militia", "militias", "rebel",
               "insurgent", "militant", "gunman", "terrorist", "fighter", "jihadist", "separatist"}
# ---------------------------------------------------------------- relation model and typing (C)
# Nouns that speak of a killing: the relation model reads "killed" only in a sentence with one
# of these or a KILL_VERBS verb ("Y's assassin X", "X, convicted of the murder of Y").
KILL_NOUNS = {"assassin", "assassination", "murder", "murderer", "killer", "killing", "slaying",
              "slayer", "execution", "executioner", "gunman", "death", "shooting", "stabbing"}
# Last words of a political party's name, or the noun after it ("the Tarvel Unity party"):
# a person the model reads as working for a party is a member of it.
PARTY_WORDS = {"party"}
# Words that say where someone lives or comes from ("born in X", "a native of X", "her
# hometown"): with one of them a titled person's place is still read as their home.
HOME_WORDS = {"bear", "born", "native", "home", "hometown", "resident", "live", "reside", "grow", "raise"}
# Nouns that say where someone is from, with the place after "of"/"in" or before them: "a
# native of Tarvel", "a Tarvel resident", "her home in Tarvel", "his hometown of Tarvel".
HOME_NOUNS = {"native", "resident", "hometown", "home", "inhabitant", "citizen"}
# Endings of nationality adjectives ("Tarvelese", "Vellandian", "Ostravish"): such a word
# before a noun describes it and names nothing.
DEMONYM_ENDINGS = ("ese", "ian", "ish", "ean")
# Endings of adjectives that may start a name ("the Tarvelic State", "the Vellandian State"):
# before "State" they name a polity or a movement, not a province (mentions._class_by_words).
ADJECTIVE_ENDINGS = DEMONYM_ENDINGS + ("ic",)
# Lower-case nouns after a name that make it an organisation: "the X militants", "the X
# newspaper".  Not "unit" or "employees": "the Tarvel unit" may be a firm's branch there.
ORG_NOUNS_AFTER = {"militant", "rebel", "separatist", "insurgent", "fighter", "gunman", "militia",
               "guerrilla", "jihadist", "extremist", "newspaper", "daily", "weekly", "magazine",
               "broadcaster", "newswire", "faction", "movement", "party", "shareholder", "subsidiary"}
# "the Tarvel Front group", "the X outfit": an armed group of the real set read as a place was
# named so.  Firms are groups too: "the Velland group".  Not "affiliate": "the network's Tarvel
# affiliate" is the network's, in Tarvel.
ORG_NOUNS_AFTER |= {"group", "outfit", "organisation", "organization"}
# ---------------------------------------------------------------- E: scope of generic bodies
# Common words of the names of state bodies, parties and their offices, beside ORG_WORDS and
# TITLE_WORDS: a name made only of these ("Interior Ministry", "Security Council", "Labour
# Party") names a body of some country, not one body (kg/extract/scope.py).
GENERIC_BODY_WORDS = {
    "interior", "internal", "home", "foreign", "external", "affairs", "defence", "defense",
    "finance", "financial", "economy", "economic", "justice", "health", "education", "security",
    "intelligence", "protection", "national", "federal", "central", "supreme", "high", "higher",
    "constitutional", "electoral", "election", "presidential", "executive", "legislative",
    "reserve", "anti-corruption", "corruption", "anti", "public", "prosecution", "prosecutor's",
    "people's", "peoples", "people", "military", "armed", "border", "customs", "tax", "taxes",
    "revenue", "emergency", "emergencies", "situations", "disaster", "management", "transport",
    "transportation", "communications", "communication", "information", "media", "labour", "labor",
    "social", "welfare", "development", "environment", "environmental", "agriculture", "trade",
    "industry", "industrial", "commerce", "culture", "tourism", "sport", "sports", "youth", "women",
    "family", "science", "technology", "energy", "mines", "mining", "natural", "resources", "water",
    "housing", "urbanization", "urbanisation", "urban", "planning", "infrastructure", "works",
    "local", "regional", "municipal", "provincial", "ministers", "investigation", "investigative",
    "criminal", "civil", "aviation", "civilian", "statistics", "statistical", "audit", "accounts",
    "monetary", "treasury", "budget", "investment", "privatization", "competition", "procurement",
    "veterans", "immigration", "migration", "citizenship", "refugees", "religious", "religion",
    "human", "rights", "ombudsman", "anti-terrorism", "counter-terrorism", "terrorism", "narcotics",
    "drug", "control", "enforcement", "special", "operations", "staff", "joint", "chiefs",
    "cooperation", "relations", "international", "territorial", "administrative", "appeals",
    "appeal", "district", "city", "town", "state", "republic", "republican", "democratic",
    "liberal", "conservative", "socialist", "communist", "christian", "green", "greens",
    "progressive", "popular", "independent", "reform", "unity", "freedom", "alliance",
    "coalition", "opposition", "ruling", "new", "united", "peace", "workers", "farmers",
    "coast", "air", "land", "ground", "naval", "marine", "marines", "fire", "rescue", "railways",
    "ports", "roads", "highways", "post", "telecommunications", "ict", "digital", "employment",
    "pensions", "insurance", "food", "fisheries", "forestry", "livestock", "irrigation",
    "parliamentary", "legal", "judicial", "council", "secretariat", "guards", "gendarmerie",
    "protocol", "press", "office", "bureau", "presidium", "standing", "select", "upper", "lower",
    "house", "senate", "chamber", "deputies", "representatives", "lords", "commons", "cabinet",
}

# ---------------------------------------------------------------- E: organisation relations
# Verbs whose subject holds their object: "Grell Holdings owns Halloway Bank", "Y is owned by X",
# "the company that controls Y".
OWN_VERBS = {"own", "control"}
# Nouns for the body that holds another: "X, the majority owner of Y", "the parent of Y".
OWNER_NOUNS = {"owner", "parent"}
# Nouns for a body inside another: "Y, a subsidiary of X", "Y, X's Velland unit".  Not
# "affiliate": a group's affiliate is allied to it, not part of it.
UNIT_NOUNS = {"unit", "subsidiary", "division", "arm", "branch", "wing", "offshoot"}

# ---------------------------------------------------------------- sets tested together
# Joined once here: a union written inside a test is built anew on every test (TITLE_FORMS |
# ORG_WORDS took 3.9 µs a time, and mentions tested it on each word of each name).
TITLE_OR_HONORIFIC = TITLE_WORDS | HONORIFICS
TITLE_FORM_OR_HONORIFIC = TITLE_FORMS | HONORIFICS
TITLE_HEAD_OR_HONORIFIC = TITLE_HEADS | HONORIFICS
TITLE_HEAD_FORM = TITLE_HEADS | set(TITLE_PLURALS)  # "minister", "ministers"
BODY_OR_TITLE_WORD = ORG_WORDS | TITLE_WORDS
BODY_OR_TITLE_FORM = ORG_WORDS | TITLE_FORMS
PLACE_KIND_WORDS = REGION_WORDS | CITY_WORDS  # "the Varna region", "Springfield city"
SITE_WORDS = BUILDING_WORDS | FACILITY_WORDS
TITLE_OR_QUALIFIER_FORM = TITLE_FORMS | TITLE_QUALIFIERS
