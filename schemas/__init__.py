"""marshmallow schemas: seed files in, API representations out; OpenAPI is generated from them."""
