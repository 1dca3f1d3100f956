from enum import StrEnum


class ListProductsStatus(StrEnum):
    DISCONTINUED = "discontinued"
    ON_SALE = "on-sale"
    UPCOMING = "upcoming"

    def __str__(self) -> str:
        return str(self.value)
