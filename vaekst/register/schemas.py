"""Typed shapes of the register API: the list filters coming in, companies going out.

Outgoing schemas are built explicitly from model instances (`from_model`), so a field reads only
what the selectors loaded and a new model field never leaks into the API by accident.
"""

from datetime import date
from typing import Literal

from ninja import Field, Schema

from vaekst.lib.paging import PageQuery
from vaekst.organisations.models import Municipality
from vaekst.register.models import Company, CompanyPeriod, ProductionUnit, YearlyFigures
from vaekst.register.selectors import CompanyFilter

# The size classes one can filter by (SizeClass without "unknown"); a test keeps them in step.
SizeClassValue = Literal["0", "1-9", "10-49", "50-249", "250+"]
StatusFilter = Literal["active", "inactive", "all"]
CVR_PATTERN = r"^[1-9][0-9]{7}$"


class CompanyListQuery(PageQuery):
    """Filters and paging of `GET /api/companies`; the same filters as the company search page."""

    q: str = Field(
        "",
        max_length=100,
        description="Name (substring, case-insensitive) or CVR number (exact at 8 digits, "
        "prefix below).",
    )
    municipality: int | None = Field(None, ge=101, le=999, description="Municipality code.")
    region: int | None = Field(None, ge=1081, le=1085, description="Region code (1081-1085).")
    industry: str = Field(
        "", pattern=r"^[0-9]{0,6}$", description="Main industry code or a prefix of it (DB07/DB25)."
    )
    size_class: SizeClassValue | None = Field(None, description="Employee size class.")
    form_code: int | None = Field(None, ge=1, le=9999, description="Company form code.")
    status: StatusFilter = Field("active", description="Active, inactive or all companies.")

    def to_filter(self) -> CompanyFilter:
        return CompanyFilter(
            q=self.q,
            municipality=self.municipality,
            region=self.region,
            industry=self.industry,
            size_class=self.size_class or "",
            form_code=self.form_code,
            status=self.status,
        )


class CodeText(Schema):
    """A register code with its text, e.g. a company form or an industry."""

    code: str | None
    text: str


class MunicipalityOut(Schema):
    code: int
    name: str

    @classmethod
    def from_model(cls, municipality: Municipality | None) -> "MunicipalityOut | None":
        if municipality is None:
            return None
        return cls(code=municipality.code, name=municipality.name)


class RegionOut(Schema):
    code: int
    name: str


class MunicipalityWithRegionOut(MunicipalityOut):
    region: RegionOut

    @classmethod
    def from_model(cls, municipality: Municipality | None) -> "MunicipalityWithRegionOut | None":
        if municipality is None:
            return None
        region = municipality.region
        return cls(
            code=municipality.code,
            name=municipality.name,
            region=RegionOut(code=region.code, name=region.name),
        )


class CompanyOut(Schema):
    """A company as listed: its current register values."""

    cvr: str = Field(pattern=CVR_PATTERN, description="CVR number, 8 digits.")
    name: str
    form: CodeText
    status: str = Field(description="The register's status text, e.g. NORMAL.")
    is_active: bool
    municipality: MunicipalityOut | None
    main_industry: CodeText
    employees: float | None = Field(description="Latest known headcount.")
    employees_year: int | None
    size_class: str = Field(description="Employee size class; empty when unknown.")
    founded_on: date | None
    closed_on: date | None

    @classmethod
    def fields_from(cls, company: Company) -> dict[str, object]:
        return {
            "cvr": company.cvr_display,
            "name": company.name,
            "form": CodeText(
                code=str(company.form_code) if company.form_code is not None else None,
                text=company.form_text,
            ),
            "status": company.status,
            "is_active": company.is_active,
            "municipality": MunicipalityOut.from_model(company.municipality),
            "main_industry": CodeText(
                code=company.main_industry_code or None, text=company.main_industry_text
            ),
            "employees": company.employees,
            "employees_year": company.employees_year,
            "size_class": company.size_class,
            "founded_on": company.founded_on,
            "closed_on": company.closed_on,
        }

    @classmethod
    def from_model(cls, company: Company) -> "CompanyOut":
        return cls.model_validate(cls.fields_from(company))


class CompanyPage(Schema):
    """One page of companies. There is no total count: counting a filtered national register
    costs as much as reading it, so clients follow `next` until it is null."""

    items: list[CompanyOut]
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page; null on the last page.")


class AddressOut(Schema):
    street: str
    postcode: int | None
    city: str


class PeriodOut(Schema):
    """One period of one register field; `valid_to` is null while current."""

    kind: str
    code: str
    text: str
    rank: int
    valid_from: date | None
    valid_to: date | None

    @classmethod
    def from_model(cls, period: CompanyPeriod) -> "PeriodOut":
        return cls(
            kind=period.kind,
            code=period.code,
            text=period.text,
            rank=period.rank,
            valid_from=period.valid_from,
            valid_to=period.valid_to,
        )


class ProductionUnitOut(Schema):
    p_number: str = Field(pattern=r"^[0-9]{10}$", description="P-number, 10 digits.")
    name: str
    municipality_code: int | None
    valid_from: date | None
    valid_to: date | None

    @classmethod
    def from_model(cls, unit: ProductionUnit) -> "ProductionUnitOut":
        return cls(
            p_number=f"{unit.p_number:010d}",
            name=unit.name,
            municipality_code=unit.municipality_id,
            valid_from=unit.valid_from,
            valid_to=unit.valid_to,
        )


class YearlyFiguresOut(Schema):
    """One year of the panel. Money in DKK; each group carries its own source and as-of date."""

    year: int
    employees: float | None
    fte: float | None
    employees_band: str
    employees_source: str
    employees_as_of: date | None
    gross_profit: int | None
    revenue: int | None
    profit: int | None
    export: int | None
    equity: int | None
    financials_source: str
    financials_as_of: date | None

    @classmethod
    def from_model(cls, figures: YearlyFigures) -> "YearlyFiguresOut":
        return cls(
            year=figures.year,
            employees=figures.employees,
            fte=figures.fte,
            employees_band=figures.employees_band,
            employees_source=figures.employees_source,
            employees_as_of=figures.employees_as_of,
            gross_profit=figures.gross_profit,
            revenue=figures.revenue,
            profit=figures.profit,
            export=figures.export,
            equity=figures.equity,
            financials_source=figures.financials_source,
            financials_as_of=figures.financials_as_of,
        )


class CompanyDetailOut(CompanyOut):
    """One company with its address, register history, production units and yearly figures."""

    municipality: MunicipalityWithRegionOut | None
    address: AddressOut
    periods: list[PeriodOut]
    production_units: list[ProductionUnitOut]
    yearly_figures: list[YearlyFiguresOut]

    @classmethod
    def from_model(cls, company: Company) -> "CompanyDetailOut":
        fields = cls.fields_from(company)
        fields.update(
            municipality=MunicipalityWithRegionOut.from_model(company.municipality),
            address=AddressOut(street=company.street, postcode=company.postcode, city=company.city),
            # .all() reads the prefetched rows of selectors.get_company, in their order.
            periods=[PeriodOut.from_model(p) for p in company.periods.all()],
            production_units=sorted(
                (ProductionUnitOut.from_model(u) for u in company.production_units.all()),
                key=lambda unit: unit.p_number,
            ),
            yearly_figures=[YearlyFiguresOut.from_model(y) for y in company.yearly_figures.all()],
        )
        return cls.model_validate(fields)
