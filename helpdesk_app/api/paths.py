"""Where the REST API lives: every route module's router carries this prefix itself."""

PREFIX = "/api/v1"
