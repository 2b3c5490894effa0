"""Month names as they appear inside a date, kept in the project's catalogues.

Django's "E" (month in a date) and "N" (abbreviated month) format characters translate these
msgids with the contexts "alt. month" and "abbrev. month". Django's Kazakh catalogue gives them
capitalised ("Наурыз"), but Kazakh writes month names in lower case inside a date
("15 наурыз 2024 ж."). The project's kk catalogue, which Django consults before its own
(LOCALE_PATHS come first), overrides them; declaring the msgids here keeps those entries from being
dropped as obsolete when the catalogues are regenerated. The stand-alone month names ("F", used as
table headings) keep their capital letter.
"""

from django.utils.translation import pgettext_lazy

IN_DATE = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)

ABBREVIATED = (
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)
