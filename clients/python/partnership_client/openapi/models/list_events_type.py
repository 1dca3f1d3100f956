from enum import StrEnum


class ListEventsType(StrEnum):
    AGREEMENT_REACHED = "agreement-reached"
    AGREEMENT_SIGNED = "agreement-signed"
    ANNOUNCED = "announced"
    TALKS_CONFIRMED = "talks-confirmed"
    TERMINATED = "terminated"
    TIES_SEVERED = "ties-severed"

    def __str__(self) -> str:
        return str(self.value)
