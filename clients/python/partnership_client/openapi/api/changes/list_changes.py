from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.change_page import ChangePage
from ...models.list_changes_type import ListChangesType
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    since: str,
    until: str | Unset = UNSET,
    type_: ListChangesType | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params["since"] = since

    params["until"] = until

    json_type_: str | Unset = UNSET
    if not isinstance(type_, Unset):
        json_type_ = type_.value

    params["type"] = json_type_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/changes",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ChangePage | Problem | None:
    if response.status_code == 200:
        response_200 = ChangePage.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

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
) -> Response[Any | ChangePage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    since: str,
    until: str | Unset = UNSET,
    type_: ListChangesType | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | ChangePage | Problem]:
    """List what was added, changed and removed between two retained versions.

     From `since` to `until` (by default the current version): each change names the resource,
    what happened to it between the two, and its ETag and `updated_in` in `until`. Its `href`
    is the item's path, which serves the current version (with `version=` it serves the one
    named). `since` and `until` must both be retained (listed by `/v1/dataset/versions`): any
    other version is a 410, whether it was pruned or never published here, since either way a
    client re-syncs from `/v1/export`, then follows the feed from the export's version.
    `since` published after `until` is a 400; `since` equal to `until` lists nothing. It
    takes no `version`: `since` and `until` name the versions it reads. Pages like every
    list.

    Args:
        limit (int | Unset):  Example: 20.
        cursor (str | Unset):
        since (str):  Example: 0123456789abcdef.
        until (str | Unset):  Example: 0123456789abcdef.
        type_ (ListChangesType | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ChangePage | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        since=since,
        until=until,
        type_=type_,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    since: str,
    until: str | Unset = UNSET,
    type_: ListChangesType | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | ChangePage | Problem | None:
    """List what was added, changed and removed between two retained versions.

     From `since` to `until` (by default the current version): each change names the resource,
    what happened to it between the two, and its ETag and `updated_in` in `until`. Its `href`
    is the item's path, which serves the current version (with `version=` it serves the one
    named). `since` and `until` must both be retained (listed by `/v1/dataset/versions`): any
    other version is a 410, whether it was pruned or never published here, since either way a
    client re-syncs from `/v1/export`, then follows the feed from the export's version.
    `since` published after `until` is a 400; `since` equal to `until` lists nothing. It
    takes no `version`: `since` and `until` name the versions it reads. Pages like every
    list.

    Args:
        limit (int | Unset):  Example: 20.
        cursor (str | Unset):
        since (str):  Example: 0123456789abcdef.
        until (str | Unset):  Example: 0123456789abcdef.
        type_ (ListChangesType | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ChangePage | Problem
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        since=since,
        until=until,
        type_=type_,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    since: str,
    until: str | Unset = UNSET,
    type_: ListChangesType | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | ChangePage | Problem]:
    """List what was added, changed and removed between two retained versions.

     From `since` to `until` (by default the current version): each change names the resource,
    what happened to it between the two, and its ETag and `updated_in` in `until`. Its `href`
    is the item's path, which serves the current version (with `version=` it serves the one
    named). `since` and `until` must both be retained (listed by `/v1/dataset/versions`): any
    other version is a 410, whether it was pruned or never published here, since either way a
    client re-syncs from `/v1/export`, then follows the feed from the export's version.
    `since` published after `until` is a 400; `since` equal to `until` lists nothing. It
    takes no `version`: `since` and `until` name the versions it reads. Pages like every
    list.

    Args:
        limit (int | Unset):  Example: 20.
        cursor (str | Unset):
        since (str):  Example: 0123456789abcdef.
        until (str | Unset):  Example: 0123456789abcdef.
        type_ (ListChangesType | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ChangePage | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        since=since,
        until=until,
        type_=type_,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    since: str,
    until: str | Unset = UNSET,
    type_: ListChangesType | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | ChangePage | Problem | None:
    """List what was added, changed and removed between two retained versions.

     From `since` to `until` (by default the current version): each change names the resource,
    what happened to it between the two, and its ETag and `updated_in` in `until`. Its `href`
    is the item's path, which serves the current version (with `version=` it serves the one
    named). `since` and `until` must both be retained (listed by `/v1/dataset/versions`): any
    other version is a 410, whether it was pruned or never published here, since either way a
    client re-syncs from `/v1/export`, then follows the feed from the export's version.
    `since` published after `until` is a 400; `since` equal to `until` lists nothing. It
    takes no `version`: `since` and `until` name the versions it reads. Pages like every
    list.

    Args:
        limit (int | Unset):  Example: 20.
        cursor (str | Unset):
        since (str):  Example: 0123456789abcdef.
        until (str | Unset):  Example: 0123456789abcdef.
        type_ (ListChangesType | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ChangePage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            since=since,
            until=until,
            type_=type_,
            if_none_match=if_none_match,
        )
    ).parsed
