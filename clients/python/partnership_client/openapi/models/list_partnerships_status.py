from enum import StrEnum


class ListPartnershipsStatus(StrEnum):
    ACTIVE = "active"
    EXPLORATORY = "exploratory"
    NEGOTIATING = "negotiating"
    PROPOSED = "proposed"
    TERMINATED = "terminated"

    def __str__(self) -> str:
        return str(self.value)
