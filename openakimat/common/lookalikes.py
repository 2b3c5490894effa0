"""What a resident types, read leniently: Cyrillic (Russian and Kazakh) letters that look like Latin
ones, as a resident's keyboard may type them in a case number or a tracking code — "АКZ" with a
Cyrillic А and К is read as AKZ. Compare after upper-casing: `text.upper().translate(LOOK_ALIKES)`."""

LOOK_ALIKES = str.maketrans(
    {
        "А": "A",
        "В": "B",
        "С": "C",
        "Е": "E",
        "Н": "H",
        "І": "I",
        "К": "K",
        "М": "M",
        "О": "O",
        "Р": "P",
        "Т": "T",
        "Х": "X",
        "У": "Y",
        "Ү": "Y",
        "Ѕ": "S",
        "З": "3",
    }
)
