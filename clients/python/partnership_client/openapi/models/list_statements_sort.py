from enum import StrEnum


class ListStatementsSort(StrEnum):
    ID = "id"
    PARTNERSHIP = "partnership"
    VALUE_1 = "-id"
    VALUE_3 = "-partnership"

    def __str__(self) -> str:
        return str(self.value)
