from enum import StrEnum


class ListProductsFieldsItem(StrEnum):
    CERTAINTY = "certainty"
    EVIDENCE = "evidence"
    ID = "id"
    KIND = "kind"
    MAKER = "maker"
    MAKERS = "makers"
    NAME = "name"
    POWERTRAIN = "powertrain"
    SOURCES = "sources"
    STATUS = "status"
    STATUS_HISTORY = "status_history"
    UPDATED_IN = "updated_in"

    def __str__(self) -> str:
        return str(self.value)
