from tests.pages.conftest import dataset, pinned_today  # noqa: F401 (fixtures shared with the page tests)
