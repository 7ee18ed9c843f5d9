"""The API's routers: `read` (GET, open to all) and `write` (POST, behind the token)."""
