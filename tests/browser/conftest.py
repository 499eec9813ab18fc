import pytest
from playwright.sync_api import Page

from tests.pages.conftest import dataset  # noqa: F401 (a fixture shared with the page tests)


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Everything the browser complains about: CSP violations, missing files, script errors."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def csp_errors(errors: list[str]) -> list[str]:
    return [error for error in errors if "Content Security Policy" in error or "Refused" in error]
