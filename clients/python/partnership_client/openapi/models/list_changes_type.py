from enum import StrEnum


class ListChangesType(StrEnum):
    EVENTS = "events"
    ORGANIZATIONS = "organizations"
    PARTNERSHIPS = "partnerships"
    PRODUCTS = "products"
    SOURCES = "sources"
    STATEMENTS = "statements"

    def __str__(self) -> str:
        return str(self.value)
