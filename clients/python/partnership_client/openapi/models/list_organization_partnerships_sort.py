from enum import StrEnum


class ListOrganizationPartnershipsSort(StrEnum):
    ID = "id"
    KIND = "kind"
    STATUS = "status"
    TITLE = "title"
    VALUE_1 = "-id"
    VALUE_3 = "-title"
    VALUE_5 = "-status"
    VALUE_7 = "-kind"

    def __str__(self) -> str:
        return str(self.value)
