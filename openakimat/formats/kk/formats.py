# Kazakh formats. Django ships none for Kazakh, so without this module Kazakh pages would fall back
# to the global US defaults ("11/19/2026", "Наурыз 15, 2024", "2:30 p.m.").
#
# Dates read day, month, year with the year marked "ж." (жыл), as Kazakh official texts write
# them: "15 наурыз 2024 ж.". Month names are lower case in running text; Django's Kazakh catalogue
# capitalises them, so the project's kk catalogue overrides the month msgids (see
# openakimat/formats/months.py, which keeps those entries in the catalogue). Time is 24-hour.
# The *_FORMAT strings use Django's date format syntax.
DATE_FORMAT = "j E Y ж."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y ж., H:i"
YEAR_MONTH_FORMAT = "E Y ж."
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# What a Kazakh resident types: 15.03.2024, 15.03.24; ISO 8601 (2024-03-15, what <input type=date>
# sends) is always accepted by Django on top of these.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '15.03.2024'
    "%d.%m.%y",  # '15.03.24'
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # '14:30'
    "%H:%M:%S",  # '14:30:59'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",  # '15.03.2024 14:30'
    "%d.%m.%Y %H:%M:%S",  # '15.03.2024 14:30:59'
    "%d.%m.%y %H:%M",  # '15.03.24 14:30'
]

# Numbers as Russian writes them: a no-break space between thousands, a decimal comma
# (1 700 000,75).
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
