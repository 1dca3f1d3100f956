"""The official Python SDK of the Partnership metadata API.

The generated client (`partnership_client.openapi`: its operations under `.api`, its models
under `.models`) with what official SDKs add: iterating every item of a list in one dataset
version, a conditional-request cache, retries that honour `Retry-After`, and problem+json as
typed errors. Vocabulary values the SDK was not told of arrive as plain strings.
"""

from partnership_client._version import __version__
from partnership_client.cache import FROM_CACHE
from partnership_client.problems import (
    BadRequest,
    Gone,
    NotFound,
    ProblemError,
    RateLimited,
    Unavailable,
    VersionChanged,
)
from partnership_client.session import PartnershipClient
from partnership_client.transport import Retry

__all__ = [
    "FROM_CACHE",
    "BadRequest",
    "Gone",
    "NotFound",
    "PartnershipClient",
    "ProblemError",
    "RateLimited",
    "Retry",
    "Unavailable",
    "VersionChanged",
    "__version__",
]
