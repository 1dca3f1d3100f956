from enum import StrEnum


class ListStatementsFieldsItem(StrEnum):
    ATTRIBUTION = "attribution"
    EVIDENCE = "evidence"
    ID = "id"
    PARTNERSHIP = "partnership"
    QUOTE = "quote"
    SOURCES = "sources"
    SPEAKERS = "speakers"
    UPDATED_IN = "updated_in"

    def __str__(self) -> str:
        return str(self.value)
