from enum import StrEnum


class ListOrganizationsKind(StrEnum):
    AUTOMAKER = "automaker"
    GOVERNMENT = "government"
    INVESTOR = "investor"
    SUPPLIER = "supplier"
    TECHNOLOGY_COMPANY = "technology-company"

    def __str__(self) -> str:
        return str(self.value)
