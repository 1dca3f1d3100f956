from enum import StrEnum


class ListPartnershipsKind(StrEnum):
    ALLIANCE = "alliance"
    EV_COLLABORATION = "ev-collaboration"
    INVESTMENT = "investment"
    JOINT_DEVELOPMENT = "joint-development"
    JOINT_VENTURE = "joint-venture"
    LICENSING = "licensing"
    SUPPLY = "supply"

    def __str__(self) -> str:
        return str(self.value)
