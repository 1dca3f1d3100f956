"""Controlled vocabularies shared by the seed and API schemas, so both validate the same values."""

import re
from typing import Any

from marshmallow import ValidationError, validate

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
SLUG_MAX = 80

CERTAINTY = ("stated", "hedged")
DATE_PRECISION = ("day", "week", "month", "quarter", "year")
ORGANIZATION_KINDS = ("automaker", "supplier", "technology-company", "investor", "government")
PARTNERSHIP_KINDS = (
    "joint-development",
    "ev-collaboration",
    "alliance",
    "joint-venture",
    "supply",
    "licensing",
    "investment",
)
PARTNERSHIP_STATUSES = ("proposed", "exploratory", "negotiating", "active", "terminated")
PARTICIPANT_ROLES = ("memorandum-signatory", "partner", "lead", "investor", "supplier")
DRIVER_KINDS = (
    "market-pressure",
    "competitor",
    "strategic-risk",
    "strategic-need",
    "expected-benefit",
    "regulation",
)
AGREEMENT_TYPES = (
    "memorandum-of-understanding",
    "definitive-agreement",
    "letter-of-intent",
    "joint-venture-agreement",
)
AGREEMENT_STATES = ("proposed", "not-reached", "signed", "in-force", "expired", "terminated")
RELATIONS = (
    "participant-former-partnership",
    "participant-existing-partnership",
    "participant-later-partnership",
    "successor",
    "predecessor",
)
EVENT_TYPES = (
    "talks-confirmed",
    "agreement-signed",
    "ties-severed",
    "announced",
    "agreement-reached",
    "terminated",
)
PRODUCT_KINDS = ("suv", "sedan", "truck", "platform", "component", "software")
POWERTRAINS = ("electric", "hybrid", "combustion", "fuel-cell")
PRODUCT_STATUSES = ("upcoming", "on-sale", "discontinued")
SOURCE_KINDS = ("news-article", "press-release", "filing", "synthetic")
# Where the date of a stated state comes from: the source's publication date, or words the
# source gives for it (quoted in its evidence).
DATE_BASES = ("publication", "quote")


# Keys a list can be sorted by besides `id` (always available, and the default).
# Resource types, as they appear in paths and in the change feed and export.
RESOURCE_TYPES = ("organizations", "partnerships", "events", "statements", "products", "sources")
CHANGE_KINDS = ("added", "changed", "removed")

SORT_KEYS: dict[str, tuple[str, ...]] = {
    "organizations": ("name", "country"),
    "partnerships": ("title", "status", "kind"),
    "events": ("type",),
    "statements": ("partnership",),
    "products": ("name", "status"),
    "sources": ("title", "published"),
}


class Pattern(validate.Regexp):
    """A regex that must match the whole value. The OpenAPI document shows the pattern as
    written; Python's `$` would also accept a value ending in a newline, fullmatch does not."""

    def __init__(self, regex: str | re.Pattern[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(regex, *args, **kwargs)
        # Compiled once: request validation and seed loading call this for every slug.
        self._whole = re.compile(str(self.regex.pattern))

    def __call__(self, value: Any) -> Any:
        if not isinstance(value, str) or self._whole.fullmatch(value) is None:
            raise ValidationError(self.error.format(input=value, regex=self.regex.pattern))
        return value
