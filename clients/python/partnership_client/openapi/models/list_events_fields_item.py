from enum import StrEnum


class ListEventsFieldsItem(StrEnum):
    AGREEMENT = "agreement"
    CERTAINTY = "certainty"
    DATE = "date"
    EVIDENCE = "evidence"
    ID = "id"
    ORGANIZATIONS = "organizations"
    PARTNERSHIP = "partnership"
    SOURCES = "sources"
    SUMMARY = "summary"
    TYPE = "type"
    UPDATED_IN = "updated_in"

    def __str__(self) -> str:
        return str(self.value)
