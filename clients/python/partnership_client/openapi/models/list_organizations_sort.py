from enum import StrEnum


class ListOrganizationsSort(StrEnum):
    COUNTRY = "country"
    ID = "id"
    NAME = "name"
    VALUE_1 = "-id"
    VALUE_3 = "-name"
    VALUE_5 = "-country"

    def __str__(self) -> str:
        return str(self.value)
