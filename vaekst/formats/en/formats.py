"""English dates as British English writes them ("7 December 2026", "07/12/2026"), not
Django's American default ("Dec. 7, 2026"). Danish uses Django's own formats ("7. december
2026"). Templates name a format (`|date`, `|date:"DATETIME_FORMAT"`), never a pattern."""

from django.conf.locale.en_GB.formats import *  # noqa: F403  (input formats and the rest)

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
