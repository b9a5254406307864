"""Danish-looking company names: surname or place + industry word + form suffix.

Names are built from indices drawn in bulk (see `traits`), so that naming a register is a
string join per firm and the same seed gives the same names.
"""

SURNAMES = (
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Frederiksen",
    "Laursen",
    "Henriksen",
    "Lund",
    "Schmidt",
    "Eriksen",
    "Holm",
    "Kristiansen",
    "Clausen",
    "Simonsen",
    "Svendsen",
    "Andreasen",
    "Iversen",
    "Jeppesen",
    "Mogensen",
    "Vestergaard",
    "Nissen",
    "Lauridsen",
    "Kjær",
    "Jepsen",
    "Skov",
    "Dahl",
    "Bertelsen",
    "Thygesen",
    "Bach",
    "Berg",
    "Damgaard",
    "Overgaard",
    "Friis",
    "Bruun",
    "Gregersen",
    "Lassen",
    "Bech",
    "Krogh",
    "Winther",
    "Kjeldsen",
    "Højgaard",
    "Juhl",
    "Brandt",
    "Koch",
    "Ravn",
    "Nørgaard",
    "Bonde",
    "Lindholm",
    "Steffensen",
    "Toft",
    "Fogh",
)
FIRST_NAMES = (
    "Anders",
    "Anne",
    "Bo",
    "Camilla",
    "Christian",
    "Dorthe",
    "Emil",
    "Frederik",
    "Hanne",
    "Henrik",
    "Ida",
    "Jakob",
    "Jens",
    "Jesper",
    "Karen",
    "Kasper",
    "Lars",
    "Lene",
    "Louise",
    "Mads",
    "Maria",
    "Martin",
    "Mette",
    "Morten",
    "Niels",
    "Ole",
    "Peter",
    "Rasmus",
    "Sara",
    "Søren",
    "Thomas",
    "Tina",
    "Mikkel",
    "Sofie",
    "Kim",
    "Lone",
    "Michael",
    "Pia",
    "Jonas",
)
PLACES = (
    "Nordvest",
    "Østjysk",
    "Vestjysk",
    "Sydfyns",
    "Nordsjællands",
    "Midtjysk",
    "Himmerlands",
    "Limfjords",
    "Øresund",
    "Amager",
    "Djurs",
    "Thy",
    "Vendsyssel",
    "Kattegat",
    "Skagerrak",
    "Fyns",
    "Sønderjysk",
    "Vadehav",
    "Lillebælt",
    "Storebælt",
    "Mols",
    "Nord",
    "Syd",
    "Vest",
    "Øst",
    "Nordlys",
    "Fjord",
    "Kyst",
    "Hede",
    "Bakke",
    "Ådal",
    "Skovly",
    "Engtofte",
    "Polar",
    "Kompas",
    "Trekant",
    "Nova",
    "Lumen",
    "Aros",
    "Dania",
    "Viking",
    "Kronborg",
    "Møllebakken",
)
FARMS = (
    "Søndergård",
    "Nørregård",
    "Østergård",
    "Vestergård",
    "Højgård",
    "Lundgård",
    "Bakkegård",
    "Engholm",
    "Skovgård",
    "Møllegård",
    "Kærgård",
    "Egebjerg",
    "Rosenlund",
    "Birkelund",
)
CONNECTORS = ("&", "og")

FORM_SUFFIX = {10: "", 30: "I/S", 40: "K/S", 60: "A/S", 70: "P/S", 80: "ApS", 81: "IVS",
               110: "", 115: "", 150: "A.m.b.A."}  # fmt: skip


def base_name(
    *,
    style: int,
    industry_words: list[str],
    word: int,
    surname: int,
    second_surname: int,
    first_name: int,
    place: int,
    form_code: int,
    sector: str,
    town: str,
) -> str:
    """The name without its form suffix. `style` picks the pattern; the other indices pick
    words (taken modulo their list lengths)."""
    industry_word = industry_words[word % len(industry_words)]
    family = SURNAMES[surname % len(SURNAMES)]
    if form_code in (110, 115):
        return f"{industry_word} {PLACES[place % len(PLACES)]}"
    if sector == "agriculture" and style % 2 == 0:
        return f"{FARMS[place % len(FARMS)]} {industry_word}"
    if form_code == 10:
        # Sole proprietors trade under the owner's name.
        first = FIRST_NAMES[first_name % len(FIRST_NAMES)]
        if style % 3 == 0:
            return f"{industry_word} {first} {family}"
        return (
            f"{first} {family}s {industry_word}" if style % 3 == 1 else f"{family}s {industry_word}"
        )
    if form_code == 30 or style % 7 == 3:
        other = SURNAMES[second_surname % len(SURNAMES)]
        return f"{family} {CONNECTORS[style % 2]} {other}"
    if industry_word == "Holding" or style % 6 == 0:
        initials = FIRST_NAMES[first_name % len(FIRST_NAMES)][0] + family[0]
        return f"{initials} {industry_word}" if style % 2 else f"{family} {industry_word}"
    if style % 5 in (1, 2):
        return f"{PLACES[place % len(PLACES)]} {industry_word}"
    if style % 5 == 4:
        return f"{town} {industry_word}"
    return f"{family} {industry_word}"


def with_suffix(name: str, form_code: int) -> str:
    suffix = FORM_SUFFIX.get(form_code, "")
    return f"{name} {suffix}" if suffix else name


def email_domain(name: str) -> str:
    """'Jensen Tømrer ApS' -> 'jensentoemrer.dk'."""
    text = name.lower().translate(_ASCII)
    return "".join(ch for ch in text if ch.isalnum())[:40] + ".dk"


_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})
