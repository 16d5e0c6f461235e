"""Typed domain errors; the API and the UI turn them into status codes and messages."""


class DomainError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAuthenticated(DomainError):
    def __init__(self, message: str = "Not signed in."):
        super().__init__(message)


class NotFound(DomainError):
    """Also raised for things the actor may not see, so existence never leaks."""


class Forbidden(DomainError):
    pass


class Throttled(DomainError):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class InvalidInput(DomainError):
    """Bad input; `fields` maps a field name to its message, `location` says where they were sent."""

    def __init__(self, fields: dict[str, str], location: str = "body"):
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields
        self.location = location


class Conflict(DomainError):
    def __init__(self, fields: dict[str, str]):
        super().__init__("; ".join(fields.values()))
        self.fields = fields
