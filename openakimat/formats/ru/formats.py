# Russian: Django's formats ("15 марта 2024 г.", dd.mm.yyyy) fit Kazakhstan; settings not listed
# here come from Django's module. Two are changed. The day-and-month form uses the month in the
# genitive ("15 марта"; Django's "j F" prints the ungrammatical "15 Март"), and the time has two
# digits for the hour ("09:05"), as on the Kazakh and English pages and in the short date-time form
# staff read, so a due time looks the same whichever language a page is in.
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y г., H:i"
MONTH_DAY_FORMAT = "j E"
