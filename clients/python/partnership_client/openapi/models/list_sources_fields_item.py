from enum import StrEnum


class ListSourcesFieldsItem(StrEnum):
    ID = "id"
    KIND = "kind"
    LENGTH = "length"
    PUBLISHED = "published"
    PUBLISHER = "publisher"
    SHA256 = "sha256"
    TITLE = "title"
    UPDATED_IN = "updated_in"
    URL = "url"

    def __str__(self) -> str:
        return str(self.value)
