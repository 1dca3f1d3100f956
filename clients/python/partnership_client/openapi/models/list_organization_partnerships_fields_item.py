from enum import StrEnum


class ListOrganizationPartnershipsFieldsItem(StrEnum):
    AGREEMENTS = "agreements"
    CERTAINTY = "certainty"
    DRIVERS = "drivers"
    EVENTS = "events"
    EVIDENCE = "evidence"
    ID = "id"
    KIND = "kind"
    OBJECTIVES = "objectives"
    PARTICIPANTS = "participants"
    RELATED = "related"
    SCOPE = "scope"
    SOURCES = "sources"
    STATEMENTS = "statements"
    STATUS = "status"
    STATUS_HISTORY = "status_history"
    TIMELINE = "timeline"
    TITLE = "title"
    UPDATED_IN = "updated_in"

    def __str__(self) -> str:
        return str(self.value)
