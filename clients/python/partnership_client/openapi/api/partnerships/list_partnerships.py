from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_partnerships_fields_item import ListPartnershipsFieldsItem
from ...models.list_partnerships_kind import ListPartnershipsKind
from ...models.list_partnerships_sort import ListPartnershipsSort
from ...models.list_partnerships_status import ListPartnershipsStatus
from ...models.partnership_page import PartnershipPage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    version: str | Unset = UNSET,
    q: str | Unset = UNSET,
    sort: ListPartnershipsSort | Unset = UNSET,
    fields: list[ListPartnershipsFieldsItem] | Unset = UNSET,
    organization: list[str] | Unset = UNSET,
    status: ListPartnershipsStatus | Unset = UNSET,
    kind: ListPartnershipsKind | Unset = UNSET,
    scope: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params["version"] = version

    params["q"] = q

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    json_fields: list[str] | Unset = UNSET
    if not isinstance(fields, Unset):
        json_fields = []
        for fields_item_data in fields:
            fields_item = fields_item_data.value
            json_fields.append(fields_item)

    params["fields"] = json_fields

    json_organization: list[str] | Unset = UNSET
    if not isinstance(organization, Unset):
        json_organization = organization

    params["organization"] = json_organization

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind

    params["scope"] = scope

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/partnerships",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | PartnershipPage | Problem | None:
    if response.status_code == 200:
        response_200 = PartnershipPage.from_dict(response.json())

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
) -> Response[Any | PartnershipPage | Problem]:
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
    version: str | Unset = UNSET,
    q: str | Unset = UNSET,
    sort: ListPartnershipsSort | Unset = UNSET,
    fields: list[ListPartnershipsFieldsItem] | Unset = UNSET,
    organization: list[str] | Unset = UNSET,
    status: ListPartnershipsStatus | Unset = UNSET,
    kind: ListPartnershipsKind | Unset = UNSET,
    scope: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | PartnershipPage | Problem]:
    """List partnerships, filtered by organization, status, scope or kind.

     A page of the list: `data`, then `links` to the first, previous and next pages (also in the `Link`
    header) and `meta` with the count over all pages, the page size and the dataset version read.
    `limit` sets the page size; `cursor`, from `links.next`, belongs to the list and query it was issued
    for (every parameter but `fields` and `version`: elsewhere a 400 naming what differs) and to its
    version, which it reads for as long as that version is retained (then 410). Unknown or repeated
    parameters are 400.

    Args:
        limit (int | Unset):  Example: 20.
        cursor (str | Unset):
        version (str | Unset):
        q (str | Unset):  Example: honda.
        sort (ListPartnershipsSort | Unset):  Example: -title.
        fields (list[ListPartnershipsFieldsItem] | Unset):  Example: ['id', 'title'].
        organization (list[str] | Unset):  Example: ['honda', 'nissan'].
        status (ListPartnershipsStatus | Unset):
        kind (ListPartnershipsKind | Unset):
        scope (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | PartnershipPage | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        version=version,
        q=q,
        sort=sort,
        fields=fields,
        organization=organization,
        status=status,
        kind=kind,
        scope=scope,
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
    version: str | Unset = UNSET,
    q: str | Unset = UNSET,
    sort: ListPartnershipsSort | Unset = UNSET,
    fields: list[ListPartnershipsFieldsItem] | Unset = UNSET,
    organization: list[str] | Unset = UNSET,
    status: ListPartnershipsStatus | Unset = UNSET,
    kind: ListPartnershipsKind | Unset = UNSET,
    scope: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | PartnershipPage | Problem | None:
    """List partnerships, filtered by organization, status, scope or kind.

     A page of the list: `data`, then `links` to the first, previous and next pages (also in the `Link`
    header) and `meta` with the count over all pages, the page size and the dataset version read.
    `limit` sets the page size; `cursor`, from `links.next`, belongs to the list and query it was issued
    for (every parameter but `fields` and `version`: elsewhere a 400 naming what differs) and to its
    version, which it reads for as long as that version is retained (then 410). Unknown or repeated
    parameters are 400.

    Args:
        limit (int | Unset):  Example: 20.
        cursor (str | Unset):
        version (str | Unset):
        q (str | Unset):  Example: honda.
        sort (ListPartnershipsSort | Unset):  Example: -title.
        fields (list[ListPartnershipsFieldsItem] | Unset):  Example: ['id', 'title'].
        organization (list[str] | Unset):  Example: ['honda', 'nissan'].
        status (ListPartnershipsStatus | Unset):
        kind (ListPartnershipsKind | Unset):
        scope (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | PartnershipPage | Problem
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        version=version,
        q=q,
        sort=sort,
        fields=fields,
        organization=organization,
        status=status,
        kind=kind,
        scope=scope,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    version: str | Unset = UNSET,
    q: str | Unset = UNSET,
    sort: ListPartnershipsSort | Unset = UNSET,
    fields: list[ListPartnershipsFieldsItem] | Unset = UNSET,
    organization: list[str] | Unset = UNSET,
    status: ListPartnershipsStatus | Unset = UNSET,
    kind: ListPartnershipsKind | Unset = UNSET,
    scope: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | PartnershipPage | Problem]:
    """List partnerships, filtered by organization, status, scope or kind.

     A page of the list: `data`, then `links` to the first, previous and next pages (also in the `Link`
    header) and `meta` with the count over all pages, the page size and the dataset version read.
    `limit` sets the page size; `cursor`, from `links.next`, belongs to the list and query it was issued
    for (every parameter but `fields` and `version`: elsewhere a 400 naming what differs) and to its
    version, which it reads for as long as that version is retained (then 410). Unknown or repeated
    parameters are 400.

    Args:
        limit (int | Unset):  Example: 20.
        cursor (str | Unset):
        version (str | Unset):
        q (str | Unset):  Example: honda.
        sort (ListPartnershipsSort | Unset):  Example: -title.
        fields (list[ListPartnershipsFieldsItem] | Unset):  Example: ['id', 'title'].
        organization (list[str] | Unset):  Example: ['honda', 'nissan'].
        status (ListPartnershipsStatus | Unset):
        kind (ListPartnershipsKind | Unset):
        scope (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | PartnershipPage | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        version=version,
        q=q,
        sort=sort,
        fields=fields,
        organization=organization,
        status=status,
        kind=kind,
        scope=scope,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    version: str | Unset = UNSET,
    q: str | Unset = UNSET,
    sort: ListPartnershipsSort | Unset = UNSET,
    fields: list[ListPartnershipsFieldsItem] | Unset = UNSET,
    organization: list[str] | Unset = UNSET,
    status: ListPartnershipsStatus | Unset = UNSET,
    kind: ListPartnershipsKind | Unset = UNSET,
    scope: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | PartnershipPage | Problem | None:
    """List partnerships, filtered by organization, status, scope or kind.

     A page of the list: `data`, then `links` to the first, previous and next pages (also in the `Link`
    header) and `meta` with the count over all pages, the page size and the dataset version read.
    `limit` sets the page size; `cursor`, from `links.next`, belongs to the list and query it was issued
    for (every parameter but `fields` and `version`: elsewhere a 400 naming what differs) and to its
    version, which it reads for as long as that version is retained (then 410). Unknown or repeated
    parameters are 400.

    Args:
        limit (int | Unset):  Example: 20.
        cursor (str | Unset):
        version (str | Unset):
        q (str | Unset):  Example: honda.
        sort (ListPartnershipsSort | Unset):  Example: -title.
        fields (list[ListPartnershipsFieldsItem] | Unset):  Example: ['id', 'title'].
        organization (list[str] | Unset):  Example: ['honda', 'nissan'].
        status (ListPartnershipsStatus | Unset):
        kind (ListPartnershipsKind | Unset):
        scope (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | PartnershipPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            version=version,
            q=q,
            sort=sort,
            fields=fields,
            organization=organization,
            status=status,
            kind=kind,
            scope=scope,
            if_none_match=if_none_match,
        )
    ).parsed
