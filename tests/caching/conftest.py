import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test starts with no stored bodies (and no throttle counters).
    cache.clear()
    yield
    cache.clear()
