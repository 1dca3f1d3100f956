"""The base of the API's schemas: what the OpenAPI document and the query parsers are made of."""

from typing import Any, Self

import marshmallow


class Schema(marshmallow.Schema):
    """A schema whose instances nothing changes once made, so a deep copy may be the instance.

    flask-smorest deep-copies a view's documentation at every decorator it stacks on the view,
    and again when the view is registered; each schema instance in it (a body, a query, the
    Problem of every error response) was copied field by field, the largest part of importing
    the views. The instances only document, dump and parse: sharing them changes no output.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self
