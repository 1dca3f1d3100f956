"""List queries are parsed once per query string and items skip the parser without one: the
answers stay what the parser gives, whatever came before."""

import orjson
from flask.testing import FlaskClient


def test_a_repeated_list_query_answers_the_same(client: FlaskClient) -> None:
    url = "/v1/partnerships?organization=honda&limit=1"
    first, again = client.get(url), client.get(url)
    assert first.status_code == again.status_code == 200
    assert first.data == again.data
    assert first.headers["ETag"] == again.headers["ETag"]
    assert orjson.loads(first.data)["meta"]["limit"] == 1


def test_queries_seen_before_do_not_answer_for_other_queries(client: FlaskClient) -> None:
    narrow = orjson.loads(client.get("/v1/partnerships?organization=renault").data)
    wide = orjson.loads(client.get("/v1/partnerships").data)
    assert narrow["meta"]["count"] < wide["meta"]["count"]
    assert {p["id"] for p in narrow["data"]} == {"nissan-renault-alliance"}
    assert orjson.loads(client.get("/v1/partnerships?organization=renault").data) == narrow


def test_a_refused_query_stays_refused_after_good_ones(client: FlaskClient) -> None:
    client.get("/v1/partnerships?limit=5")
    for _ in range(2):
        response = client.get("/v1/partnerships?limit=500")
        assert response.status_code == 400
        assert response.content_type == "application/problem+json"


def test_an_item_with_a_query_is_still_refused(client: FlaskClient) -> None:
    assert client.get("/v1/partnerships/nissan-renault-alliance").status_code == 200
    response = client.get("/v1/partnerships/nissan-renault-alliance?bogus=1")
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
