from enum import StrEnum


class ListProductsSort(StrEnum):
    ID = "id"
    NAME = "name"
    STATUS = "status"
    VALUE_1 = "-id"
    VALUE_3 = "-name"
    VALUE_5 = "-status"

    def __str__(self) -> str:
        return str(self.value)
