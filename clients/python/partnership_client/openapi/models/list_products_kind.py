from enum import StrEnum


class ListProductsKind(StrEnum):
    COMPONENT = "component"
    PLATFORM = "platform"
    SEDAN = "sedan"
    SOFTWARE = "software"
    SUV = "suv"
    TRUCK = "truck"

    def __str__(self) -> str:
        return str(self.value)
