from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.source import Source
from ...types import UNSET, Response, Unset


def _get_kwargs(
    source_id: str,
    *,
    version: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    params["version"] = version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/sources/{source_id}".format(
            source_id=quote(str(source_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | Source | None:
    if response.status_code == 200:
        response_200 = Source.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 406:
        response_406 = Problem.from_dict(response.json())

        return response_406

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())

        return response_410

    if response.status_code == 414:
        response_414 = Problem.from_dict(response.json())

        return response_414

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | Problem | Source]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    source_id: str,
    *,
    client: AuthenticatedClient | Client,
    version: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Problem | Source]:
    """Get one source document with its full text, against which evidence offsets are checked.

     The resource as rendered when its dataset version was published, with its strong `ETag` (a 304 for
    `If-None-Match`), its `evidence` quoting the sources and `updated_in`, the version in which it last
    changed. 404 when there is no such id.

    Args:
        source_id (str):
        version (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | Source]
    """

    kwargs = _get_kwargs(
        source_id=source_id,
        version=version,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    source_id: str,
    *,
    client: AuthenticatedClient | Client,
    version: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | Problem | Source | None:
    """Get one source document with its full text, against which evidence offsets are checked.

     The resource as rendered when its dataset version was published, with its strong `ETag` (a 304 for
    `If-None-Match`), its `evidence` quoting the sources and `updated_in`, the version in which it last
    changed. 404 when there is no such id.

    Args:
        source_id (str):
        version (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | Source
    """

    return sync_detailed(
        source_id=source_id,
        client=client,
        version=version,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    source_id: str,
    *,
    client: AuthenticatedClient | Client,
    version: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Problem | Source]:
    """Get one source document with its full text, against which evidence offsets are checked.

     The resource as rendered when its dataset version was published, with its strong `ETag` (a 304 for
    `If-None-Match`), its `evidence` quoting the sources and `updated_in`, the version in which it last
    changed. 404 when there is no such id.

    Args:
        source_id (str):
        version (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | Source]
    """

    kwargs = _get_kwargs(
        source_id=source_id,
        version=version,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    source_id: str,
    *,
    client: AuthenticatedClient | Client,
    version: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | Problem | Source | None:
    """Get one source document with its full text, against which evidence offsets are checked.

     The resource as rendered when its dataset version was published, with its strong `ETag` (a 304 for
    `If-None-Match`), its `evidence` quoting the sources and `updated_in`, the version in which it last
    changed. 404 when there is no such id.

    Args:
        source_id (str):
        version (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | Source
    """

    return (
        await asyncio_detailed(
            source_id=source_id,
            client=client,
            version=version,
            if_none_match=if_none_match,
        )
    ).parsed
