from tests.pages.conftest import dataset  # noqa: F401 (a fixture shared with the page tests)
