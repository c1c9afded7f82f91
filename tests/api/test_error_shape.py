def test_unrouted_api_url_answers_json_404(client, db):
    response = client.get("/api/v1/events/not a slug/whatever/")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "No API endpoint at this address."}
