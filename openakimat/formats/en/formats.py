# English as read in Kazakhstan. Django's own English formats are American (month first,
# "March 15, 2024", "11/19/2026", "2:30 p.m."), which a resident here would misread: 11/03/2026
# is the 11th of March to anyone who grew up with dd.mm.yyyy. English pages therefore keep the
# order and the clock of the Kazakh and Russian pages — day, month, year and 24-hour time — and
# spell the month out in full where there is room ("15 March 2024", the British style), so the
# date is unambiguous to residents and to visitors alike. The short form is the local dd.mm.yyyy,
# the same digits a resident sees on the Kazakh and Russian pages and on paper documents.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday, as in Kazakhstan

# Day first only: Django's English list would take 03/11/2026 as the 11th of March.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '15.03.2024'
    "%d.%m.%y",  # '15.03.24'
    "%d/%m/%Y",  # '15/03/2024'
    "%d %B %Y",  # '15 March 2024'
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # '14:30'
    "%H:%M:%S",  # '14:30:59'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",  # '15.03.2024 14:30'
    "%d.%m.%Y %H:%M:%S",  # '15.03.2024 14:30:59'
    "%d/%m/%Y %H:%M",  # '15/03/2024 14:30'
]
