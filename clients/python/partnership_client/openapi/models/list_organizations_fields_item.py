from enum import StrEnum


class ListOrganizationsFieldsItem(StrEnum):
    ALIASES = "aliases"
    COUNTRY = "country"
    EVIDENCE = "evidence"
    ID = "id"
    KIND = "kind"
    NAME = "name"
    PARTNERSHIPS = "partnerships"
    PRODUCTS = "products"
    SHORT_NAME = "short_name"
    SOURCES = "sources"
    UPDATED_IN = "updated_in"

    def __str__(self) -> str:
        return str(self.value)
