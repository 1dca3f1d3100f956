from enum import StrEnum


class ListEventsSort(StrEnum):
    ID = "id"
    TYPE = "type"
    VALUE_1 = "-id"
    VALUE_3 = "-type"

    def __str__(self) -> str:
        return str(self.value)
