from enum import StrEnum


class ListSourcesKind(StrEnum):
    FILING = "filing"
    NEWS_ARTICLE = "news-article"
    PRESS_RELEASE = "press-release"
    SYNTHETIC = "synthetic"

    def __str__(self) -> str:
        return str(self.value)
