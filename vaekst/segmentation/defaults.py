"""The default national levels: a sensible start that the national level edits as data.

Four levels, highest potential first. The top level asks for the consultant's assessment of
high ambition, because the model places firms by growth potential *and* will and capacity.
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
        "criteria": [{"group": 0, "indicator": "employees", "operator": "gte", "value": 1}],
    },
    {
        "key": "base",
        "rank": 4,
        "internal_name": "Iværksætter og enkeltmandsdrift",
        "external_name": "Start",
        "description": "Alle øvrige: nye virksomheder og virksomheder uden ansatte. Får "
        "basal vejledning og kollektive tilbud.",
        "criteria": [],
    },
]
