"""How much data the benchmark generates: the default data set times `--scale`."""

from dataclasses import asdict, dataclass

DEFAULTS = {
    "agreements": 10_000,
    "parties": 200,
    "minerals": 60,
    "instruments": 50_000,
    "milestones": 200_000,
    "projects": 20_000,
    # The separate overdue-job run, and the smaller run that shows memory stays flat.
    "overdue_rows": 1_000_000,
    "overdue_rows_small": 250_000,
}
# Floors keep a tiny scale meaningful (enough parties for 2-6 per agreement, a few mineral groups).
MINIMUMS = {
    "agreements": 20,
    "parties": 20,
    "minerals": 12,
    "instruments": 20,
    "milestones": 100,
    "projects": 10,
    "overdue_rows": 2_000,
    "overdue_rows_small": 500,
}
QUICK_FACTOR = 0.02


@dataclass(frozen=True)
class Scale:
    factor: float
    agreements: int
    parties: int
    minerals: int
    instruments: int
    milestones: int
    projects: int
    overdue_rows: int
    overdue_rows_small: int

    @classmethod
    def of(cls, factor: float) -> "Scale":
        if factor <= 0:
            raise ValueError("The scale factor must be positive.")
        counts = {name: max(MINIMUMS[name], round(value * factor)) for name, value in DEFAULTS.items()}
        return cls(factor=factor, **counts)

    @property
    def countries(self) -> int:
        """Parties that are countries: 60 %, at most the 676 two-letter codes."""
        return min(676, max(6, round(self.parties * 0.6)))

    def as_dict(self) -> dict:
        return asdict(self)
