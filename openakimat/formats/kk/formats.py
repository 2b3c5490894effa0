# Kazakh writes numbers as Russian does: a no-break space between thousands, a decimal comma
# (1 700 000,75). Django ships no Kazakh number formats, so without this module Kazakh pages would
# print 1700000.75. Dates keep Django's defaults.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
