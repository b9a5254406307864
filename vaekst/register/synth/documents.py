"""`Vrvirksomhed` documents in the real CVR format from a simulated panel and its traits.

Every field is a list of periods (`periode{gyldigFra, gyldigTil}`, `gyldigTil` null while
current) as in the distribution API; see /work/shared/reference/cvr-register.md. Industry
periods use DB07 codes until 31 December 2024 and DB25 codes from 1 January 2025.
Headcounts: the simulated count is `antalInklusivEjere` (what the calibration's size classes
are measured on); `antalAnsatte` leaves out the owners of personal firms.
"""

from collections.abc import Iterator
from typing import Any

from vaekst.register.synth import days
from vaekst.register.synth.geography import STREETS
from vaekst.register.synth.names import base_name, email_domain, with_suffix
from vaekst.register.synth.process import Panel
from vaekst.register.synth.tables import SECTORS, industries, municipalities
from vaekst.register.synth.traits import CLOSING_STATUSES, NONE, Traits

FORMS = {
    10: ("ENK", "Enkeltmandsvirksomhed"),
    30: ("I/S", "Interessentskab"),
    40: ("K/S", "Kommanditselskab"),
    60: ("A/S", "Aktieselskab"),
    70: ("P/S", "Partnerselskab"),
    80: ("APS", "Anpartsselskab"),
    81: ("IVS", "Iværksætterselskab"),
    110: ("FORENING", "Forening"),
    115: ("FFO", "Frivillig forening"),
}
OWNERS = {10: 1, 30: 2}
BAND_EDGES = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
BAND_LABELS = [f"ANTAL_{lo}_{hi - 1}" for lo, hi in zip(BAND_EDGES, BAND_EDGES[1:], strict=False)]
BAND_TOP = "ANTAL_1000_999999"
_BAND = [BAND_LABELS[sum(h >= edge for edge in BAND_EDGES[1:-1])] for h in range(1000)]
DB25_START = days.ordinal(2025, 1, 1)
KOMMUNE_PERIOD = {"gyldigFra": "2007-01-01", "gyldigTil": None}


def band(count: int) -> str:
    return _BAND[count] if count < 1000 else BAND_TOP


class DocumentBuilder:
    """Builds one document per panel firm; `build(i)` is the hot loop of the writer."""

    def __init__(self, panel: Panel, traits: Traits) -> None:
        self.panel = panel
        self.traits = traits
        self.iso = days.iso_table()
        self.stamp = days.timestamp_table()
        self.origin = days.ORIGIN
        self.industries = industries()
        self.municipalities = municipalities()
        self.kommune_names = [name.upper() for name in self.municipalities.name]
        self.sector_keys = [sector.key for sector in SECTORS]
        self.years = [int(y) for y in panel.years]
        self.headcount = panel.headcount.tolist()
        self.year_stamps = [
            self.stamp[days.ordinal(y + 1, 3, 20) - self.origin] for y in self.years
        ]
        self.loaded = self.stamp[days.ordinal(self.years[-1] + 1, 1, 20) - self.origin]

    def _period(self, start: int, end: int) -> dict[str, Any]:
        return {
            "gyldigFra": self.iso[start - self.origin],
            "gyldigTil": None if end == NONE else self.iso[end - self.origin],
        }

    def _segments(self, start: int, end: int, changes: list[int]) -> list[tuple[int, int]]:
        """Consecutive (from, to) spans from `start` split at the change days; `to` is the
        last valid day (the register's inclusive gyldigTil) and NONE for the open span."""
        points = sorted(
            {start, *(day for day in changes if start < day and (end == NONE or day <= end))}
        )
        spans = []
        for index, begin in enumerate(points):
            last = points[index + 1] - 1 if index + 1 < len(points) else end
            spans.append((begin, last))
        return spans

    def _industry_periods(self, start: int, end: int, steps: list[tuple[int, int]]) -> list[Any]:
        table = self.industries
        changes = [day for day, _ in steps] + [DB25_START]
        result: list[dict[str, Any]] = []
        for begin, last in self._segments(start, end, changes):
            industry = [code for day, code in steps if day <= begin][-1]
            if begin >= DB25_START:
                code, text = table.code25[industry], table.text25[industry]
            else:
                code, text = table.code[industry], table.text[industry]
            if result and result[-1]["branchekode"] == code and result[-1]["branchetekst"] == text:
                result[-1]["periode"]["gyldigTil"] = (
                    None if last == NONE else self.iso[last - self.origin]
                )
                continue
            result.append(
                {
                    "branchekode": code,
                    "branchetekst": text,
                    "periode": self._period(begin, last),
                    "sidstOpdateret": self.stamp[begin - self.origin + 3],
                }
            )
        return result

    def _address(self, i: int, which: int, begin: int, last: int) -> dict[str, Any]:
        traits = self.traits
        table = self.municipalities
        municipality = int(traits.municipality[i, which])
        postcode = int(traits.postcode[i, which])
        street = int(traits.street[i, which])
        return {
            "landekode": "DK",
            "fritekst": None,
            "vejkode": (street * 37 + municipality * 11) % 9000 + 100,
            "kommune": {
                "kommuneKode": int(table.code[municipality]),
                "kommuneNavn": self.kommune_names[municipality],
                "periode": KOMMUNE_PERIOD,
                "sidstOpdateret": None,
            },
            "husnummerFra": int(traits.house_number[i, which]),
            "husnummerTil": None,
            "bogstavFra": None,
            "bogstavTil": None,
            "etage": None,
            "sidedoer": None,
            "conavn": None,
            "postboks": None,
            "vejnavn": STREETS[street],
            "bynavn": None,
            "postnummer": table.postcode[postcode],
            "postdistrikt": table.postal_district[postcode],
            "adresseId": traits.adresse_id[2 * i + which],
            "periode": self._period(begin, last),
            "sidstOpdateret": self.stamp[begin - self.origin + 2],
        }

    @staticmethod
    def _attribute(
        kind: str, value_type: str, value: str, period: dict[str, Any], stamp: str
    ) -> dict[str, Any]:
        return {
            "sekvensnr": 0,
            "type": kind,
            "vaerditype": value_type,
            "vaerdier": [{"vaerdi": value, "periode": period, "sidstOpdateret": stamp}],
        }

    def name(self, i: int, form: int, changed: bool) -> str:
        words = self.traits.name_words[i].tolist()
        if changed:
            words = [words[0] + 1, words[1] + 1, words[2] + 7, words[3], words[4], words[5] + 5]
        industry = int(self.panel.industry[i])
        town = self.municipalities.name[int(self.traits.municipality[i, 0])]
        base = base_name(
            style=words[0],
            industry_words=self.industries.name_words[industry],
            word=words[1],
            surname=words[2],
            second_surname=words[3],
            first_name=words[4],
            place=words[5],
            form_code=form,
            sector=self.sector_keys[int(self.panel.sector[i])],
            town=town,
        )
        return with_suffix(base, form)

    def build(self, i: int) -> dict[str, Any]:
        traits, stamp, origin = self.traits, self.stamp, self.origin
        founded = int(traits.founded[i])
        ceased = int(traits.ceased[i])
        form0 = int(traits.form[i])
        form_change = int(traits.form_change[i])
        form1 = int(traits.form_after[i])
        name_change = int(traits.name_change[i])
        move = int(traits.move[i])
        founded_stamp = stamp[founded - origin + 1]

        navne: list[dict[str, Any]] = []
        for begin, last in self._segments(founded, ceased, [name_change, form_change]):
            form = form1 if form_change != NONE and begin >= form_change else form0
            changed = name_change != NONE and begin >= name_change
            navne.append(
                {
                    "navn": self.name(i, form, changed),
                    "periode": self._period(begin, last),
                    "sidstOpdateret": stamp[begin - origin + 1],
                }
            )
        forms: list[dict[str, Any]] = []
        for begin, last in self._segments(founded, ceased, [form_change]):
            form = form1 if form_change != NONE and begin >= form_change else form0
            short, long = FORMS[form]
            forms.append(
                {
                    "virksomhedsformkode": form,
                    "kortBeskrivelse": short,
                    "langBeskrivelse": long,
                    "ansvarligDataleverandoer": "E&S",
                    "periode": self._period(begin, last),
                    "sidstOpdateret": stamp[begin - origin + 1],
                }
            )
        addresses = [
            self._address(i, 1 if move != NONE and begin >= move else 0, begin, last)
            for begin, last in self._segments(founded, ceased, [move])
        ]
        steps = [(founded, int(self.panel.industry[i]))]
        if traits.industry_change[i] != NONE:
            steps.append((int(traits.industry_change[i]), int(traits.industry_after[i])))
        main_industry = self._industry_periods(founded, ceased, steps)
        secondary = [
            self._industry_periods(founded, ceased, [(founded, int(code))]) if code != NONE else []
            for code in traits.secondary_industries[i].tolist()
        ]

        if ceased == NONE:
            statuses = [
                {
                    "status": "NORMAL",
                    "periode": self._period(founded, NONE),
                    "sidstOpdateret": founded_stamp,
                }
            ]
        else:
            closing = CLOSING_STATUSES[int(traits.closing_status[i])]
            normal_end = ceased - 1
            spans: list[tuple[str, int, int]] = []
            if closing == "OPLØST EFTER KONKURS" and ceased - 180 > founded:
                normal_end = ceased - 181
                spans.append(("UNDER KONKURS", ceased - 180, ceased - 1))
            spans.insert(0, ("NORMAL", founded, max(normal_end, founded)))
            spans.append((closing, ceased, NONE))
            statuses = [
                {
                    "status": s,
                    "periode": self._period(b, e),
                    "sidstOpdateret": stamp[b - origin + 1],
                }
                for s, b, e in spans
            ]

        owners = OWNERS.get(forms[-1]["virksomhedsformkode"], 0)
        exact = bool(traits.exact_counts[i])
        ratio = float(traits.fte_ratio[i])
        employment: list[dict[str, Any]] = []
        for column, count in enumerate(self.headcount[i]):
            if count < 0:
                continue
            employees = max(count - owners, 0)
            fte = int(round(count * ratio))
            employment.append(
                {
                    "aar": self.years[column],
                    "antalInklusivEjere": count if exact else None,
                    "antalAarsvaerk": fte if exact else None,
                    "antalAnsatte": employees if exact else None,
                    "intervalKodeAntalInklusivEjere": band(count),
                    "intervalKodeAntalAarsvaerk": band(fte),
                    "intervalKodeAntalAnsatte": band(employees),
                    "sidstOpdateret": self.year_stamps[column],
                }
            )

        lifetime = {"periode": self._period(founded, ceased), "sidstOpdateret": founded_stamp}
        contact_period = self._period(founded, ceased)
        phones, mails, contacts = [], [], []
        if traits.phone[i]:
            number = str(int(traits.phone[i]))
            phones.append(
                {
                    "kontaktoplysning": number,
                    "hemmelig": False,
                    "periode": contact_period,
                    "sidstOpdateret": founded_stamp,
                }
            )
            contacts.append(number)
        if traits.email[i]:
            mail = "info@" + email_domain(navne[0]["navn"].rsplit(" ", 1)[0])
            mails.append(
                {
                    "kontaktoplysning": mail,
                    "hemmelig": False,
                    "periode": contact_period,
                    "sidstOpdateret": founded_stamp,
                }
            )
            contacts.append(mail)
        units = [
            {"pNummer": int(p), "periode": contact_period, "sidstOpdateret": founded_stamp}
            for p in traits.production_units[i].tolist()
        ]
        attributes = []
        capital = float(traits.capital[i])
        if capital > 0:
            attributes = [
                self._attribute(
                    "KAPITAL", "decimal", f"{capital:.2f}", contact_period, founded_stamp
                ),
                self._attribute("KAPITALVALUTA", "string", "DKK", contact_period, founded_stamp),
            ]
        cvr = int(traits.cvr[i])
        last_update = max(founded, ceased, move, name_change, form_change)
        return {
            "cvrNummer": cvr,
            "regNummer": [],
            "brancheAnsvarskode": None,
            "reklamebeskyttet": bool(traits.advertising_protected[i]),
            "navne": navne,
            "binavne": [],
            "postadresse": [],
            "beliggenhedsadresse": addresses,
            "telefonNummer": phones,
            "telefaxNummer": [],
            "elektroniskPost": mails,
            "hjemmeside": [],
            "livsforloeb": [lifetime],
            "hovedbranche": main_industry,
            "bibranche1": secondary[0],
            "bibranche2": secondary[1],
            "bibranche3": secondary[2],
            "status": [],
            "virksomhedsstatus": statuses,
            "virksomhedsform": forms,
            "aarsbeskaeftigelse": employment,
            "kvartalsbeskaeftigelse": [],
            "maanedsbeskaeftigelse": [],
            "erstMaanedsbeskaeftigelse": [],
            "attributter": attributes,
            "penheder": units,
            "deltagerRelation": [],
            "fusioner": [],
            "spaltninger": [],
            "virksomhedMetadata": {
                "nyesteNavn": navne[-1],
                "nyesteBinavne": [],
                "nyesteVirksomhedsform": forms[-1],
                "nyesteBeliggenhedsadresse": addresses[-1],
                "nyesteHovedbranche": main_industry[-1],
                "nyesteBibranche1": secondary[0][-1] if secondary[0] else None,
                "nyesteBibranche2": secondary[1][-1] if secondary[1] else None,
                "nyesteBibranche3": secondary[2][-1] if secondary[2] else None,
                "nyesteStatus": None,
                "nyesteKontaktoplysninger": contacts,
                "antalPenheder": len(units),
                "nyesteAarsbeskaeftigelse": employment[-1] if employment else None,
                "nyesteKvartalsbeskaeftigelse": None,
                "nyesteMaanedsbeskaeftigelse": None,
                "nyesteErstMaanedsbeskaeftigelse": None,
                "sammensatStatus": "NORMAL" if ceased == NONE else "OPHØRT",
                "stiftelsesDato": self.iso[founded - origin],
                "virkningsDato": self.iso[founded - origin],
            },
            "samtId": 3_000_000 + i,
            "fejlRegistreret": False,
            "dataAdgang": 0,
            "enhedsNummer": 4_000_000_000 + cvr % 1_000_000_000,
            "enhedstype": "VIRKSOMHED",
            "sidstIndlaest": self.loaded,
            "sidstOpdateret": stamp[last_update - origin + 2],
        }

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for i in range(self.panel.size):
            yield self.build(i)
