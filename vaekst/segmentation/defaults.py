"""The default national levels: a sensible start that the national level edits as data.

Four levels, highest potential first. The top level asks for the consultant's assessment of
high ambition, because the model places firms by growth potential *and* will and capacity.
The `_en` texts are shown to readers of English (see `vaekst.lib.languages`).
"""

DEFAULT_LEVELS = [
    {
        "key": "high",
        "rank": 1,
        "internal_name": "Højt vækstpotentiale",
        "external_name": "Vækstacceleration",
        "description": "Etablerede virksomheder med dokumenteret eller forudsagt høj vækst "
        "og høj vilje til vækst. Får vækstpartnerskab, Key Account Manager og fuld adgang "
        "til tillægstilbud.",
        "internal_name_en": "High growth potential",
        "external_name_en": "Growth acceleration",
        "description_en": (
            "Established firms with documented or predicted high growth and a strong will "
            "to grow. Get a growth partnership, a key account manager and full access to "
            "additional offers."
        ),
        "criteria": [
            {"group": 0, "indicator": "employees", "operator": "gte", "value": 10},
            {"group": 1, "indicator": "employee_growth_3y", "operator": "gt", "value": 0.10},
            {"group": 1, "indicator": "gross_profit_growth_3y", "operator": "gt", "value": 0.15},
            {"group": 1, "indicator": "predicted_high_growth", "operator": "gte", "value": 0.3},
            {"group": 0, "indicator": "ambition", "operator": "gte", "value": 4},
        ],
    },
    {
        "key": "potential",
        "rank": 2,
        "internal_name": "Vækstpotentiale",
        "external_name": "Vækstløft",
        "description": "Virksomheder med tegn på vækst i ansatte, bruttofortjeneste eller en "
        "forhøjet forudsagt chance for høj vækst. Får vækstkortlægning og vækstplan.",
        "internal_name_en": "Growth potential",
        "external_name_en": "Growth boost",
        "description_en": (
            "Firms with signs of growth in employees or gross profit, or a raised predicted"
            " chance of high growth. Get a growth mapping and a growth plan."
        ),
        "criteria": [
            {"group": 0, "indicator": "employees", "operator": "gte", "value": 5},
            {"group": 1, "indicator": "employee_growth_3y", "operator": "gte", "value": 0.05},
            {"group": 1, "indicator": "gross_profit_growth_3y", "operator": "gte", "value": 0.10},
            {"group": 1, "indicator": "predicted_high_growth", "operator": "gte", "value": 0.15},
            {"group": 1, "indicator": "ambition", "operator": "gte", "value": 4},
        ],
    },
    {
        "key": "established",
        "rank": 3,
        "internal_name": "Etableret drift",
        "external_name": "Udvikling",
        "description": "Virksomheder med ansatte uden aktuelle væksttegn. Får kollektive "
        "forløb og vækstkortlægning på forespørgsel.",
        "internal_name_en": "Established operation",
        "external_name_en": "Development",
        "description_en": (
            "Firms with employees and no current signs of growth. Get collective programmes"
            " and a growth mapping on request."
        ),
        "criteria": [{"group": 0, "indicator": "employees", "operator": "gte", "value": 1}],
    },
    {
        "key": "base",
        "rank": 4,
        "internal_name": "Iværksætter og enkeltmandsdrift",
        "external_name": "Start",
        "description": "Alle øvrige: nye virksomheder og virksomheder uden ansatte. Får "
        "basal vejledning og kollektive tilbud.",
        "internal_name_en": "Start-up and sole trader",
        "external_name_en": "Start",
        "description_en": (
            "All others: new firms and firms without employees. Get basic guidance and "
            "collective offers."
        ),
        "criteria": [],
    },
]
