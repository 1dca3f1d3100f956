from enum import StrEnum


class ListSourcesSort(StrEnum):
    ID = "id"
    PUBLISHED = "published"
    TITLE = "title"
    VALUE_1 = "-id"
    VALUE_3 = "-title"
    VALUE_5 = "-published"

    def __str__(self) -> str:
        return str(self.value)
