"""The test suite. Imported before any of its helpers, so pytest rewrites the asserts of
tests.support (they explain themselves when they fail, as a test's own do)."""

import pytest

pytest.register_assert_rewrite("tests.support")
