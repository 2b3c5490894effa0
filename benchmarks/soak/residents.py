"""Made-up residents for the load runs: what the locustfile and the runner both send (no Locust
import here: importing Locust patches the sockets of the process that imports it)."""

import random

# A tiny valid PDF: the uploads are checked by content.
PDF = (  # the smallest well-formed PDF (openakimat.common.samples.PDF): uploads are checked whole
    b"%PDF-1.4\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n"
    b"3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>\nendobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000054 00000 n \n0000000105 00000 n \ntrailer\n<</Size 4/Root 1 0 R>>\n"
    b"startxref\n170\n%%EOF\n"
)


def valid_iin(rng: random.Random) -> str:
    """A made-up IIN that passes the check digit (born 1960–2005, century digit 3–6)."""
    while True:
        year = rng.randint(1960, 2005)
        digits = [int(c) for c in f"{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"]
        digits.append((3 if year < 2000 else 5) + rng.randint(0, 1))
        digits += [rng.randint(0, 9) for _ in range(4)]
        check = sum((i + 1) * d for i, d in enumerate(digits)) % 11
        if check == 10:
            check = sum(((i + 2) % 11 + 1) * d for i, d in enumerate(digits)) % 11  # weights 3..11, 1, 2
        if check != 10:
            return "".join(map(str, digits)) + str(check)
