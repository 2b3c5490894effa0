"""KATO, the classifier of administrative-territorial objects of Kazakhstan.

A code has nine digits, `AB CD EF HIJ`: AB region, CD district or city of regional significance,
EF rural okrug or town, HIJ settlement. The structure gives each code a default level and parent;
the real classifier has exceptions (a city's districts, towns under a region), so imports may
name both explicitly.
"""

import re
from dataclasses import dataclass

KATO_RE = re.compile(r"^\d{9}$")


class KatoError(ValueError):
    pass


@dataclass(frozen=True)
class Kato:
    code: str

    @classmethod
    def parse(cls, raw: object) -> "Kato":
        text = str(raw).strip().replace(" ", "")
        if not KATO_RE.match(text):
            raise KatoError(f"KATO code must be 9 digits, got {raw!r}")
        if text[:2] == "00":
            raise KatoError(f"KATO code {text} has no region (digits 1–2 are 00)")
        return cls(text)

    @property
    def region(self) -> str:
        return self.code[0:2]

    @property
    def district(self) -> str:
        return self.code[2:4]

    @property
    def okrug(self) -> str:
        return self.code[4:6]

    @property
    def settlement(self) -> str:
        return self.code[6:9]

    @property
    def depth(self) -> int:
        """0 region, 1 district, 2 rural okrug / town, 3 settlement."""
        if self.settlement != "000":
            return 3
        if self.okrug != "00":
            return 2
        if self.district != "00":
            return 1
        return 0

    def structural_parent(self) -> "Kato | None":
        depth = self.depth
        if depth == 3:
            return Kato(self.code[:6] + "000")
        if depth == 2:
            return Kato(self.code[:4] + "00000")
        if depth == 1:
            return Kato(self.code[:2] + "0000000")
        return None

    def __str__(self) -> str:
        return self.code
